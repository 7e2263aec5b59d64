//! The endpoints (docs/relay.md "Endpoints"). Every request is handled on a blocking thread:
//! rendering and the store's durable write are synchronous.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde_json::{json, Value};
use wecom_bot::{ErrorKind, Message, Text};
use wecom_bot_mock::serve::{Answer, Handler, Request};

use crate::alerts::{self, Source};
use crate::render::{self, Shape};
use crate::state::Live;
use crate::Shared;

/// The server's handler.
pub struct Api(pub Arc<Shared>);

impl Handler for Api {
    fn handle(&self, req: Request) -> impl Future<Output = Answer> + Send + 'static {
        let shared = Arc::clone(&self.0);
        async move {
            let metrics = Arc::clone(&shared.metrics);
            match tokio::task::spawn_blocking(move || handle(&shared, &req)).await {
                Ok((endpoint, answer)) => {
                    if let Answer::Respond { status, .. } | Answer::RespondWith { status, .. } = &answer {
                        metrics.request(endpoint, *status);
                    }
                    answer
                }
                Err(_) => {
                    metrics.request("unknown", 500);
                    error(500, "internal", "", "the relay failed on this request")
                }
            }
        }
    }

    /// The server's own refusals (413, 408, 500) answer in JSON like every other error, and count.
    fn refusal(&self, status: u16, _method: &str, target: &str, why: &str) -> Answer {
        let endpoint = endpoint_of(&segments(target)).map_or("unknown", |(endpoint, _)| endpoint);
        self.0.metrics.request(endpoint, status);
        let kind = match status {
            413 => "payload_too_large",
            408 => "request_timeout",
            _ => "internal",
        };
        error(status, kind, "", why)
    }
}

/// A request target's path (its query dropped) and that path's segments.
fn path_of(target: &str) -> &str {
    target.split('?').next().unwrap_or("")
}

fn segments(target: &str) -> Vec<&str> {
    path_of(target).trim_start_matches('/').split('/').collect()
}

/// The endpoint a path's segments name, and whether it takes POST (else GET); `None`: no endpoint.
fn endpoint_of(segments: &[&str]) -> Option<(&'static str, bool)> {
    Some(match segments {
        ["healthz"] => ("healthz", false),
        ["readyz"] => ("readyz", false),
        ["metrics"] => ("metrics", false),
        ["v1", "robots", _, "messages"] => ("messages", true),
        ["v1", "alertmanager", _] => ("alertmanager", true),
        ["v1", "grafana", _] => ("grafana", true),
        _ => return None,
    })
}

fn answer(status: u16, body: &Value) -> Answer {
    Answer::Respond { status, content_type: "application/json".into(), body: Bytes::from(body.to_string()) }
}

fn error(status: u16, kind: &str, field: &str, message: &str) -> Answer {
    let mut body = json!({ "error": kind, "message": message });
    if !field.is_empty() {
        body["field"] = Value::String(field.to_owned());
    }
    answer(status, &body)
}

fn core_error(e: &wecom_bot::Error) -> Answer {
    let status = match e.kind() {
        ErrorKind::Validation | ErrorKind::InvalidArgument => 400,
        ErrorKind::Store => 503,
        _ => 500,
    };
    let mut body = json!({ "error": e.kind().as_str(), "message": e.to_string() });
    if let Some(f) = e.field() {
        body["field"] = Value::String(f.to_owned());
    }
    if let Some(r) = e.rule() {
        body["rule"] = Value::String(r.as_str().to_owned());
    }
    if let Some(l) = e.limit() {
        body["limit"] = Value::from(l);
    }
    answer(status, &body)
}

/// Constant-time comparison of a presented token with a configured one.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorized(live: &Live, req: &Request) -> bool {
    if live.config.tokens.is_empty() {
        return true;
    }
    let Some(presented) = req.header("authorization").and_then(|h| {
        let (scheme, token) = h.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    }) else {
        return false;
    };
    // Every token is compared, whichever matches.
    live.config.tokens.iter().fold(false, |ok, t| same(presented.as_bytes(), t.as_bytes()) | ok)
}

fn handle(shared: &Shared, req: &Request) -> (&'static str, Answer) {
    let live = shared.live();
    let path = path_of(&req.target);
    let segments = segments(&req.target);
    let post = req.method == "POST";
    let get = req.method == "GET" || req.method == "HEAD";
    let Some((endpoint, wants_post)) = endpoint_of(&segments) else {
        return ("unknown", error(404, "not_found", "", &format!("no endpoint at {path}; see docs/relay.md")));
    };
    if wants_post && !post || !wants_post && !get {
        let allowed = if wants_post { "POST" } else { "GET" };
        return (endpoint, error(405, "method_not_allowed", "", &format!("{endpoint} takes {allowed}")));
    }
    if wants_post && !authorized(&live, req) {
        let body = json!({ "error": "unauthorized", "message": "a valid Authorization: Bearer token is required" });
        return (
            endpoint,
            Answer::RespondWith {
                status: 401,
                content_type: "application/json".into(),
                headers: vec![("www-authenticate", "Bearer realm=\"wecom-bot relay\"".into())],
                body: Bytes::from(body.to_string()),
            },
        );
    }
    let answer = match (endpoint, segments.as_slice()) {
        ("healthz", _) => Answer::text(200, "ok\n"),
        ("readyz", _) => readyz(&live),
        ("metrics", _) => {
            for (name, r) in &live.robots {
                if let Ok(s) = r.outbox.status() {
                    shared.metrics.pending(name, s.pending);
                }
            }
            Answer::Respond {
                status: 200,
                content_type: crate::metrics::CONTENT_TYPE.into(),
                body: Bytes::from(shared.metrics.render()),
            }
        }
        ("messages", [_, _, robot, _]) => message(shared, &live, robot, req),
        ("alertmanager", [_, _, route]) => alert_group(shared, &live, route, Source::Alertmanager, req),
        ("grafana", [_, _, route]) => alert_group(shared, &live, route, Source::Grafana, req),
        _ => error(404, "not_found", "", "no such endpoint"),
    };
    (endpoint, answer)
}

