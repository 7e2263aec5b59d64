//! Grafana's webhook contact point payload (unified alerting, `version` "1"): Alertmanager's
//! shape plus Grafana's own fields (`title`, `message`, `state`, `orgId`, and per alert
//! `values`, `valueString`, `silenceURL`, `dashboardURL`, `panelURL`, `imageURL`). Only what
//! the relay relies on is typed; the template sees every field as sent.

use std::collections::BTreeMap;

use serde::Deserialize;

pub use crate::alertmanager::{Alert, Status};

/// The payload's required shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    /// "1" today; any version whose alerts have this shape is read.
    #[serde(default)]
    pub version: Option<String>,
    /// "firing" or "resolved".
    pub status: Status,
    /// The alerts.
    pub alerts: Vec<Alert>,
    /// Alerts Grafana left out.
    #[serde(default)]
    pub truncated_alerts: u64,
    /// The group's labels.
    #[serde(default)]
    pub group_labels: BTreeMap<String, String>,
    /// Grafana's title of the notification.
    #[serde(default)]
    pub title: Option<String>,
}
