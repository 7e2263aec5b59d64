//! `wecom-bot send`: build, validate, then send (or print, with `--dry-run`).

use wecom_bot::media::{self, MediaKind};
use wecom_bot::{Error, File, Image, Message, News, UnknownFields, Voice};

use crate::args::{MediaArgs, SendCmd, SendKind};
use crate::conn;
use crate::ctx::Ctx;
use crate::exit::Failure;
use crate::input::{self, Source};

/// What stands for the media_id in the `--dry-run` output of `send file|voice PATH`.
pub const DRY_RUN_MEDIA_ID: &str = "MEDIA_ID_FROM_UPLOAD";

/// What a send does.
enum Plan {
    /// Send these messages, in order (several only with `--split`).
    Messages(Vec<Message>),
    /// Upload first, then send the file or voice message with the media_id.
    UploadThenSend { kind: MediaKind, source: Source },
}

/// Runs `wecom-bot send`.
pub fn run(cmd: SendCmd, ctx: &mut Ctx) -> Result<(), Failure> {
    let plan = match (&cmd.json, cmd.kind) {
        (Some(_), Some(_)) => return Err(Failure::Usage("give either --json or a message type, not both".into())),
        (None, None) => {
            return Err(Failure::Usage(
                "give a message type (text, markdown, markdown-v2, image, news, file, voice, card) or --json FILE"
                    .into(),
            ))
        }
        (Some(path), None) => Plan::Messages(vec![from_json(path, cmd.lenient, ctx)?]),
        (None, Some(kind)) => plan(kind, ctx)?,
    };
    if cmd.queue {
        return match plan {
            Plan::Messages(messages) => crate::outbox::enqueue(&cmd.conn, &messages, ctx),
            Plan::UploadThenSend { .. } => Err(Failure::Usage(
                "--queue takes messages, not uploads: upload first (wecom-bot upload), then queue --media-id".into(),
            )),
        };
    }
    let preview = (cmd.preview || cmd.preview_html.is_some())
        .then(|| crate::preview::Preview::start(cmd.preview_html.clone(), cmd.preview))
        .transpose()?;
    let conn = preview.as_ref().map_or(cmd.conn, |p| p.conn());
    let sent = match plan {
        Plan::Messages(messages) => send_messages(&conn, cmd.dry_run, &messages, ctx),
        Plan::UploadThenSend { kind, source } => upload_then_send(&conn, cmd.dry_run, kind, source, ctx),
    };
    match preview {
        Some(p) => p.finish(sent, ctx),
        None => sent,
    }
}

/// `--json FILE|-`: parsed strictly (unknown fields are errors naming the field), or with
/// `--lenient` with unknown fields dropped and named in one warning on standard error.
fn from_json(path: &str, lenient: bool, ctx: &mut Ctx) -> Result<Message, Failure> {
    let text = input::message_json(path, ctx)?;
    let unknown = if lenient { UnknownFields::Drop } else { UnknownFields::Refuse };
    let parsed = Message::from_json_with(&text, unknown)?;
    if let Some(warning) = parsed.warning() {
        ctx.note(&format!("warning: {warning}"));
    }
    Ok(parsed.message)
}

fn plan(kind: SendKind, ctx: &mut Ctx) -> Result<Plan, Failure> {
    Ok(match kind {
        SendKind::Text(a) => {
            let content = input::text(&a.content, ctx)?;
            Plan::Messages(crate::compose::texts(&a, &content))
        }
        SendKind::Markdown(a) => {
            let content = input::text(&a.content, ctx)?;
            Plan::Messages(crate::compose::markdowns(&a, &content))
        }
        SendKind::MarkdownV2(a) => {
            let content = input::text(&a.content, ctx)?;
            Plan::Messages(crate::compose::markdown_v2s(&a, &content))
        }
        SendKind::Image(a) => {
            let image = if a.path == "-" { input::image_stdin(ctx)? } else { Image::from_path(&a.path)? };
            Plan::Messages(vec![image.into()])
        }
        SendKind::News(a) => Plan::Messages(vec![News::new(a.articles).into()]),
        SendKind::File(a) => media_plan(MediaKind::File, a, ctx)?,
        SendKind::Voice(a) => media_plan(MediaKind::Voice, a, ctx)?,
        SendKind::Card(a) => Plan::Messages(vec![crate::compose::card(&a)?]),
    })
}

