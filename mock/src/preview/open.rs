//! Opening the inbox page in the user's browser, when there is one, and waiting for Ctrl-C:
//! what `wecom-bot mock --open` and `wecom-bot send --preview` share.

use std::process::{Command, Stdio};

/// Opens `url` in a browser: `$BROWSER` when set, else the desktop's opener (`xdg-open` where a
/// display is set, `open` on macOS, `start` on Windows). Returns what was run, or why nothing
/// was (no display, no opener): the caller prints the URL in any case.
pub fn open_in_browser(url: &str) -> Result<String, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (program, args): (String, Vec<String>) = if let Some(b) = var("BROWSER") {
        (b, vec![url.to_string()])
    } else if cfg!(target_os = "macos") {
        ("open".into(), vec![url.to_string()])
    } else if cfg!(windows) {
        ("cmd".into(), vec!["/C".into(), "start".into(), String::new(), url.to_string()])
    } else if var("DISPLAY").is_some() || var("WAYLAND_DISPLAY").is_some() {
        ("xdg-open".into(), vec![url.to_string()])
    } else {
        return Err("no display".into());
    };
    let mut child = Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    // Reaped in the background: an opener may keep running as the browser.
    let _ = std::thread::Builder::new().name("wecom-bot-browser".into()).spawn(move || child.wait());
    Ok(program)
}

/// Blocks until SIGINT (Ctrl-C) or SIGTERM and names it; elsewhere than Unix, until the
/// process is interrupted (which ends it).
pub fn wait_for_interrupt() -> &'static str {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) {
            if let Some(sig) = signals.forever().next() {
                return if sig == SIGTERM { "SIGTERM" } else { "SIGINT" };
            }
        }
    }
    loop {
        std::thread::park();
    }
}
