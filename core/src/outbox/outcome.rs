//! What a failed delivery means for the messages it carried (issue 13, DESIGN.md's sending
//! rules): sent nothing (retry with backoff), may have delivered (retry once, counted as a
//! possible duplicate), or refused for good (dead letter at once).

use crate::error::{Error, ErrorKind};

/// The three outcomes of a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing can have been delivered: connect failures, errcode -1, 45009, the local limiter,
    /// the store under `fail`.
    NotSent,
    /// The request went out and no clear answer came back: the message may have been delivered.
    Uncertain,
    /// The server refused the message, or it can never be sent (93000, 40058, …).
    Permanent,
}

pub(crate) fn classify(e: &Error) -> Outcome {
    match e.kind() {
        ErrorKind::RateLimited | ErrorKind::Store => Outcome::NotSent,
        ErrorKind::Api if matches!(e.errcode(), Some(crate::errcode::SYSTEM_BUSY | crate::errcode::RATE_LIMITED)) => {
            Outcome::NotSent
        }
        ErrorKind::Api => Outcome::Permanent,
        // The core knows whether the request went out (`Error::may_have_been_delivered`).
        ErrorKind::Timeout | ErrorKind::Transport if e.may_have_been_delivered() => Outcome::Uncertain,
        ErrorKind::Timeout | ErrorKind::Transport => Outcome::NotSent,
        // A 5xx may come after the server took the message; anything else is an answer.
        ErrorKind::HttpStatus if e.status().is_some_and(|s| s >= 500) => Outcome::Uncertain,
        // An answer we cannot read came back: the message may have been taken.
        ErrorKind::Decode => Outcome::Uncertain,
        _ => Outcome::Permanent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TimeoutPhase;
    use std::time::Duration;

    #[test]
    fn outcomes() {
        assert_eq!(classify(&Error::api(-1, "system busy")), Outcome::NotSent);
        assert_eq!(classify(&Error::api(45009, "api freq out of limit")), Outcome::NotSent);
        assert_eq!(classify(&Error::rate_limited_locally(Duration::from_secs(3))), Outcome::NotSent);
        assert_eq!(classify(&Error::api(93000, "invalid webhook url")), Outcome::Permanent);
        assert_eq!(classify(&Error::api(40058, "invalid parameter")), Outcome::Permanent);
        assert_eq!(classify(&Error::transport("Connection refused (os error 111)")), Outcome::NotSent);
        assert_eq!(classify(&Error::transport("reset").after_the_request_went_out()), Outcome::Uncertain);
        assert_eq!(classify(&Error::timeout(TimeoutPhase::Connect, "x")), Outcome::NotSent);
        let late = Error::timeout(TimeoutPhase::Receive, "x").after_the_request_went_out();
        assert_eq!(classify(&late), Outcome::Uncertain);
        assert_eq!(classify(&Error::http_status(502)), Outcome::Uncertain);
        assert_eq!(classify(&Error::http_status(404)), Outcome::Permanent);
        assert_eq!(classify(&Error::decode("not JSON")), Outcome::Uncertain);
        assert_eq!(classify(&Error::store("sqlite:/x", "locked")), Outcome::NotSent);
        assert_eq!(classify(&Error::invalid_argument("x", "y")), Outcome::Permanent);
    }
}
