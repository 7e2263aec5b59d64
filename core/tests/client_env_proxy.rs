//! The environment: the proxy it names is used by default (`ProxyConfig::Environment`) and
//! bypassed by `ProxyConfig::None` and by `NO_PROXY`, but never for plain http to loopback (a
//! proxy would see the key in clear); `Client::from_env` reads the webhook from it. The
//! environment is process-wide, so this binary has a single test that sets it.

mod client_support;

use client_support::proxy::Proxy;
use client_support::*;
use wecom_bot::{Client, ErrorKind, ProxyConfig};

#[test]
fn environment_proxy_is_used_by_default_and_bypassed_by_none() {
    let mock = mock();
    let proxy = Proxy::start_to(format!("127.0.0.1:{}", mock.port()));
    for var in ["NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "https_proxy", "http_proxy"] {
        std::env::remove_var(var);
    }
    std::env::set_var("HTTPS_PROXY", proxy.url());
    std::env::set_var("HTTP_PROXY", proxy.url());
    std::env::set_var("ALL_PROXY", proxy.url());

    // Plain http to loopback never goes through the environment's proxy (before: it did, and
    // the proxy saw the request, key included, in clear).
    let key = &canary("env-proxy-loopback");
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Environment);
    bot.send_text("straight to loopback").unwrap();
    assert_eq!(proxy.requests().len(), 0, "the proxy saw {:?}", proxy.request_lines());
    assert_eq!(mock.delivered(key).len(), 1);

    // Another host over plain http (allowed explicitly): the environment's proxy is used. The
    // proxy tunnels to the local mock whatever host is named; nothing leaves the machine.
    let key = &canary("env-proxy-remote");
    let remote = format!("http://wecom-gateway.invalid:{}", mock.port());
    let bot = client_with(&mock, key, |c| {
        c.proxy = ProxyConfig::Environment;
        c.base_url = Some(remote.clone());
        c.allow_insecure_http = true;
    });
    bot.send_text("via the environment's proxy").unwrap();
    assert_eq!(proxy.request_lines(), [format!("CONNECT wecom-gateway.invalid:{} HTTP/1.1", mock.port())]);
    assert_eq!(mock.delivered(key).len(), 1);

    let key = &canary("env-proxy-none");
    let bot = client_with(&mock, key, |c| {
        c.proxy = ProxyConfig::None;
        c.allow_insecure_http = true;
    });
    bot.send_text("straight to the server").unwrap();
    assert_eq!(proxy.requests().len(), 1, "ProxyConfig::None ignores HTTPS_PROXY/HTTP_PROXY");
    assert_eq!(mock.delivered(key).len(), 1);

    // A proxy on another host for plain http: refused unless insecure http is allowed.
    std::env::set_var("NO_PROXY", "127.0.0.1");
    let remote_proxy = ProxyConfig::Url("http://proxy.invalid:3128".into());
    let e = Client::with_config(
        wecom_bot::Webhook::from_key("env-proxy-remote-proxy").unwrap(),
        wecom_bot::ClientConfig { proxy: remote_proxy, ..config(&mock) },
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidArgument, Some("proxy")), "{e}");

    // Client::from_env: WECOM_BOT_WEBHOOK (a full URL) first, else WECOM_BOT_KEY.
    for var in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY", "WECOM_BOT_WEBHOOK", "WECOM_BOT_KEY"] {
        std::env::remove_var(var);
    }
    let e = Client::from_env().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.to_string().contains("WECOM_BOT_WEBHOOK"), "{e}");
    std::env::set_var("WECOM_BOT_KEY", "env-key-only");
    assert_eq!(Client::from_env().unwrap().base_url(), "https://qyapi.weixin.qq.com");
    std::env::set_var("WECOM_BOT_WEBHOOK", mock.send_url("env-webhook"));
    let bot = Client::from_env().unwrap();
    assert_eq!(bot.base_url(), mock.base_url());
    bot.send_text("from the environment").unwrap();
    assert_eq!(mock.delivered("env-webhook").len(), 1);
    assert_eq!(proxy.requests().len(), 1);
}
