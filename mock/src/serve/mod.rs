//! A bounded HTTP/1.1 server on hyper, behind a plain sync API: the plumbing under the mock
//! (and meant for the relay, or any other small loopback service of this project).
//!
//! What it owns, so that a service only decides answers:
//! - its own tokio runtime on a thread of its own, so [`Server::start`] and [`Server::stop`]
//!   are plain blocking calls that work from any thread, async or not;
//! - a cap on concurrent connections: one more is answered `503` and closed;
//! - a read timeout: a request's head and, separately, its body must each arrive within it,
//!   and an idle keep-alive connection is closed after it;
//! - a body cap: a longer body is answered `413` and the connection closed;
//! - a handler that panics answers `500`; the server goes on;
//! - [`Answer::Close`]: the connection is dropped without an answer;
//! - stopping: listening ends (the port is free when `stop` returns) and every open
//!   connection is closed, at once or after a grace period for requests in flight.

mod conn;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

/// The longest read timeout used; a longer [`Limits::read_timeout`] is taken as this.
pub const MAX_READ_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// The bounds a [`Server`] enforces.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections served at once; one more is answered `503` and closed.
    pub max_connections: usize,
    /// Time allowed for a request's head (or, on a keep-alive connection, for the next
    /// request to start) and, separately, for its body; at most [`MAX_READ_TIMEOUT`].
    pub read_timeout: Duration,
    /// Largest request body in bytes; a longer one is answered `413`.
    pub max_body: usize,
    /// Largest request head (request line and headers) in bytes; more is answered `431`.
    pub max_head: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 128,
            read_timeout: Duration::from_secs(30),
            max_body: 32 * 1024 * 1024,
            max_head: 64 * 1024,
        }
    }
}

/// A request, its body read in full (within [`Limits::max_body`]).
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, … as sent.
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// Headers in the order sent (values not UTF-8 are decoded lossily).
    pub headers: Vec<(String, String)>,
    /// The body, decoded when it was chunked.
    pub body: Bytes,
    /// The peer's address.
    pub peer: SocketAddr,
}

impl Request {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Answer with this status (200..=599; anything else is sent as 500), `Content-Type` and
    /// body.
    Respond {
        /// The status code.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        body: Bytes,
    },
    /// Like `Respond`, with more headers (a page's Content-Security-Policy, …); a header
    /// whose name or value is not valid is left out.
    RespondWith {
        /// The status code.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// More headers, names in lowercase.
        headers: Vec<(&'static str, String)>,
        /// The body.
        body: Bytes,
    },
    /// Drop the connection without any answer.
    Close,
}

impl Answer {
    /// A `text/plain; charset=UTF-8` answer.
    pub fn text(status: u16, body: impl Into<Bytes>) -> Answer {
        Answer::Respond { status, content_type: "text/plain; charset=UTF-8".into(), body: body.into() }
    }
}

/// Decides the answers. Requests of one connection reach it one at a time, in order; requests
/// of different connections concurrently. The future runs as a task of its own: a panic in
/// it answers `500`, and it runs to its end even when the client goes away.
pub trait Handler: Send + Sync + 'static {
    /// The answer to `req`.
    fn handle(&self, req: Request) -> impl Future<Output = Answer> + Send + 'static;

    /// The answer to a request the server answers without `handle`: `413` (its body is over
    /// [`Limits::max_body`]), `408` (the body did not arrive within the read timeout) or `500`
    /// (`handle` panicked). `method` and `target` are the request's; `why` says what went
    /// wrong. The connection closes after it. By default a `text/plain` answer of `why`; a
    /// handler overrides it to answer in its own format or to count these requests.
    fn refusal(&self, status: u16, method: &str, target: &str, why: &str) -> Answer {
        let _ = (method, target);
        Answer::text(status, why.to_owned())
    }
}

/// A running server. [`Server::stop`] (or dropping it) stops it.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<Duration>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// What every connection task shares.
struct Shared<H> {
    handler: Arc<H>,
    limits: Limits,
    /// The `Server` header of every answer.
    name: &'static str,
}

impl Server {
    /// Serves `listener` with `handler` until stopped. `name` is sent as the `Server` header
    /// and names the threads.
    pub fn start<H: Handler>(
        listener: std::net::TcpListener,
        limits: Limits,
        name: &'static str,
        handler: Arc<H>,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let (stop_tx, stop_rx) = oneshot::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let shared = Arc::new(Shared { handler, limits, name });
        let thread = thread::Builder::new().name(format!("{name}-runtime")).spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .max_blocking_threads(16)
                .thread_name(name)
                .enable_all()
                .build();
            let runtime = match runtime {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            runtime.block_on(async move {
                match TcpListener::from_std(listener) {
                    Ok(listener) => {
                        let _ = ready_tx.send(Ok(()));
                        accept_loop(listener, shared, stop_rx).await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
            // Handler tasks still waiting (a long delay) hold no socket: let them go.
            runtime.shutdown_background();
        })?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Server { addr, stop: Some(stop_tx), thread: Some(thread) }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(io::Error::other("the server thread ended before it was ready")),
        }
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops at once: listening ends and every open connection is closed, answered or not.
    /// The port is free when this returns.
    pub fn stop(&mut self) {
        self.shutdown(Duration::ZERO);
    }

    /// Stops listening at once, lets requests in flight finish for up to `grace` (idle
    /// connections are closed right away, busy ones after their answer), then closes what is
    /// left. Returns when everything is closed and the port is free.
    pub fn shutdown(&mut self, grace: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(grace);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept_loop<H: Handler>(listener: TcpListener, shared: Arc<Shared<H>>, mut stop: oneshot::Receiver<Duration>) {
    let mut conns = JoinSet::new();
    // Connections over the cap, being told 503; capped too, beyond that they are dropped.
    let mut refused = JoinSet::new();
    let (draining_tx, draining) = watch::channel(false);
    let max = shared.limits.max_connections;
    let grace = loop {
        tokio::select! {
            grace = &mut stop => break grace.unwrap_or(Duration::ZERO),
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            Some(_) = refused.join_next(), if !refused.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(_) => {
                        // Out of descriptors or an aborted handshake: try again shortly.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                if conns.len() < max {
                    conns.spawn(conn::serve(stream, peer, Arc::clone(&shared), draining.clone()));
                } else if refused.len() < max {
                    refused.spawn(conn::refuse(stream, shared.name));
                }
                // else: dropped unanswered; the cap stays a cap.
            }
        }
    };
    drop(listener);
    if !grace.is_zero() {
        let _ = draining_tx.send(true);
        let _ = tokio::time::timeout(grace, async { while conns.join_next().await.is_some() {} }).await;
    }
    conns.shutdown().await;
    refused.shutdown().await;
}

#[cfg(test)]
mod tests;
