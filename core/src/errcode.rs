//! Server errcodes the client knows, with what they mean to a user.

/// errcode 45009: more than 20 messages per minute for this robot.
pub const RATE_LIMITED: i64 = 45009;
/// errcode -1: the server is busy; nothing was done, retrying is safe.
pub const SYSTEM_BUSY: i64 = -1;

/// `(errcode, meaning)` for the codes this project has seen documented or observed.
pub const KNOWN: &[(i64, &str)] = &[
    (-1, "system busy, retry later"),
    (40004, "invalid media type: uploads are \"file\" or \"voice\""),
    (40005, "invalid file type: images are JPG or PNG"),
    (40006, "invalid media size"),
    (40007, "invalid media_id: unknown, expired (3 days) or uploaded by another robot"),
    (40008, "invalid message type"),
    (40009, "invalid image size: at most 2 MiB"),
    (40058, "a parameter is invalid or too long"),
    (43002, "the request must be a POST"),
    (44001, "empty media data"),
    (44004, "empty text content"),
    (45001, "media too large"),
    (45008, "too many articles (1 to 8)"),
    (45009, "more than 20 messages per minute for this robot"),
    (93000, "invalid webhook url: the key is wrong or the robot was removed"),
    (301017, "voice must be AMR and at most 60 s"),
    (301019, "image md5 does not match its content"),
];

/// What a known errcode means, if we know it.
pub fn meaning(errcode: i64) -> Option<&'static str> {
    KNOWN.iter().find(|(c, _)| *c == errcode).map(|(_, m)| *m)
}
