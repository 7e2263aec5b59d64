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
