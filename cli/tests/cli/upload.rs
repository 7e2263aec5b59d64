//! `wecom-bot upload`: prints the media_id the server returned.

use crate::support::{fixture, json, key, mock, scratch, uploads, Cmd};

#[test]
fn upload_file_prints_the_media_id() {
    let server = mock();
    let k = key("upfile");
    let path = scratch("upload-me.csv", b"a,b\n1,2\n");
    let run = Cmd::new(&["upload", "file", &path]).key(&k).at(&server).run().ok();
    let up = uploads(&server, &k);
    assert_eq!(up.len(), 1);
    let part = up[0].upload.clone().unwrap();
    assert_eq!(run.stdout, format!("{}\n", part.media_id.unwrap()));
    assert_eq!(
        (part.filename.as_deref(), part.size, part.filelength.as_deref()),
        (Some("upload-me.csv"), 8, Some("8"))
    );
}

#[test]
fn upload_voice_as_json_and_from_stdin() {
    let server = mock();
    let k = key("upvoice");
    let run = Cmd::new(&["upload", "voice", &fixture("voice-3s.amr"), "--json"]).key(&k).at(&server).run().ok();
    let out = json(run.stdout.trim());
    assert_eq!(out["type"], "voice");
    assert!(out["created_at"].as_i64().unwrap() > 0);
    let voice = std::fs::read(fixture("voice-3s.amr")).unwrap();
    let run = Cmd::new(&["upload", "voice", "-", "--filename", "memo.amr"]).key(&k).at(&server).stdin(voice).run().ok();
    let up = uploads(&server, &k);
    assert_eq!(up.len(), 2);
    assert_eq!(up[0].upload.as_ref().unwrap().media_id.as_deref(), out["media_id"].as_str());
    let second = up[1].upload.as_ref().unwrap();
    assert_eq!(second.filename.as_deref(), Some("memo.amr"));
    assert_eq!(run.stdout.trim(), second.media_id.as_deref().unwrap());
}

#[test]
fn upload_dry_run_checks_and_uploads_nothing() {
    let server = mock();
    let k = key("updry");
    let run = Cmd::new(&["upload", "voice", &fixture("voice-60s.amr"), "--dry-run"]).key(&k).at(&server).run().ok();
    assert_eq!(json(run.stdout.trim())["filename"], "voice-60s.amr");
    Cmd::new(&["upload", "voice", &fixture("voice-60s-plus-one-frame.amr"), "--dry-run"])
        .run()
        .fails(10, &["error: validation: the voice plays 60.02 s; the limit is 60 s"]);
    assert!(server.all_records().is_empty());
}

#[test]
fn upload_rules_are_checked_before_any_network_use() {
    let server = mock();
    let k = key("uprules");
    let tiny = scratch("tiny.bin", b"12345");
    Cmd::new(&["upload", "file", &tiny]).key(&k).at(&server).run().fails(10, &["more than 5 bytes"]);
    Cmd::new(&["upload", "voice", &fixture("icon.png")]).key(&k).at(&server).run().fails(10, &["AMR"]);
    Cmd::new(&["upload", "file", "/no/such/file.txt"])
        .key(&k)
        .at(&server)
        .run()
        .fails(17, &["error: io:", "/no/such/file.txt"]);
    assert!(server.all_records().is_empty());
}

#[test]
fn upload_a_path_under_another_name() {
    let server = mock();
    let k = key("rename");
    Cmd::new(&["upload", "file", &fixture("banner.jpg"), "--filename", "发布海报.jpg"]).key(&k).at(&server).run().ok();
    let part = uploads(&server, &k)[0].upload.clone().unwrap();
    assert_eq!(part.filename.as_deref(), Some("发布海报.jpg"));
    assert_eq!(part.size as u64, std::fs::metadata(fixture("banner.jpg")).unwrap().len());
}
