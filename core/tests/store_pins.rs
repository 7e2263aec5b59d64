//! The rate window's store as a client reports it, pinned where mutation testing
//! (scripts/mutants.sh) found it unpinned; each test names the mutants it kills.

use wecom_bot::{Client, ClientConfig, Store, Webhook};

fn client(key: &str, store: Store) -> Client {
    let config = ClientConfig { store, ..ClientConfig::default() };
    Client::with_config(Webhook::from_key(key).unwrap(), config).unwrap()
}

/// rate_limit.rs: `Window::store_url` (→ `""`, → `"xyzzy"`) and the `shared` flag of
/// `Window::open` (`delete !`): a process-local window is not shared, a SQLite one is, and
/// each names its store.
#[test]
fn a_client_names_its_store_and_says_whether_the_window_is_shared() {
    let memory = client("store-pin-k3yc4n4ry-0a1b", Store::Memory);
    assert_eq!(memory.store_url(), Some("memory"));
    let status = memory.quota_status().unwrap().unwrap();
    assert_eq!((status.store.as_str(), status.shared, status.used), ("memory", false, 0));

    let dir = std::env::temp_dir().join(format!("wecom-store-pins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("window.sqlite3");
    let sqlite = client("store-pin-k3yc4n4ry-2c3d", Store::Sqlite(db.clone()));
    let shown = format!("sqlite:{}", db.display());
    assert_eq!(sqlite.store_url(), Some(shown.as_str()));
    let status = sqlite.quota_status().unwrap().unwrap();
    assert_eq!((status.store.as_str(), status.shared), (shown.as_str(), true));
    drop(sqlite);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// store/mod.rs: a store error says why (the `Display` of the store's failure replaced by an
/// empty one): here SQLite's own message about a path it cannot open.
#[test]
fn a_store_error_says_why_the_store_cannot_be_used() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, b"").unwrap();
    let db = not_a_dir.join("window.sqlite3");
    let config = ClientConfig {
        store: Store::Sqlite(db.clone()),
        on_store_error: wecom_bot::OnStoreError::Fail,
        ..ClientConfig::default()
    };
    let client = Client::with_config(Webhook::from_key("store-pin-k3yc4n4ry-4e5f").unwrap(), config).unwrap();
    let e = client.quota_status().unwrap_err();
    let (_, cause) = e.message().split_once("cannot be used: ").expect("the store error's shape");
    assert!(
        cause.starts_with(&format!("{}: ", db.display())) && cause.len() > db.display().to_string().len() + 2,
        "{e}"
    );
}

/// store/mod.rs: the default store's directory must be a real directory of ours, not a
/// symlink (`writable_dir`'s guard replaced by `true`, or its `&&` by `||`): a symlinked
/// `$XDG_STATE_HOME/wecom-bot` is passed over for the next candidate.
#[cfg(unix)]
#[test]
fn a_symlinked_state_directory_is_not_used() {
    let state = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), state.path().join("wecom-bot")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (state_dir, home_dir) = (state.path().to_str().unwrap().to_owned(), home.path().to_str().unwrap().to_owned());
    let resolved = Store::Default
        .resolve_with(|name| match name {
            "XDG_STATE_HOME" => Some(state_dir.clone()),
            "HOME" => Some(home_dir.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(resolved, Store::Sqlite(home.path().join(".local/state/wecom-bot/state.sqlite3")));
}

/// store/mod.rs: the last default candidate is `$TMPDIR/wecom-bot-<uid>`, named for the user
/// (`current_uid` replaced by `None`; by `Some(0)` it is equivalent when the tests run as root).
#[cfg(unix)]
#[test]
fn the_temporary_state_directory_is_named_for_the_user() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let uid = std::fs::metadata(tmp.path()).unwrap().uid();
    let tmp_dir = tmp.path().to_str().unwrap().to_owned();
    let resolved = Store::Default.resolve_with(|name| (name == "TMPDIR").then(|| tmp_dir.clone())).unwrap();
    assert_eq!(resolved, Store::Sqlite(tmp.path().join(format!("wecom-bot-{uid}/state.sqlite3"))));
}
