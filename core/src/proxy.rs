//! Which proxy a client's requests go through. A proxy sees plain http in clear (ureq
//! tunnels even http with CONNECT, but the bytes inside are not encrypted), key included:
//! - a plain-http loopback base URL (the mock, a local gateway) never goes through the
//!   environment's proxy (`HTTP_PROXY`/`ALL_PROXY` are meant for the outside world);
//! - plain http through a proxy on another host is refused unless `allow_insecure_http`.

use crate::client::ProxyConfig;
use crate::error::{Error, Result};

/// Whether `host` (a name, an IPv4 address or a bracketed or bare IPv6 address) is loopback.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// The host of a normalized `scheme://authority` base URL.
pub(crate) fn base_host(base: &str) -> &str {
    let authority = base.split_once("://").map_or(base, |(_, a)| a);
    if authority.starts_with('[') {
        return authority.split_inclusive(']').next().unwrap_or(authority);
    }
    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
}

/// The proxy for requests to `base` (a normalized base URL).
pub(crate) fn choose(config: &ProxyConfig, base: &str, allow_insecure_http: bool) -> Result<Option<ureq::Proxy>> {
    let plain_http = base.starts_with("http://");
    let proxy = match config {
        ProxyConfig::Environment if plain_http && is_loopback_host(base_host(base)) => None,
        ProxyConfig::Environment => ureq::Proxy::try_from_env(),
        ProxyConfig::Url(u) => {
            Some(ureq::Proxy::new(u).map_err(|_| Error::invalid_argument("proxy", "not a valid proxy URL"))?)
        }
        ProxyConfig::None => None,
    };
    if let Some(p) = &proxy {
        if plain_http && !allow_insecure_http && !is_loopback_host(p.host()) {
            return Err(Error::invalid_argument(
                "proxy",
                "plain http through a proxy on another host shows the key to the network; \
                 use https, a loopback proxy, or set allow_insecure_http",
            ));
        }
    }
    Ok(proxy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "LOCALHOST", "127.0.0.1", "127.9.9.9", "::1", "[::1]", "[::ffff:127.0.0.1]"] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["10.0.0.1", "example.com", "[::2]", "localhost.example", "", "[::1"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn hosts_of_base_urls() {
        assert_eq!(base_host("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(base_host("http://localhost"), "localhost");
        assert_eq!(base_host("http://[::1]:80"), "[::1]");
        assert_eq!(base_host("https://qyapi.weixin.qq.com"), "qyapi.weixin.qq.com");
    }

    #[test]
    fn plain_http_through_a_remote_proxy_needs_the_insecure_flag() {
        let remote = ProxyConfig::Url("http://proxy.example.invalid:3128".into());
        let e = choose(&remote, "http://127.0.0.1:8080", false).unwrap_err();
        assert_eq!(e.field(), Some("proxy"));
        assert!(choose(&remote, "http://127.0.0.1:8080", true).unwrap().is_some());
        assert!(choose(&remote, "https://qyapi.weixin.qq.com", false).unwrap().is_some());
        let local = ProxyConfig::Url("http://127.0.0.1:3128".into());
        assert!(choose(&local, "http://127.0.0.1:8080", false).unwrap().is_some());
        assert!(choose(&ProxyConfig::None, "http://127.0.0.1:8080", false).unwrap().is_none());
    }
}
