//! The TCP transport under ureq (issue 17; bench/README.md, "Findings").
//!
//! ureq's own TCP transport spends 12 system calls on a message over a kept-alive connection:
//! a socket timeout set before each write and read (the deadline is fresh each time, so the
//! value always changes), the request's head and body in two writes (two segments, and on
//! loopback the receiver's work twice), and a liveness probe of the pooled connection that
//! switches the socket to non-blocking and back around a read, done twice.
//!
//! This one keeps the socket non-blocking for its whole life and waits in poll(2), with the
//! time left, only when the kernel says a call would block — the deadline is kept exactly, with
//! no socket option set. It holds what ureq writes until ureq waits for input (or until
//! [`HOLD_MAX`] bytes wait), so that a request's head and small body leave in one write; and
//! its probe is one non-blocking peek. On a kept-alive connection a message costs a write, a
//! poll, a read and the probes' peeks.
//!
//! It takes the place of ureq's `TcpConnector` in the same chain (SOCKS and CONNECT proxies
//! before it, rustls after it, which wraps it like any transport).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle, Transport,
};
use ureq::{Error, Timeout};

/// Output held back waiting for more (a request's head for its body): past this, it is written.
const HOLD_MAX: usize = 64 * 1024;

/// Opens plain TCP connections for ureq (see the module's comment).
#[derive(Debug, Default)]
pub(super) struct PollingTcpConnector;

impl<In: Transport> Connector<In> for PollingTcpConnector {
    type Out = Either<In, PollingTcp>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, Error> {
        if chained.is_some() {
            // A SOCKS proxy's connection, opened before this connector in the chain.
            return Ok(chained.map(Either::A));
        }
        let stream = connect(details)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        stream.set_nonblocking(true)?;
        let buffers = LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size());
        let transport = PollingTcp::new(stream, buffers);
        let handle: Weak<dyn ShutdownHandle> = Arc::downgrade(&transport.stream) as Weak<dyn ShutdownHandle>;
        (details.register_shutdown)(handle)?;
        Ok(Some(Either::B(transport)))
    }
}

/// Connects to the first address that answers, each address but the last given half of the
/// time left (the last, all of it); the same errors as ureq's own connector.
fn connect(details: &ConnectionDetails) -> Result<TcpStream, Error> {
    let started = Instant::now();
    let budget = details.timeout;
    let total = budget.not_zero().map(|d| *d);
    let addrs: Vec<SocketAddr> = details.addrs.iter().copied().collect();
    let mut last = None;
    for (i, addr) in addrs.iter().enumerate() {
        let attempt = match total {
            None => TcpStream::connect(addr),
            Some(total) => {
                let left = total.saturating_sub(started.elapsed());
                if left.is_zero() {
                    return Err(Error::Timeout(budget.reason));
                }
                let share = if i + 1 < addrs.len() { (left / 2).max(Duration::from_millis(10)) } else { left };
                TcpStream::connect_timeout(addr, share)
            }
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                if total.is_some_and(|t| started.elapsed() >= t) {
                    return Err(Error::Timeout(budget.reason));
                }
                last = Some(Error::Timeout(Timeout::Connect));
            }
            // This address refused or cannot be reached: the next may do.
            Err(e) if is_address_specific(&e) => last = Some(Error::Io(e)),
            Err(e) => return Err(Error::Io(e)),
        }
    }
    Err(last.unwrap_or_else(|| Error::Io(io::ErrorKind::ConnectionRefused.into())))
}

fn is_address_specific(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionRefused | K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown | K::AddrNotAvailable
    )
}

/// A non-blocking TCP connection (see the module's comment).
pub(super) struct PollingTcp {
    /// Shared (weakly) with the agent's shutdown handle, which shuts the socket down.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// Written by ureq, not yet sent.
    held: Vec<u8>,
    /// When the held output must be sent by, and the reason a timeout then gives.
    held_deadline: Option<Deadline>,
    /// Output went out since the last read: the answer is not there yet, so wait before reading.
    awaiting_answer: bool,
}

#[derive(Clone, Copy)]
struct Deadline {
    at: Option<Instant>,
    reason: Timeout,
}

impl Deadline {
    /// `timeout` from now; a timeout already run out is an error (as ureq's transports do).
    fn after(timeout: NextTimeout) -> Result<Deadline, Error> {
        if timeout.after.is_zero() {
            return Err(Error::Timeout(timeout.reason));
        }
        let at = (!timeout.after.is_not_happening()).then(|| Instant::now() + *timeout.after);
        Ok(Deadline { at, reason: timeout.reason })
    }

