//! The relay over real sockets: a relay started from a config file, the mock WeCom server as
//! its robots' server, requests through ureq. Every endpoint, every kind of bad input (nothing
//! enqueued), tokens, reload, and the key never in an answer, a log line or the metrics.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;
use wecom_bot_mock::{MockConfig, MockServer};
use wecom_bot_relay::{Relay, VarFn};

/// Everything the relay and the core logged, to look for keys in.
static LOG: Mutex<String> = Mutex::new(String::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, r: &log::Record<'_>) {
        let line = format!("{} {}: {}\n", r.level(), r.target(), r.args());
        LOG.lock().unwrap_or_else(|p| p.into_inner()).push_str(&line);
    }
    fn flush(&self) {}
}

fn capture_logs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        log::set_logger(&Capture).expect("one logger");
        // `wecom-bot -v` (debug) at most: the HTTP client's trace (-vv) hex-dumps requests, key
        // included, in pieces no redaction can match (noted in docs/relay.md).
        log::set_max_level(log::LevelFilter::Debug);
    });
}

const TOKEN: &str = "relay-test-t0ken-0123456789";

/// A mock, a relay in front of it, and a directory for files.
struct Rig {
    mock: MockServer,
    relay: Option<Relay>,
    dir: PathBuf,
    key: String,
    url: String,
}