fn readyz(live: &Live) -> Answer {
    for (name, r) in &live.robots {
        if let Err(e) = r.outbox.status() {
            return error(503, "store", "", &format!("robot {name}: {e}"));
        }
    }
    Answer::text(200, "ready\n")
}

/// The producer whose order the outbox keeps: this relay process.
fn producer() -> String {
    format!("relay-{}", std::process::id())
}

/// `POST /v1/robots/{robot}/messages`.
fn message(shared: &Shared, live: &Live, robot: &str, req: &Request) -> Answer {
    let Some(r) = live.robots.get(robot) else {
        return error(404, "unknown_robot", "robot", &format!("no robot is named {robot:?} in the relay's config"));
    };
    let content_type = req.header("content-type").unwrap_or("application/json").to_ascii_lowercase();
    let Ok(body) = std::str::from_utf8(&req.body) else {
        return error(400, "validation", "", "the body is not UTF-8");
    };
    let msg = if content_type.starts_with("text/plain") {
        Message::Text(Text::new(body.trim_end_matches(['\r', '\n'])))
    } else if content_type.starts_with("application/json") || content_type.ends_with("+json") {
        match Message::from_json(body) {
            Ok(m) => m,
            Err(e) => return core_error(&e),
        }
    } else {
        return error(
            415,
            "unsupported_media_type",
            "content-type",
            "send application/json (a webhook message) or text/plain (a text message)",
        );
    };
    if let Err(e) = msg.validate() {
        return core_error(&e);
    }
    match r.outbox.enqueue_from(&producer(), &msg) {
        Ok(id) => {
            r.enqueued.add(&[id]);
            shared.metrics.enqueued(robot, 1 + u64::from(msg.followup_text().is_some()));
            answer(202, &json!({ "robot": robot, "id": id }))
        }
        Err(e) => {
            log::warn!(target: crate::LOG_TARGET, "robot {robot}: enqueue failed: {e}");
            core_error(&e)
        }
    }
}

/// `POST /v1/alertmanager/{route}` and `/v1/grafana/{route}`.
fn alert_group(shared: &Shared, live: &Live, route_name: &str, source: Source, req: &Request) -> Answer {
    let Some(route) = live.config.routes.get(route_name) else {
        return error(
            404,
            "unknown_route",
            "route",
            &format!("no route is named {route_name:?} in the relay's config"),
        );
    };
    let group = match alerts::parse(source, &req.body) {
        Ok(g) => g,
        Err(bad) => return error(400, "bad_payload", &bad.field, &bad.message),
    };
    shared.metrics.alerts(route_name, source.as_str(), group.labels.len() as u64);
    let labels: Vec<_> = group.labels.iter().collect();
    let (routed, unrouted) = crate::routes::group(route, &labels);
    if unrouted > 0 {
        log::warn!(target: crate::LOG_TARGET, "route {route_name}: {unrouted} alert(s) matched no rule and the route has no robots");
    }
    // Everything is rendered and checked before anything is enqueued.
    let template = route.template.clone().unwrap_or_else(|| route.format.as_str().to_owned());
    let default_url = group.url();
    let card_url = route.card_url.as_deref().unwrap_or(&default_url);
    let mut batches = Vec::new();
    for (robot, idx, mentions) in &routed {
        let ctx = group.context(idx, route_name, robot, source);
        let rendered = match live.templates.render(&template, &ctx) {
            Ok(t) => t,
            Err(e) => {
                log::warn!(target: crate::LOG_TARGET, "route {route_name}: {e}");
                return error(500, "template", "", &e);
            }
        };
        let shape = Shape { format: route.format, mentions, mention_text: &route.mention_text, card_url };
        match render::messages(&rendered, &shape) {
            Ok(m) => batches.push((robot.as_str(), m)),
            Err(e) => {
                log::warn!(target: crate::LOG_TARGET, "route {route_name}: the rendered message is not valid: {e}");
                return core_error(&e);
            }
        }
    }
    let producer = producer();
    let mut out = Vec::new();
    for (robot, messages) in batches {
        let Some(r) = live.robots.get(robot) else { continue };
        let mut ids = Vec::new();
        for m in &messages {
            match r.outbox.enqueue_from(&producer, m) {
                Ok(id) => {
                    ids.push(id);
                    shared.metrics.enqueued(robot, 1 + u64::from(m.followup_text().is_some()));
                }
                Err(e) => {
                    log::warn!(target: crate::LOG_TARGET, "robot {robot}: enqueue failed: {e}");
                    return core_error(&e);
                }
            }
        }
        r.enqueued.add(&ids);
        out.push(json!({ "robot": robot, "ids": ids }));
    }
    answer(202, &json!({ "alerts": group.labels.len(), "unrouted": unrouted, "enqueued": out }))
}
