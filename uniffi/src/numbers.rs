//! Integer conversions at the boundary: Kotlin and Swift get signed 64-bit numbers (Kotlin's
//! unsigned types need `u` literals), checked here before they reach the core.

use crate::error::{Result, WecomError};

/// Converts a count or size for the foreign side.
pub(crate) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A non-negative `i64` argument as `usize`, or an `invalid_argument` error naming it.
pub(crate) fn non_negative(argument: &str, n: i64) -> Result<usize> {
    usize::try_from(n)
        .map_err(|_| WecomError::invalid_argument(argument, format!("{argument} must not be negative (got {n})")))
}
