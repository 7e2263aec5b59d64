//! Host-name resolution without a thread per request.
//!
//! ureq's default resolver bounds every lookup by the request's timeout by running it on a new
//! thread — for every request, even to an IP address over a kept-alive connection, where it was
//! more than half of our CPU per message (bench/README.md, Findings). This resolver answers IP
//! literals at once and remembers a name's addresses for [`NAME_TTL`]; only a miss goes to
//! ureq's resolver, thread and timeout included, so no lookup outlives the call's deadline.
//!
//! It relies on ureq's `unversioned` resolver interface, which may change in a minor release:
//! the workspace pins ureq's minor version, and the tests below fail if the interface moves.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a name's addresses are reused. getaddrinfo does not tell us the record's TTL; a
/// minute keeps a host that moves reachable soon while sparing the lookup on every message.
pub(super) const NAME_TTL: Duration = Duration::from_secs(60);

/// An agent talks to its base host and perhaps a proxy: a handful of names at most.
const MAX_NAMES: usize = 8;

#[derive(Debug, Default)]
pub(super) struct CachingResolver {
    lookup: DefaultResolver,
    names: Mutex<HashMap<String, (ResolvedSocketAddrs, Instant)>>,
}

impl CachingResolver {
    /// The cache; a poisoned lock is taken over, as no code leaves the map half-written.
    fn names(&self) -> std::sync::MutexGuard<'_, HashMap<String, (ResolvedSocketAddrs, Instant)>> {
        self.names.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Resolver for CachingResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return self.lookup.resolve(uri, config, timeout); // ureq names the fault
        };
        if let Some(addr) = ip_literal(scheme.as_str(), authority) {
            return keep_wanted(self.empty(), addr, config);
        }
        let Some(host_port) = DefaultResolver::host_and_port(scheme, authority) else {
            return self.lookup.resolve(uri, config, timeout);
        };
        if let Ok(addr) = host_port.parse::<SocketAddr>() {
            return keep_wanted(self.empty(), addr, config);
        }
        let now = Instant::now();
        if let Some((addrs, at)) = self.names().get(&host_port) {
            if now.duration_since(*at) < NAME_TTL {
                return Ok(addrs.clone());
            }
        }
        let addrs = self.lookup.resolve(uri, config, timeout)?;
        let mut names = self.names();
        if names.len() >= MAX_NAMES {
            names.retain(|_, (_, at)| now.duration_since(*at) < NAME_TTL);
            if names.len() >= MAX_NAMES {
                names.clear();
            }
        }
        names.insert(host_port, (addrs.clone(), now));
        Ok(addrs)
    }
}

/// An IP address with its port, read straight from the URI (no "host:port" text made and
/// parsed on every request): the common case of a base URL or proxy given by address. Anything
/// else (a name, a zone id, a scheme without a known default port) goes the general way.
fn ip_literal(scheme: &str, authority: &ureq::http::uri::Authority) -> Option<SocketAddr> {
    let host = authority.host();
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    let ip: std::net::IpAddr = host.parse().ok()?;
    let port = match (authority.port_u16(), scheme) {
        (Some(port), _) => port,
        (None, "http") => 80,
        (None, "https") => 443,
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

/// `addr` if the config's IP family allows it.
fn keep_wanted(
    mut addrs: ResolvedSocketAddrs,
    addr: SocketAddr,
    config: &Config,
) -> Result<ResolvedSocketAddrs, ureq::Error> {
    for wanted in config.ip_family().keep_wanted(std::iter::once(addr)) {
        addrs.push(wanted);
    }
    if addrs.is_empty() {
        Err(ureq::Error::HostNotFound)
    } else {
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

    fn timeout() -> NextTimeout {
        NextTimeout { after: UreqDuration::from_secs(5), reason: ureq::Timeout::Resolve, ..NextTimeout::default() }
    }

    fn resolve(r: &CachingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().unwrap();
        r.resolve(&uri, &Config::default(), timeout()).map(|a| a.iter().copied().collect())
    }

    #[test]
    fn ip_literals_answer_without_lookup_or_cache() {
        let r = CachingResolver::default();
        assert_eq!(resolve(&r, "http://127.0.0.1:8080/x").unwrap(), vec!["127.0.0.1:8080".parse().unwrap()]);
        assert_eq!(resolve(&r, "https://[::1]/x").unwrap(), vec!["[::1]:443".parse().unwrap()]);
        assert_eq!(resolve(&r, "http://10.1.2.3/x").unwrap(), vec!["10.1.2.3:80".parse().unwrap()]);
        assert_eq!(resolve(&r, "https://[2001:db8::5]:8443/x").unwrap(), vec!["[2001:db8::5]:8443".parse().unwrap()]);
        assert_eq!(resolve(&r, "socks5://10.1.2.3:1080").unwrap(), vec!["10.1.2.3:1080".parse().unwrap()]);
        assert!(r.names.lock().unwrap().is_empty());
    }

    #[test]
    fn ip_family_still_filters_literals() {
        let r = CachingResolver::default();
        let config = Config::builder().ip_family(ureq::config::IpFamily::Ipv4Only).build();
        let uri: Uri = "http://[::1]:80/".parse().unwrap();
        assert!(matches!(r.resolve(&uri, &config, timeout()), Err(ureq::Error::HostNotFound)));
    }

    #[test]
    fn names_are_looked_up_once_then_reused() {
        let r = CachingResolver::default();
        let first = resolve(&r, "http://localhost:9/x").unwrap();
        assert!(!first.is_empty());
        // A stale entry is what the cache answers with while it is fresh: plant one and see it.
        let planted: SocketAddr = "192.0.2.7:9".parse().unwrap();
        let mut addrs = r.empty();
        addrs.push(planted);
        r.names.lock().unwrap().insert("localhost:9".into(), (addrs.clone(), Instant::now()));
        assert_eq!(resolve(&r, "http://localhost:9/y").unwrap(), vec![planted]);
        // Once older than the TTL it is looked up again.
        let old = Instant::now().checked_sub(NAME_TTL + Duration::from_secs(1)).unwrap();
        r.names.lock().unwrap().insert("localhost:9".into(), (addrs, old));
        assert_eq!(resolve(&r, "http://localhost:9/y").unwrap(), first);
    }

    #[test]
    fn unknown_names_fail_and_are_not_cached() {
        let r = CachingResolver::default();
        // A 64-byte label is longer than DNS allows, so getaddrinfo fails on the machine itself:
        // the test sends no query to a resolver (a plain unknown name would).
        let unknown = format!("http://{}.invalid/x", "n".repeat(64));
        assert!(resolve(&r, &unknown).is_err());
        assert!(r.names.lock().unwrap().is_empty());
    }

    #[test]
    fn the_cache_stays_bounded() {
        let r = CachingResolver::default();
        let mut addrs = r.empty();
        addrs.push("192.0.2.1:80".parse().unwrap());
        for i in 0..MAX_NAMES {
            r.names.lock().unwrap().insert(format!("h{i}:80"), (addrs.clone(), Instant::now()));
        }
        resolve(&r, "http://localhost:80/").unwrap();
        assert!(r.names.lock().unwrap().len() <= MAX_NAMES);
    }
}
