//! Alertmanager's webhook payload, version 4 (its `webhook_configs` receiver). Only what the
//! relay relies on is typed (and so checked); the template sees every field as sent.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The payload's required shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    /// Must be "4".
    pub version: String,
    /// "firing" or "resolved".
    pub status: Status,
    /// The alerts of the group (at most `max_alerts` of them).
    pub alerts: Vec<Alert>,
    /// Alerts Alertmanager left out (`max_alerts`).
    #[serde(default)]
    pub truncated_alerts: u64,
    /// The group's labels.
    #[serde(default)]
    pub group_labels: BTreeMap<String, String>,
}

/// An alert's required shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    /// "firing" or "resolved".
    pub status: Status,
    /// Its labels (routing matches these).
    pub labels: BTreeMap<String, String>,
    /// Its annotations.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
}

/// An alert's or group's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Active.
    Firing,
    /// Over.
    Resolved,
}

/// The version this relay reads.
pub const VERSION: &str = "4";
