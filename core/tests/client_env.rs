//! The environment contract through `Client::from_env`, over real sockets: WECOM_BOT_BASE_URL
//! sends to the mock (not the real server), WECOM_BOT_STORE and WECOM_BOT_RATE_LIMIT configure
//! the shared window. One test: the process environment is global.

mod client_support;

use client_support::*;
use wecom_bot::{Client, Store};

#[test]
fn from_env_honours_every_variable() {
    let mock = mock();
    let key = "env-contract-k3yc4n4ry-0001";
    let dir = std::env::temp_dir().join(format!("wecom-bot-env-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("state.sqlite3");
    // This test binary has this one test: no other thread reads the environment.
    std::env::remove_var("WECOM_BOT_WEBHOOK");
    std::env::set_var("WECOM_BOT_KEY", key);
    std::env::set_var("WECOM_BOT_BASE_URL", mock.base_url());
    std::env::set_var("WECOM_BOT_STORE", format!("sqlite:{}", db.display()));
    std::env::set_var("WECOM_BOT_RATE_LIMIT", "20/2");
    let bot = Client::from_env().unwrap();
    assert_eq!(bot.base_url(), mock.base_url());
    assert_eq!(bot.config().store, Store::Sqlite(db.clone()));
    let limit = bot.config().rate_limit.unwrap();
    assert_eq!((limit.max_messages, limit.window.as_secs()), (20, 2));
    bot.send_text("via WECOM_BOT_BASE_URL").unwrap();
    assert_eq!(only_record(&mock, key).body_json().unwrap()["text"]["content"], "via WECOM_BOT_BASE_URL");
    assert!(db.exists(), "the window was kept in WECOM_BOT_STORE");
    let status = bot.quota_status().unwrap().unwrap();
    assert_eq!((status.used, status.limit, status.shared), (1, 20, true));
    assert!(!std::fs::read(&db).unwrap().windows(key.len()).any(|w| w == key.as_bytes()), "the key is not stored");

    std::env::set_var("WECOM_BOT_RATE_LIMIT", "twenty");
    assert_eq!(Client::from_env().unwrap_err().field(), Some("WECOM_BOT_RATE_LIMIT"));
    std::env::remove_var("WECOM_BOT_RATE_LIMIT");
    std::env::remove_var("WECOM_BOT_KEY");
    assert_eq!(Client::from_env().unwrap_err().field(), Some("environment"));
    std::fs::remove_dir_all(&dir).unwrap();
}