fn dir_for(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wecom-relay-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The config: robot `ops` (key from a file) on the mock, route `default` → ops, more TOML
/// appended.
fn config(mock: &MockServer, dir: &Path, key: &str, extra: &str) -> String {
    std::fs::write(dir.join("ops.key"), format!("{key}\n")).unwrap();
    format!(
        "store = \"memory\"\n{extra_top}\n[robots.ops]\nkey_file = \"{}\"\nbase_url = \"{}\"\n\n[routes.default]\nrobots = [\"ops\"]\n{extra}\n",
        dir.join("ops.key").display(),
        mock.base_url(),
        extra_top = "",
    )
}

fn vars() -> VarFn {
    Arc::new(|name: &str| (name == "RELAY_TOKEN").then(|| TOKEN.to_owned()))
}

impl Rig {
    fn start(name: &str, top: &str, extra: &str) -> Rig {
        capture_logs();
        let mock = MockServer::start(MockConfig { rate_limit: None, ..MockConfig::default() }).unwrap();
        let dir = dir_for(name);
        // A distinctive key per test: the memory outbox is one per process, by robot.
        let key = format!("RelayTest-{name}-k3yc4n4ry-7f3e");
        let text = format!("{top}\n{}", config(&mock, &dir, &key, extra));
        std::fs::write(dir.join("relay.toml"), text).unwrap();
        let relay = Relay::start(dir.join("relay.toml"), Some("127.0.0.1:0".parse().unwrap()), vars()).unwrap();
        let url = format!("http://{}", relay.addr());
        Rig { mock, relay: Some(relay), dir, key, url }
    }

    fn relay(&self) -> &Relay {
        self.relay.as_ref().unwrap()
    }

    /// The delivered bodies, waiting (boundedly) until there are `n`.
    fn delivered(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got: Vec<Value> =
                self.mock.delivered(&self.key).iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Some(r) = self.relay.take() {
            r.stop(Duration::from_secs(2));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An answer: status, body, and every header as one string.
struct Got {
    status: u16,
    body: String,
    headers: String,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn post(url: &str, content_type: &str, token: Option<&str>, body: &[u8]) -> Got {
    let mut req = agent().post(url).header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    finish(req.send(body))
}

fn get(url: &str) -> Got {
    finish(agent().get(url).call())
}

fn finish(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Got {
    let mut resp = r.expect("an answer");
    let headers = format!("{:?}", resp.headers());
    Got { status: resp.status().as_u16(), body: resp.body_mut().read_to_string().unwrap_or_default(), headers }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/relay").join(name)).unwrap()
}

fn content(body: &Value) -> String {
    let t = body["msgtype"].as_str().unwrap();
    body[t]["content"].as_str().map_or_else(|| body[t].to_string(), str::to_owned)
}

#[test]
fn messages_text_and_json_are_enqueued_and_delivered() {
    let rig = Rig::start("messages", "", "");
    let url = format!("{}/v1/robots/ops/messages", rig.url);
    let a = post(&url, "text/plain; charset=utf-8", None, "deploy of web 1.2.3 done\n".as_bytes());
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(a.json()["robot"], "ops");
    assert!(a.json()["id"].as_u64().is_some(), "{}", a.body);
    let md = r#"{"msgtype":"markdown","markdown":{"content":"**bold** from curl"}}"#;
    let b = post(&url, "application/json", None, md.as_bytes());
    assert_eq!(b.status, 202, "{}", b.body);
    let got = rig.delivered(2);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["text"]["content"], "deploy of web 1.2.3 done");
    assert_eq!(got[1]["markdown"]["content"], "**bold** from curl");
}

#[test]
fn stopping_does_not_wait_out_the_rate_window() {
    // One message per 300 s: the second waits for the window when the relay is stopped.
    let mut rig = Rig::start("stopwait", "rate_limit = \"1/300\"", "");
    let url = format!("{}/v1/robots/ops/messages", rig.url);
    assert_eq!(post(&url, "text/plain", None, b"first").status, 202);
    assert_eq!(rig.delivered(1).len(), 1);
    assert_eq!(post(&url, "text/plain", None, b"second").status, 202);
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    rig.relay.take().unwrap().stop(Duration::from_secs(1));
    // Not a speed claim: a hang check with 10x room (the window would hold it for 300 s).
    assert!(started.elapsed() < Duration::from_secs(30), "stop took {:?}", started.elapsed());
    assert_eq!(rig.mock.delivered(&rig.key).len(), 1, "nothing is sent after the drain's deadline");
}

#[test]
fn bad_input_gets_a_clear_error_and_nothing_is_enqueued() {
    let rig = Rig::start("bad", "max_body = 3000", "");
    let msgs = format!("{}/v1/robots/ops/messages", rig.url);
    let am = format!("{}/v1/alertmanager/default", rig.url);
    let long = "x".repeat(2049);
    // (what, URL, content type, body, status, a word the answer holds)
    type Case<'a> = (&'a str, String, &'a str, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("malformed JSON", msgs.clone(), "application/json", b"{\"msgtype\":".to_vec(), 400, "not valid JSON"),
        (
            "a rule broken",
            msgs.clone(),
            "application/json",
            br#"{"msgtype":"text","text":{"content":""}}"#.to_vec(),
            400,
            "text.content",
        ),
        (
            "unknown field",
            msgs.clone(),
            "application/json",
            br#"{"msgtype":"text","text":{"content":"x","bogus":1}}"#.to_vec(),
            400,
            "bogus",
        ),
        ("text too long", msgs.clone(), "text/plain", long.clone().into_bytes(), 400, "2048"),
        ("not UTF-8", msgs.clone(), "text/plain", vec![0xff, 0xfe], 400, "UTF-8"),
        ("unknown type", msgs.clone(), "application/xml", b"<x/>".to_vec(), 415, "application/json"),
        ("unknown robot", format!("{}/v1/robots/nobody/messages", rig.url), "text/plain", b"x".to_vec(), 404, "nobody"),
        (
            "unknown route",
            format!("{}/v1/alertmanager/nowhere", rig.url),
            "application/json",
            fixture("alertmanager.json"),
            404,
            "nowhere",
        ),
        ("oversize", msgs.clone(), "text/plain", vec![b'y'; 3001], 413, "larger than 3000"),
        ("AM not JSON", am.clone(), "application/json", b"alerts!".to_vec(), 400, "not JSON"),
        (
            "AM version",
            am.clone(),
            "application/json",
            br#"{"version":"3","status":"firing","alerts":[]}"#.to_vec(),
            400,
            "version",
        ),
        (
            "AM field",
            am.clone(),
            "application/json",
            br#"{"version":"4","status":"firing","alerts":[{"status":"firing"}]}"#.to_vec(),
            400,
            "alerts[0]",
        ),
        (
            "AM status",
            am.clone(),
            "application/json",
            br#"{"version":"4","status":"burning","alerts":[]}"#.to_vec(),
            400,
            "status",
        ),
        (
            "AM empty",
            am.clone(),
            "application/json",
            br#"{"version":"4","status":"firing","alerts":[]}"#.to_vec(),
            400,
            "no alert",
        ),
        (
            "Grafana shape",
            format!("{}/v1/grafana/default", rig.url),
            "application/json",
            br#"{"status":"firing","alerts":{}}"#.to_vec(),
            400,
            "alerts",
        ),
    ];
    for (what, url, ct, body, status, needle) in &cases {
        let got = post(url, ct, None, body);
        assert_eq!(got.status, *status, "{what}: {}", got.body);
        assert!(got.body.contains(needle), "{what}: {needle:?} not in {}", got.body);
        // Every error is JSON, the server stack's own 413 included.
        let j = got.json();
        assert!(j["error"].is_string() && j["message"].is_string(), "{what}: {}", got.body);
    }
    let oversize = post(&msgs, "text/plain", None, &[b'y'; 3001]).json();
    assert_eq!(oversize["error"], "payload_too_large", "{oversize}");
    let rule = post(&msgs, "application/json", None, br#"{"msgtype":"text","text":{"content":""}}"#).json();
    assert_eq!((rule["field"].as_str(), rule["rule"].as_str()), (Some("text.content"), Some("required")));
    assert_eq!(get(&msgs).status, 405);
    assert_eq!(post(&format!("{}/healthz", rig.url), "text/plain", None, b"").status, 405);
    assert_eq!(get(&format!("{}/nothing/here", rig.url)).status, 404);
    // Then one good message: it is the only one the mock ever sees.
    assert_eq!(post(&msgs, "text/plain", None, b"the only one").status, 202);
    let got = rig.delivered(1);
    std::thread::sleep(Duration::from_millis(600));
    let got_after = rig.delivered(1);
    assert_eq!(got.len(), 1);
    assert_eq!(got_after.len(), 1, "nothing else was enqueued");
    assert_eq!(got[0]["text"]["content"], "the only one");
    let metrics = get(&format!("{}/metrics", rig.url)).body;
    assert!(metrics.contains("wecom_relay_messages_enqueued_total{robot=\"ops\"} 1"), "{metrics}");
    // The two oversized bodies are counted like every other refused request.
    assert!(metrics.contains("wecom_relay_requests_total{endpoint=\"messages\",status=\"413\"} 2"), "{metrics}");
}

#[test]
fn alertmanager_groups_render_with_their_labels() {
    let rig = Rig::start("am", "", "mention = [\"zhangsan\"]");
    let a =
        post(&format!("{}/v1/alertmanager/default", rig.url), "application/json", None, &fixture("alertmanager.json"));
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(a.json()["alerts"], 2);
    let got = rig.delivered(1);
    assert_eq!(got[0]["msgtype"], "markdown");
    let c = content(&got[0]);
    for needle in [
        "FIRING 1",
        "RESOLVED 1",
        "InstanceDown",
        "instance=`web-1:9100`",
        "instance=`web-2:9100`",
        "severity=`critical`",
        "web-1:9100 has been down",
        "<@zhangsan>",
    ] {
        assert!(c.contains(needle), "{needle:?} not in {c}");
    }
    assert!(!c.contains("more"), "{c}");
}

#[test]
fn grafana_sample_renders_and_delivers() {
    let rig = Rig::start("grafana", "", "format = \"text_notice\"\nmention = [\"lisi\"]");
    let a = post(&format!("{}/v1/grafana/default", rig.url), "application/json", None, &fixture("grafana.json"));
    assert_eq!(a.status, 202, "{}", a.body);
    let got = rig.delivered(2);
    assert_eq!(got.len(), 2, "the card, then the text that mentions");
    let card = &got[0]["template_card"];
    assert_eq!(card["card_type"], "text_notice");
    assert_eq!(card["main_title"]["title"], "FIRING 1, RESOLVED 1 · Infra");
    let sub = card["sub_title_text"].as_str().unwrap();
    assert!(sub.contains("HighMemoryUsage") && sub.contains("zone=cn-sh-1") && sub.contains("DiskAlmostFull"), "{sub}");
    assert_eq!(card["card_action"]["url"], "https://grafana.example/");
    assert_eq!(got[1]["text"]["mentioned_list"], serde_json::json!(["lisi"]));
}

#[test]
fn routes_send_alerts_by_label_and_split_long_groups() {
    let rig = Rig::start(
        "routes",
        "",
        "format = \"text\"\n[[routes.default.rules]]\nlabels = { severity = \"none\" }\nrobots = [\"ops\"]\nmention = [\"wangwu\"]\n",
    );
    let alerts: Vec<Value> = (0..120)
        .map(|i| {
            serde_json::json!({"status": "firing", "labels": {"alertname": format!("Storm{i:03}"), "severity": if i % 2 == 0 { "none" } else { "page" }},
                "annotations": {"summary": "a summary long enough to need several messages for the whole group"},
                "startsAt": "2026-12-02T22:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://p/g"})
        })
        .collect();
    let payload = serde_json::json!({"version": "4", "status": "firing", "receiver": "r", "groupLabels": {}, "commonLabels": {},
        "commonAnnotations": {}, "externalURL": "http://am", "truncatedAlerts": 5, "alerts": alerts});
    let a =
        post(&format!("{}/v1/alertmanager/default", rig.url), "application/json", None, payload.to_string().as_bytes());
    assert_eq!(a.status, 202, "{}", a.body);
    let ids = a.json()["enqueued"][0]["ids"].as_array().unwrap().len();
    assert!(ids > 2, "split into {ids} messages");
    let got = rig.delivered(ids);
    let all: String = got.iter().map(content).collect::<Vec<_>>().join("\n");
    for i in 0..120 {
        assert!(all.contains(&format!("Storm{i:03}")), "Storm{i:03} missing");
    }
    assert!(all.contains("…and 5 more"));
    assert!(got.iter().all(|b| content(b).len() <= 2048));
    assert!(got.iter().any(|b| b["text"]["mentioned_list"] == serde_json::json!(["wangwu"])), "the rule's mention");
}

#[test]
fn tokens_are_required_when_configured() {
    let rig = Rig::start("tokens", "tokens = [{ env = \"RELAY_TOKEN\" }]", "");
    let url = format!("{}/v1/robots/ops/messages", rig.url);
    for token in [None, Some("wrong-token-wrong-token"), Some(&TOKEN[..TOKEN.len() - 1])] {
        let got = post(&url, "text/plain", token, b"x");
        assert_eq!(got.status, 401, "{token:?}: {}", got.body);
        assert!(got.headers.to_ascii_lowercase().contains("www-authenticate"), "{}", got.headers);
    }
    // Unknown names are not revealed before the token is checked.
    assert_eq!(post(&format!("{}/v1/robots/nobody/messages", rig.url), "text/plain", None, b"x").status, 401);
    assert_eq!(post(&url, "text/plain", Some(TOKEN), b"with the token").status, 202);
    assert_eq!(get(&format!("{}/healthz", rig.url)).status, 200);
    assert_eq!(rig.delivered(1).len(), 1);
}

#[test]
fn health_readiness_and_metrics() {
    let rig = Rig::start("health", "", "");
    assert_eq!(get(&format!("{}/healthz", rig.url)).body, "ok\n");
    assert_eq!(get(&format!("{}/readyz", rig.url)).status, 200);
    post(&format!("{}/v1/alertmanager/default", rig.url), "application/json", None, &fixture("alertmanager.json"));
    rig.delivered(1);
    let m = get(&format!("{}/metrics", rig.url));
    assert!(m.headers.contains("openmetrics"), "{}", m.headers);
    for name in [
        "wecom_relay_requests_total{endpoint=\"alertmanager\",status=\"202\"} 1",
        "wecom_relay_alerts_received_total{route=\"default\",source=\"alertmanager\"} 2",
        "wecom_relay_messages_enqueued_total{robot=\"ops\"} 1",
        "wecom_relay_messages_delivered_total{robot=\"ops\"} 1",
        "wecom_relay_sends_total{robot=\"ops\"} 1",
        "wecom_relay_outbox_pending{robot=\"ops\"} 0",
        "wecom_relay_delivery_latency_seconds_count{robot=\"ops\"} 1",
        "# TYPE wecom_relay_messages_packed counter",
        "# TYPE wecom_relay_messages_dead counter",
        "# TYPE wecom_relay_rate_limited counter",
    ] {
        assert!(m.body.contains(name), "{name} not in\n{}", m.body);
    }
}

#[test]
fn a_sqlite_store_that_cannot_be_used_is_not_ready_and_enqueues_nothing() {
    capture_logs();
    let mock = MockServer::start(MockConfig::default()).unwrap();
    let dir = dir_for("unready");
    let key = "RelayTest-unready-k3yc4n4ry-7f3e";
    // A directory where the SQLite file should be: the store cannot be opened.
    std::fs::create_dir_all(dir.join("state.db")).unwrap();
    let text = config(&mock, &dir, key, "")
        .replace("store = \"memory\"", &format!("store = \"sqlite:{}\"", dir.join("state.db").display()));
    std::fs::write(dir.join("relay.toml"), text).unwrap();
    let relay = Relay::start(dir.join("relay.toml"), Some("127.0.0.1:0".parse().unwrap()), vars()).unwrap();
    let url = format!("http://{}", relay.addr());
    let r = get(&format!("{url}/readyz"));
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("store"), "{}", r.body);
    let p = post(&format!("{url}/v1/robots/ops/messages"), "text/plain", None, b"x");
    assert_eq!(p.status, 503, "{}", p.body);
    assert_eq!(p.json()["error"], "store");
    relay.stop(Duration::ZERO);
    assert!(mock.records(key).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reload_applies_a_good_file_and_keeps_the_old_one_on_a_bad_one() {
    let rig = Rig::start("reload", "", "");
    let path = rig.dir.join("relay.toml");
    let good = std::fs::read_to_string(&path).unwrap();
    // A new route, and the robot's rate window changed: a new outbox and deliverer take over
    // the robot (the old one gives its lease up).
    std::fs::write(
        &path,
        format!("rate_limit = \"30/60\"\n{good}\n[routes.second]\nrobots = [\"ops\"]\nformat = \"text\"\n"),
    )
    .unwrap();
    rig.relay().reload().unwrap();
    let a =
        post(&format!("{}/v1/alertmanager/second", rig.url), "application/json", None, &fixture("alertmanager.json"));
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(rig.delivered(1)[0]["msgtype"], "text", "the new route, and the robot kept working");
    std::fs::write(&path, "[robots.ops]\nkey_env = \"NOT_SET_ANYWHERE\"\n").unwrap();
    let e = rig.relay().reload().unwrap_err();
    assert!(e.contains("relay.toml:2:") && e.contains("NOT_SET_ANYWHERE"), "{e}");
    let b =
        post(&format!("{}/v1/alertmanager/second", rig.url), "application/json", None, &fixture("alertmanager.json"));
    assert_eq!(b.status, 202, "the old config stays: {}", b.body);
    assert_eq!(rig.delivered(2).len(), 2);
    let m = get(&format!("{}/metrics", rig.url)).body;
    assert!(m.contains("wecom_relay_config_reloads_total{result=\"ok\"} 1"), "{m}");
    assert!(m.contains("wecom_relay_config_reloads_total{result=\"failed\"} 1"), "{m}");
    assert!(LOG.lock().unwrap().contains("reload failed, the running config stays"));
}

#[test]
fn the_key_is_never_in_answers_logs_or_metrics() {
    let rig = Rig::start("secret", "", "");
    let mut seen = String::new();
    for (url, ct, body) in [
        (format!("{}/v1/robots/ops/messages", rig.url), "text/plain", b"hello".to_vec()),
        (format!("{}/v1/robots/ops/messages", rig.url), "application/json", b"{bad".to_vec()),
        (format!("{}/v1/alertmanager/default", rig.url), "application/json", fixture("alertmanager.json")),
        (format!("{}/v1/grafana/default", rig.url), "application/json", fixture("grafana.json")),
    ] {
        let g = post(&url, ct, None, &body);
        seen.push_str(&g.body);
        seen.push_str(&g.headers);
    }
    // A refusal from the server too: the key is in every request the relay makes.
    rig.mock.script(&rig.key, wecom_bot_mock::Fault::Errcode { errcode: 93000, errmsg: None }, 1);
    post(&format!("{}/v1/robots/ops/messages", rig.url), "text/plain", None, b"refused");
    rig.delivered(3);
    std::thread::sleep(Duration::from_millis(500));
    for path in ["/metrics", "/readyz", "/healthz"] {
        seen.push_str(&get(&format!("{}{path}", rig.url)).body);
    }
    // This project's own lines (relay, core) never hold the key; other crates' lines (the HTTP
    // client's trace) are redacted by the program's logger (the CLI's: scripts/test-relay.sh
    // checks its standard error at -vv), as here.
    let all = LOG.lock().unwrap().clone();
    let ours: String =
        all.lines().filter(|l| l.split(' ').nth(1).is_some_and(|t| t.starts_with("wecom_bot"))).collect();
    let logs = format!("{ours}\n{}", wecom_bot::secret::redact(&all));
    assert!(logs.contains("delivered"), "the outbox logged: {logs}");
    for (what, text) in [("answers", &seen), ("logs", &logs)] {
        assert!(!text.contains(&rig.key), "the key is in the {what}");
        assert!(
            !text.contains("k3yc4n4ry"),
            "a piece of the key is in the {what}: {}",
            text.lines().find(|l| l.contains("k3yc4n4ry")).unwrap_or("")
        );
    }
}
