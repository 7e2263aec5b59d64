//! The proxy from the environment: used by default (`ProxyConfig::Environment`), bypassed by
//! `ProxyConfig::None` and by `NO_PROXY`. The environment is process-wide, so this binary has
//! a single test that sets it before any client exists.

mod client_support;

use client_support::proxy::Proxy;
use client_support::*;
use wecom_bot::ProxyConfig;

#[test]
fn environment_proxy_is_used_by_default_and_bypassed_by_none() {
    let mock = mock();
    let proxy = Proxy::start(false);
    for var in ["NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "https_proxy", "http_proxy"] {
        std::env::remove_var(var);
    }
    std::env::set_var("HTTPS_PROXY", proxy.url());
    std::env::set_var("HTTP_PROXY", proxy.url());

    let key = "env-proxy-default";
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Environment);
    bot.send_text("via the environment's proxy").unwrap();
    assert_eq!(proxy.request_lines(), [format!("CONNECT 127.0.0.1:{} HTTP/1.1", mock.port())]);
    assert_eq!(mock.delivered(key).len(), 1);

    let key = "env-proxy-none";
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::None);
    bot.send_text("straight to the server").unwrap();
    assert_eq!(proxy.requests().len(), 1, "ProxyConfig::None ignores HTTPS_PROXY/HTTP_PROXY");
    assert_eq!(mock.delivered(key).len(), 1);

    std::env::set_var("NO_PROXY", "127.0.0.1");
    let key = "env-proxy-no-proxy";
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Environment);
    bot.send_text("NO_PROXY matches").unwrap();
    assert_eq!(proxy.requests().len(), 1, "NO_PROXY is honoured");
    assert_eq!(mock.delivered(key).len(), 1);
}