    fn earlier(self, other: Deadline) -> Deadline {
        match (self.at, other.at) {
            (Some(a), Some(b)) if b < a => other,
            (None, Some(_)) => other,
            _ => self,
        }
    }
}

impl PollingTcp {
    /// Over `stream`, which must be non-blocking.
    fn new(stream: TcpStream, buffers: LazyBuffers) -> PollingTcp {
        PollingTcp { stream: Arc::new(stream), buffers, held: Vec::new(), held_deadline: None, awaiting_answer: false }
    }

    /// Writes `data` whole, waiting in poll(2) while the socket's buffer is full.
    fn write_all(stream: &TcpStream, mut data: &[u8], deadline: Deadline) -> Result<(), Error> {
        let mut stream = stream;
        while !data.is_empty() {
            match stream.write(data) {
                Ok(0) => return Err(Error::Io(io::ErrorKind::WriteZero.into())),
                Ok(n) => data = &data[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait(stream, PollFlags::OUT, deadline)?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Io(e)),
            }
        }
        Ok(())
    }

    /// Sends what is held.
    fn flush(&mut self) -> Result<(), Error> {
        if let Some(deadline) = self.held_deadline.take() {
            let result = PollingTcp::write_all(&self.stream, &self.held, deadline);
            self.held.clear();
            self.awaiting_answer = true;
            result?;
        }
        Ok(())
    }
}

/// Waits until `stream` is ready for `events` (or has an error or hang-up, which the next call
/// reports), or the deadline passes.
fn wait(stream: &TcpStream, events: PollFlags, deadline: Deadline) -> Result<(), Error> {
    loop {
        let left = match deadline.at {
            None => None,
            Some(at) => {
                let left = at.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(Error::Timeout(deadline.reason));
                }
                Some(Timespec::try_from(left).unwrap_or(Timespec { tv_sec: i64::MAX, tv_nsec: 0 }))
            }
        };
        let mut fds = [PollFd::new(stream, events)];
        match poll(&mut fds, left.as_ref()) {
            Ok(0) => {} // the time ran out: the loop's check says so
            Ok(_) => return Ok(()),
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(Error::Io(e.into())),
        }
    }
}

impl Transport for PollingTcp {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let deadline = Deadline::after(timeout.for_write())?;
        if amount >= HOLD_MAX {
            // A large piece (an upload's body) goes from ureq's buffer without a copy.
            self.flush()?;
            self.awaiting_answer = true;
            return PollingTcp::write_all(&self.stream, &self.buffers.output()[..amount], deadline);
        }
        self.held.extend_from_slice(&self.buffers.output()[..amount]);
        self.held_deadline = Some(self.held_deadline.map_or(deadline, |d| d.earlier(deadline)));
        if self.held.len() >= HOLD_MAX {
            self.flush()?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        // Whatever is held goes before any wait for an answer.
        self.flush()?;
        let deadline = Deadline::after(timeout.for_read())?;
        if std::mem::take(&mut self.awaiting_answer) {
            wait(&self.stream, PollFlags::IN, deadline)?;
        }
        loop {
            let mut stream = &*self.stream;
            match stream.read(self.buffers.input_append_buf()) {
                Ok(n) => {
                    self.buffers.input_appended(n);
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait(&self.stream, PollFlags::IN, deadline)?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Io(e)),
            }
        }
    }

    /// Open when nothing waits to be read and the peer has not closed: a peek that would block.
    fn is_open(&mut self) -> bool {
        let mut byte = [0u8];
        match self.stream.peek(&mut byte) {
            Err(e) => e.kind() == io::ErrorKind::WouldBlock,
            // Closed (0), or bytes nobody asked for: either way not reusable.
            Ok(_) => false,
        }
    }
}

