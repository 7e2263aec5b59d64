//! Generates `include/wecom_bot.h` from this crate with the pinned cbindgen.
//!
//! `wecom-bot-gen-header` writes the header; `wecom-bot-gen-header --check` compares the
//! generated text with the committed file and fails (exit 1) when it is stale. Built only
//! with the `gen-header` feature, so the workspace build never compiles cbindgen.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("usage: wecom-bot-gen-header [--check]   (unknown argument {other:?})");
            return ExitCode::from(2);
        }
    };
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header_path: PathBuf = crate_dir.join("../include/wecom_bot.h");
    let generated = match generate(crate_dir) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cbindgen failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let committed = std::fs::read_to_string(&header_path).unwrap_or_default();
        if committed == generated {
            println!("include/wecom_bot.h is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!("include/wecom_bot.h is stale: regenerate it with `cargo run -p wecom-bot-ffi --features gen-header --bin wecom-bot-gen-header` and commit it");
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::write(&header_path, generated) {
        eprintln!("cannot write {}: {e}", header_path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", header_path.display());
    ExitCode::SUCCESS
}

fn generate(crate_dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let (major, minor, patch) =
        (env!("CARGO_PKG_VERSION_MAJOR"), env!("CARGO_PKG_VERSION_MINOR"), env!("CARGO_PKG_VERSION_PATCH"));
    config.after_includes = Some(format!(
        "\n/** The version of wecom_bot.h (compare with wecom_version() at run time). */\n\
         #define WECOM_BOT_VERSION \"{major}.{minor}.{patch}\"\n\
         /** The major version. */\n#define WECOM_BOT_VERSION_MAJOR {major}\n\
         /** The minor version. */\n#define WECOM_BOT_VERSION_MINOR {minor}\n\
         /** The patch version. */\n#define WECOM_BOT_VERSION_PATCH {patch}\n"
    ));
    let bindings = cbindgen::Builder::new().with_crate(crate_dir).with_config(config).generate()?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    Ok(String::from_utf8(out)?)
}
