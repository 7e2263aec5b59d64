//! Progress of long uploads on standard error: a bar when standard error is a terminal, else a
//! line at every 10 %. Uploads under [`SHOW_FROM`] finish too soon to need one; `--quiet` shows
//! none.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wecom_bot::{Client, Media, MediaKind};

/// Files from this size on show their progress (4 MiB: several seconds on a slow uplink).
pub const SHOW_FROM: u64 = 4 * 1024 * 1024;

/// Uploads a file from disk, showing its progress when it is large.
pub fn upload_path(client: &Client, kind: MediaKind, path: &str) -> wecom_bot::Result<Media> {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if crate::logger::quiet() || len < SHOW_FROM {
        return client.upload_path(kind, path);
    }
    let name = std::path::Path::new(path).file_name().map_or_else(|| path.into(), |n| n.to_string_lossy());
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("uploading {msg} [{bar:24}] {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        let result = client.upload_path_with_progress(kind, path, &|done, _| bar.set_position(done));
        bar.finish_and_clear();
        result
    } else {
        let last = Mutex::new(None::<u64>);
        let report = |done: u64, total: u64| {
            let tenth = (done * 10).checked_div(total).unwrap_or(10);
            let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|l| l >= tenth) {
                return;
            }
            *last = Some(tenth);
            let line = format!(
                "wecom-bot: uploading {name}: {}% ({} of {})",
                tenth * 10,
                indicatif::HumanBytes(done),
                indicatif::HumanBytes(total)
            );
            let _ = writeln!(std::io::stderr().lock(), "{}", crate::secret::redact(&line));
        };
        client.upload_path_with_progress(kind, path, &report)
    }
}