fn media_plan(kind: MediaKind, a: MediaArgs, ctx: &mut Ctx) -> Result<Plan, Failure> {
    match (a.media_id, a.path) {
        (Some(_), _) if a.filename.is_some() => {
            Err(Failure::Usage("--filename applies to an upload, not to --media-id".into()))
        }
        (Some(id), _) => Ok(Plan::Messages(vec![media_message(kind, id)])),
        (None, Some(path)) => {
            Ok(Plan::UploadThenSend { kind, source: input::source(&path, a.filename.as_deref(), kind, ctx)? })
        }
        (None, None) => Err(Failure::Usage("give PATH or --media-id".into())),
    }
}

fn media_message(kind: MediaKind, media_id: String) -> Message {
    match kind {
        MediaKind::File => File::new(media_id).into(),
        MediaKind::Voice => Voice::new(media_id).into(),
    }
}

/// Validates every message before the first goes out (nothing half-sent for a bad input),
/// then prints them (`--dry-run`) or sends them in order.
fn send_messages(
    conn: &crate::args::ConnArgs,
    dry_run: bool,
    messages: &[Message],
    ctx: &mut Ctx,
) -> Result<(), Failure> {
    let bodies = messages.iter().map(Message::to_json).collect::<Result<Vec<_>, _>>()?;
    if dry_run {
        for body in &bodies {
            ctx.println(body)?;
        }
        return Ok(());
    }
    let client = conn::client(conn, ctx)?;
    let total = messages.len();
    for (i, message) in messages.iter().enumerate() {
        client.send(message).map_err(|error| {
            if total > 1 {
                Failure::Partial { error, sent: i, total }
            } else {
                Failure::Error(error)
            }
        })?;
        log::info!("sent {} message {} of {total} ({} bytes)", message.msgtype(), i + 1, bodies[i].len());
    }
    Ok(())
}

/// Checks every upload rule that needs no network (size, AMR format and duration, filename).
pub fn check_upload(kind: MediaKind, source: &Source) -> Result<(String, u64), Failure> {
    match source {
        Source::Bytes(bytes, name) => {
            media::validate_filename(name)?;
            media::validate_upload(kind, bytes)?;
            Ok((name.clone(), bytes.len() as u64))
        }
        Source::Path(path) => {
            let name = std::path::Path::new(path)
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| Error::invalid_argument("path", "the path has no UTF-8 file name"))?
                .to_string();
            media::validate_filename(&name)?;
            let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
            if !meta.is_file() {
                let e = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file");
                return Err(Error::io(path, &e).into());
            }
            media::validate_upload_len(kind, meta.len())?;
            if kind == MediaKind::Voice {
                let bytes = media::read_upload(kind, std::path::Path::new(path))?;
                media::validate_upload(kind, &bytes)?;
            }
            Ok((name, meta.len()))
        }
    }
}

/// Uploads, then sends the file or voice message (`--dry-run`: checks the upload and prints
/// the message with [`DRY_RUN_MEDIA_ID`] standing for the id).
fn upload_then_send(
    conn: &crate::args::ConnArgs,
    dry_run: bool,
    kind: MediaKind,
    source: Source,
    ctx: &mut Ctx,
) -> Result<(), Failure> {
    if dry_run {
        let (name, len) = check_upload(kind, &source)?;
        let message = media_message(kind, DRY_RUN_MEDIA_ID.to_string());
        ctx.note(&format!(
            "dry run: would upload {name:?} ({len} bytes) as a {kind} first; {DRY_RUN_MEDIA_ID} stands for the media_id it returns"
        ));
        return ctx.println(&message.to_json()?);
    }
    let client = conn::client(conn, ctx)?;
    let uploaded = match &source {
        Source::Path(path) => crate::progress::upload_path(&client, kind, path)?,
        Source::Bytes(bytes, name) => client.upload_bytes(kind, bytes, name)?,
    };
    log::info!("uploaded a {kind}: media_id {}", uploaded.media_id);
    let message = media_message(kind, uploaded.media_id.clone());
    client.send(&message).inspect_err(|_| {
        ctx.note(&format!(
            "note: the upload succeeded (media_id {}, valid 3 days): retry with --media-id {}",
            uploaded.media_id, uploaded.media_id
        ));
    })?;
    Ok(())
}
