//! Small validation primitives shared by every message type. They build the field path only
//! when a rule is broken, so valid messages pay for no allocation here.

use crate::error::{Error, Result, Rule};

/// Joins a parent path and a field name: `join("template_card", "source")`.
pub(crate) fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// A required string: present and not empty.
pub(crate) fn required(parent: &str, name: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(Error::validation(
            join(parent, name),
            Rule::Required,
            format!("{} is required and must not be empty", join(parent, name)),
        )),
    }
}

/// A required string that must also fit in `limit` UTF-8 bytes.
pub(crate) fn required_max_bytes(parent: &str, name: &str, value: &str, limit: usize) -> Result<()> {
    required(parent, name, Some(value))?;
    let len = value.len();
    if len > limit {
        let field = join(parent, name);
        return Err(Error::validation(&field, Rule::MaxBytes, format!("{field} is {len} bytes; the limit is {limit}"))
            .with_limit(limit as u64));
    }
    Ok(())
}

/// A list of at most `max` items.
pub(crate) fn max_items<T>(parent: &str, name: &str, list: &[T], max: usize) -> Result<()> {
    if list.len() > max {
        let field = join(parent, name);
        return Err(Error::validation(
            &field,
            Rule::MaxItems,
            format!("{field} has {} items; the limit is {max}", list.len()),
        )
        .with_limit(max as u64));
    }
    Ok(())
}

/// An optional integer within `0..=max`.
pub(crate) fn int_range(parent: &str, name: &str, value: Option<i64>, max: i64, meaning: &str) -> Result<()> {
    match value {
        Some(v) if !(0..=max).contains(&v) => {
            let field = join(parent, name);
            Err(Error::validation(
                &field,
                Rule::AllowedValues,
                format!("{field} is {v}; allowed values are 0 to {max} ({meaning})"),
            )
            .with_limit(max as u64))
        }
        _ => Ok(()),
    }
}
