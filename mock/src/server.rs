//! [`MockServer`]: the mock's public handle, and the routing of requests to the webhook and
//! control endpoints.

use std::future::Future;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use wecom_bot::media::MediaKind;

use crate::config::MockConfig;
use crate::control;
use crate::fault::{Fault, Script};
use crate::preview;
use crate::query::split_target;
use crate::record::{Record, RecordKind};
use crate::serve::{self, Answer, Request};
use crate::state::{Media, Shared};
use crate::webhook::{self, SEND_PATH, UPLOAD_PATH};

/// Routes each request to its endpoint.
struct Router {
    shared: Arc<Shared>,
}

impl serve::Handler for Router {
    fn handle(&self, req: Request) -> impl Future<Output = Answer> + Send + 'static {
        let shared = Arc::clone(&self.shared);
        async move {
            let (path, _) = split_target(&req.target);
            let kind = match path {
                SEND_PATH => RecordKind::Send,
                UPLOAD_PATH => RecordKind::Upload,
                _ if path == "/_mock" || path.starts_with("/_mock/") => {
                    return tokio::task::spawn_blocking(move || control::handle(&shared, &req))
                        .await
                        .unwrap_or_else(|_| Answer::text(500, "the mock failed on this request"));
                }
                _ if preview::serves(path) => {
                    return tokio::task::spawn_blocking(move || preview::handle(&shared, &req))
                        .await
                        .unwrap_or_else(|_| Answer::text(500, "the mock failed on this request"));
                }
                _ => {
                    shared.log(|| format!("{} {path} -> 404", req.method));
                    return Answer::text(404, "not found");
                }
            };
            webhook::handle(shared, req, kind).await
        }
    }
}

/// A running mock server. Dropping it stops the server and closes its open connections.
pub struct MockServer {
    shared: Arc<Shared>,
    http: serve::Server,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.shared.addr)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on 127.0.0.1 (port `config.port`, 0 for any free port), served by a
    /// runtime of its own within the bounds of `config` (connections, read timeout, body).
    pub fn start(config: MockConfig) -> io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let addr = listener.local_addr()?;
        let limits = config.limits();
        let shared = Arc::new(Shared::new(config, addr));
        let router = Arc::new(Router { shared: Arc::clone(&shared) });
        let http = serve::Server::start(listener, limits, "wecom-bot-mock", router)?;
        Ok(MockServer { shared, http })
    }

    /// The address the server listens on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.shared.addr.port()
    }

    /// `http://127.0.0.1:PORT`: what a client uses instead of `https://qyapi.weixin.qq.com`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// The full send URL for `key` (`{base_url}/cgi-bin/webhook/send?key=KEY`).
    pub fn send_url(&self, key: &str) -> String {
        format!("{}{SEND_PATH}?key={key}", self.base_url())
    }

    /// The inbox page (`{base_url}/inbox`): every message received, as the WeCom client
    /// shows it, updating itself.
    pub fn inbox_url(&self) -> String {
        format!("{}/inbox", self.base_url())
    }

    /// The inbox page as one self-contained HTML file (style inline, no script, nothing
    /// fetched): a snapshot of every record, for a CI artefact.
    pub fn inbox_html(&self) -> String {
        preview::render_page(&self.shared, "", true)
    }

    /// The full upload URL for `key` and `media_type` (`file` or `voice`).
    pub fn upload_url(&self, key: &str, media_type: &str) -> String {
        format!("{}{UPLOAD_PATH}?key={key}&type={media_type}", self.base_url())
    }

    /// Every request received for `key` since the last reset, in the order they were handled
    /// (delivered or not), within the record bounds of the configuration.
    pub fn records(&self, key: &str) -> Vec<Record> {
        self.shared.lock().records.iter().filter(|r| r.key == key).cloned().collect()
    }

    /// Only the requests for `key` that were delivered (messages shown in the group, uploads
    /// stored), in order.
    pub fn delivered(&self, key: &str) -> Vec<Record> {
        self.shared.lock().records.iter().filter(|r| r.key == key && r.delivered).cloned().collect()
    }

    /// Every request received for any key since the last reset, in order.
    pub fn all_records(&self) -> Vec<Record> {
        self.shared.lock().records.iter().cloned().collect()
    }

    /// How many records were dropped since the last reset to stay within
    /// `max_records`/`max_record_bytes` (the oldest go first).
    pub fn records_dropped(&self) -> u64 {
        self.shared.lock().records.dropped()
    }

    /// Forgets every record, media_id, rate window and pending fault, and sets the clock offset
    /// back to zero. Registered keys and the rest of the configuration stay.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Applies `fault` to the next `times` requests (send or upload) of `key`, or of every key
    /// when `key` is `"*"`. A key's own faults go before `"*"` faults; faults for the same
    /// target queue up in order. `times == 0` does nothing. An `http_status` fault outside
    /// 200..=599 is answered 500 (see [`Fault::check`]).
    pub fn script(&self, key: &str, fault: Fault, times: u32) {
        if times > 0 {
            self.shared.lock().scripts.push(Script { key: key.to_string(), fault, times });
        }
    }

    /// The faults still waiting for requests.
    pub fn pending_scripts(&self) -> Vec<Script> {
        self.shared.lock().scripts.clone()
    }

    /// Moves the mock's clock forward (media_id expiry, the rate window, `created_at`); its
    /// new time, or an error (and no change) when it would pass 9999-12-31.
    pub fn advance_clock(&self, by: Duration) -> Result<SystemTime, String> {
        self.shared.advance_clock(by)
    }

    /// The mock's current time (the configured clock plus the advanced offset).
    pub fn now(&self) -> SystemTime {
        let st = self.shared.lock();
        self.shared.now_in(&st)
    }

    /// Makes `media_id` valid for `key`, as if it had been uploaded as `kind` just now, so that
    /// a test can send a file, voice or card message with a fixed id.
    pub fn register_media(&self, key: &str, media_id: &str, kind: MediaKind) {
        let mut st = self.shared.lock();
        let created = self.shared.now_in(&st);
        st.media.insert(media_id.to_string(), Media { key: key.to_string(), kind, created });
    }

    /// Stops the server (same as dropping it).
    pub fn shutdown(self) {}
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Stops listening at once, then closes the connections still open so that their
        // clients see the server go away.
        self.http.stop();
    }
}
