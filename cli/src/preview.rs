//! `wecom-bot send --preview` and `--preview-html FILE`: the message goes to an embedded mock
//! server, never to WeCom, and its inbox page shows it the way the WeCom client would.

use std::path::PathBuf;

use wecom_bot::Error;
use wecom_bot_mock::{MockConfig, MockServer};

use crate::args::ConnArgs;
use crate::ctx::Ctx;
use crate::exit::Failure;

/// The key the preview sends with: made up (the mock accepts any), so a real one is never used.
const PREVIEW_KEY: &str = "preview-00000000-0000-0000-0000-000000000000";

/// An embedded mock server and what to do with its page once the message is sent.
pub struct Preview {
    server: MockServer,
    html: Option<PathBuf>,
    serve: bool,
}

impl Preview {
    /// Starts the embedded mock (any free port, no rate limit).
    pub fn start(html: Option<PathBuf>, serve: bool) -> Result<Preview, Failure> {
        let config = MockConfig { rate_limit: None, log: false, ..MockConfig::default() };
        let server = MockServer::start(config)
            .map_err(|e| Error::transport(format!("cannot start the embedded mock server: {e}")))?;
        Ok(Preview { server, html, serve })
    }

    /// The connection to the embedded mock: the made-up key, no proxy, no client-side limit.
    pub fn conn(&self) -> ConnArgs {
        ConnArgs {
            key: Some(PREVIEW_KEY.into()),
            base_url: Some(self.server.base_url()),
            no_proxy: true,
            no_rate_limit: true,
            ..ConnArgs::default()
        }
    }

    /// Writes the page and/or serves it until Ctrl-C, whether the send succeeded or not (a
    /// refused message is shown with its errcode); then the send's own outcome. When nothing
    /// reached the mock (the message broke a rule and was refused before sending), there is
    /// nothing to show: the error alone.
    pub fn finish(self, sent: Result<(), Failure>, ctx: &mut Ctx) -> Result<(), Failure> {
        if sent.is_err() && self.server.all_records().is_empty() {
            return sent;
        }
        if let (true, Err(e)) = (self.serve, &sent) {
            ctx.note(&format!("the page shows this failure: {e}"));
        }
        if let Some(path) = &self.html {
            std::fs::write(path, self.server.inbox_html()).map_err(|e| Error::io(path, &e))?;
            ctx.note(&format!("wrote the preview to {}", path.display()));
        }
        if self.serve {
            let url = self.server.inbox_url();
            ctx.println(&format!("preview at {url}"))?;
            match wecom_bot_mock::open_in_browser(&url) {
                Ok(how) => ctx.note(&format!("opened it with {how}; Ctrl-C stops the preview")),
                Err(why) => ctx.note(&format!("no browser opened ({why}): open {url}; Ctrl-C stops the preview")),
            }
            let why = wecom_bot_mock::wait_for_interrupt();
            ctx.note(&format!("preview stopped ({why})"));
        }
        sent
    }
}
