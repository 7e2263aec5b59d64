//! `wecom-bot upload file|voice PATH`: prints the media_id.

use crate::args::UploadCmd;
use crate::conn;
use crate::ctx::Ctx;
use crate::exit::Failure;
use crate::input::{self, Source};

/// Runs `wecom-bot upload`.
pub fn run(cmd: UploadCmd, ctx: &mut Ctx) -> Result<(), Failure> {
    let kind = cmd.media_type.kind();
    let source = input::source(&cmd.path, cmd.filename.as_deref(), kind, ctx)?;
    if cmd.dry_run {
        let (name, len) = crate::send::check_upload(kind, &source)?;
        let line = serde_json::json!({"type": kind.as_str(), "filename": name, "filelength": len});
        return ctx.println(&line.to_string());
    }
    let client = conn::client(&cmd.conn, ctx)?;
    let media = match &source {
        Source::Path(path) => crate::progress::upload_path(&client, kind, path)?,
        Source::Bytes(bytes, name) => client.upload_bytes(kind, bytes, name)?,
    };
    if cmd.json {
        let line = serde_json::json!({"media_id": media.media_id, "type": media.kind.as_str(), "created_at": media.created_at});
        ctx.println(&line.to_string())
    } else {
        // From the server: one line, whatever it holds.
        ctx.println(&crate::escape::controls(&media.media_id))
    }
}