impl std::fmt::Debug for PollingTcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollingTcp").field("peer", &self.stream.peer_addr().ok()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A `PollingTcp` connected to a plain socket of the test's.
    fn pair() -> (PollingTcp, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        client.set_nonblocking(true).unwrap();
        (PollingTcp::new(client, LazyBuffers::new(16 * 1024, 16 * 1024)), server)
    }

    fn within(d: Duration) -> NextTimeout {
        NextTimeout { after: d.into(), reason: Timeout::Global, per_read: None, per_write: None }
    }

    fn transmit(t: &mut PollingTcp, data: &[u8]) {
        t.buffers().output()[..data.len()].copy_from_slice(data);
        t.transmit_output(data.len(), within(Duration::from_secs(5))).unwrap();
    }

    /// Bytes readable on `s` now, without waiting.
    fn readable_now(s: &mut TcpStream) -> Vec<u8> {
        s.set_nonblocking(true).unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let n = match s.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
            Err(e) => panic!("{e}"),
        };
        s.set_nonblocking(false).unwrap();
        buf.truncate(n);
        buf
    }

    #[test]
    fn a_head_and_its_body_leave_together_when_the_answer_is_awaited() {
        let (mut t, mut server) = pair();
        transmit(&mut t, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\n");
        transmit(&mut t, b"{}");
        std::thread::sleep(Duration::from_millis(50));
        assert!(readable_now(&mut server).is_empty(), "nothing is sent before the answer is awaited");
        let answer = std::thread::spawn(move || {
            let mut got = vec![0u8; 1024];
            let n = server.read(&mut got).unwrap();
            got.truncate(n);
            server.write_all(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
            (got, server)
        });
        assert!(t.await_input(within(Duration::from_secs(5))).unwrap());
        let (got, _server) = answer.join().unwrap();
        assert_eq!(got, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}", "one read holds the whole request");
        assert_eq!(t.buffers().input(), b"HTTP/1.1 200 OK\r\n\r\n");
    }

    #[test]
    fn output_past_the_hold_limit_is_written_at_once() {
        let (mut t, mut server) = pair();
        let reader = std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = vec![0u8; 64 * 1024];
            while all.len() < 3 * HOLD_MAX {
                let n = server.read(&mut buf).unwrap();
                assert!(n > 0);
                all.extend_from_slice(&buf[..n]);
            }
            all
        });
        // Pieces of ureq's buffer size (16 KiB here) add up past the limit; a large piece
        // goes without being held.
        let piece = vec![b'a'; 16 * 1024];
        for _ in 0..4 {
            transmit(&mut t, &piece);
        }
        assert!(t.held.is_empty(), "held output is written once it reaches the limit");
        let mut big = LazyBuffers::new(16 * 1024, 2 * HOLD_MAX);
        std::mem::swap(&mut t.buffers, &mut big);
        t.buffers().output()[..2 * HOLD_MAX].fill(b'b');
        t.transmit_output(2 * HOLD_MAX, within(Duration::from_secs(5))).unwrap();
        let all = reader.join().unwrap();
        assert_eq!(all.len(), 3 * HOLD_MAX);
        assert!(all[..HOLD_MAX].iter().all(|&b| b == b'a') && all[HOLD_MAX..].iter().all(|&b| b == b'b'));
    }

    #[test]
    fn a_wait_for_an_answer_that_does_not_come_ends_at_the_deadline() {
        let (mut t, _server) = pair();
        transmit(&mut t, b"GET / HTTP/1.1\r\n\r\n");
        let timeout = NextTimeout { reason: Timeout::RecvResponse, ..within(Duration::from_millis(200)) };
        match t.await_input(timeout) {
            Err(Error::Timeout(Timeout::RecvResponse)) => {}
            other => panic!("{other:?}"),
        }
        let spent = NextTimeout { reason: Timeout::SendBody, ..within(Duration::ZERO) };
        assert!(matches!(t.transmit_output(1, spent), Err(Error::Timeout(Timeout::SendBody))));
    }

    #[test]
    fn a_connection_is_reusable_only_while_quiet_and_open() {
        let (mut t, mut server) = pair();
        assert!(t.is_open());
        server.write_all(b"unasked").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(!t.is_open(), "bytes nobody asked for");
        let (mut t, server) = pair();
        drop(server);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!t.is_open(), "closed by the peer");
    }

    #[test]
    fn a_write_to_a_full_socket_waits_and_ends_at_the_deadline() {
        let (mut t, _server) = pair(); // the server never reads: its buffers fill up
        let mut big = LazyBuffers::new(1024, 8 * 1024 * 1024);
        std::mem::swap(&mut t.buffers, &mut big);
        let timeout = NextTimeout { reason: Timeout::SendBody, ..within(Duration::from_millis(300)) };
        match t.transmit_output(8 * 1024 * 1024, timeout) {
            Err(Error::Timeout(Timeout::SendBody)) => {}
            other => panic!("{other:?}"),
        }
    }
}
