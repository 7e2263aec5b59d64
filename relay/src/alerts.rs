//! An alert group from Alertmanager or Grafana: checked against its typed shape (an error
//! names the field), then handed to templates as sent, with a few conveniences added.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::alertmanager::{self, Status};
use crate::grafana;

/// Who sent the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `POST /v1/alertmanager/{route}`.
    Alertmanager,
    /// `POST /v1/grafana/{route}`.
    Grafana,
}

impl Source {
    /// Its name in paths, metrics and the template's `source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Alertmanager => "alertmanager",
            Source::Grafana => "grafana",
        }
    }
}

/// A payload the relay refuses: the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput {
    /// The JSON path (`alerts[0].labels`), empty for the whole body.
    pub field: String,
    /// Why.
    pub message: String,
}

/// A checked group.
#[derive(Debug, Clone)]
pub struct Group {
    /// The payload as sent.
    pub raw: Map<String, Value>,
    /// Each alert's labels, in payload order.
    pub labels: Vec<BTreeMap<String, String>>,
    /// Each alert's status.
    pub statuses: Vec<Status>,
}

fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, BadInput> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let path = e.path().to_string();
        BadInput { field: if path == "." { String::new() } else { path }, message: e.into_inner().to_string() }
    })
}

/// Parses and checks a body.
pub fn parse(source: Source, body: &[u8]) -> Result<Group, BadInput> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BadInput { field: String::new(), message: format!("the body is not JSON: {e}") })?;
    if !value.is_object() {
        return Err(BadInput { field: String::new(), message: "the body must be a JSON object".into() });
    }
    let alerts = match source {
        Source::Alertmanager => {
            let p: alertmanager::Payload = typed(&value)?;
            if p.version != alertmanager::VERSION {
                return Err(BadInput {
                    field: "version".into(),
                    message: format!("version {:?} is not the webhook version this relay reads (\"4\")", p.version),
                });
            }
            p.alerts
        }
        Source::Grafana => typed::<grafana::Payload>(&value)?.alerts,
    };
    if alerts.is_empty() {
        return Err(BadInput { field: "alerts".into(), message: "the group has no alert".into() });
    }
    let Value::Object(raw) = value else { unreachable!("checked above") };
    Ok(Group {
        labels: alerts.iter().map(|a| a.labels.clone()).collect(),
        statuses: alerts.iter().map(|a| a.status).collect(),
        raw,
    })
}

impl Group {
    /// The template's context for the alerts `idx` (those routed to `robot`): every field of
    /// the payload, `alerts` cut to those, plus `firing`, `resolved`, `group`, `route`,
    /// `robot` and `source`.
    pub fn context(&self, idx: &[usize], route: &str, robot: &str, source: Source) -> Value {
        let mut ctx = self.raw.clone();
        let all = self.raw.get("alerts").and_then(Value::as_array).cloned().unwrap_or_default();
        let pick = |want: Option<Status>| -> Vec<Value> {
            idx.iter()
                .filter(|&&i| want.is_none_or(|s| self.statuses[i] == s))
                .filter_map(|&i| all.get(i).cloned())
                .collect()
        };
        ctx.insert("alerts".into(), Value::Array(pick(None)));
        ctx.insert("firing".into(), Value::Array(pick(Some(Status::Firing))));
        ctx.insert("resolved".into(), Value::Array(pick(Some(Status::Resolved))));
        ctx.insert("group".into(), Value::String(self.name()));
        ctx.insert("route".into(), Value::String(route.to_owned()));
        ctx.insert("robot".into(), Value::String(robot.to_owned()));
        ctx.insert("source".into(), Value::String(source.as_str().to_owned()));
        Value::Object(ctx)
    }

    /// A short name: the group labels' values, else the common `alertname`, else the receiver.
    pub fn name(&self) -> String {
        let labels = |k: &str| self.raw.get(k).and_then(Value::as_object);
        if let Some(g) = labels("groupLabels").filter(|g| !g.is_empty()) {
            let values: Vec<&str> = g.values().filter_map(Value::as_str).collect();
            if !values.is_empty() {
                return values.join(" ");
            }
        }
        if let Some(name) = labels("commonLabels").and_then(|c| c.get("alertname")).and_then(Value::as_str) {
            return name.to_owned();
        }
        self.raw.get("receiver").and_then(Value::as_str).unwrap_or("alerts").to_owned()
    }

    /// The card's default click URL: `externalURL`, else the first alert's `generatorURL`.
    pub fn url(&self) -> String {
        let first = self.raw.get("alerts").and_then(|a| a.get(0)).and_then(|a| a.get("generatorURL"));
        [self.raw.get("externalURL"), first]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find(|s| !s.trim().is_empty())
            .unwrap_or_default()
            .to_owned()
    }
}
