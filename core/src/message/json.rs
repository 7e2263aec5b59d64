//! Parsing a request body into a [`Message`](super::Message): strictly (an unknown field is an
//! error naming it) or leniently (unknown fields are dropped and reported).
//!
//! Leniency exists because bodies are often copied from the neighbouring app-message API
//! (`safe`, `enable_duplicate_check`, an article's `appid`) and the server most likely ignores
//! such fields. The strict structs stay the one statement of which fields exist: the lenient
//! mode reads the field names serde hands to `deserialize_struct`, so no second list is kept.

use crate::error::{Error, Result, Rule};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::cell::RefCell;

/// How a JSON body's unknown fields are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownFields {
    /// An unknown field is a validation error naming it (the default).
    #[default]
    Refuse,
    /// Unknown fields are dropped; their paths are reported (see [`Parsed`]).
    Drop,
}

/// A message parsed from JSON, with the paths of the unknown fields that were dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The message.
    pub message: super::Message,
    /// Full paths of dropped fields (`"safe"`, `"news.articles[0].appid"`), in document order.
    /// Always empty under [`UnknownFields::Refuse`].
    pub dropped: Vec<String>,
}

impl Parsed {
    /// One line naming every dropped field, or `None` when nothing was dropped.
    pub fn warning(&self) -> Option<String> {
        (!self.dropped.is_empty()).then(|| format!("ignored unknown fields: {}", self.dropped.join(", ")))
    }
}

/// Where dropped field paths are collected while parsing (`None`: strict).
pub(crate) type Dropped<'a> = Option<&'a RefCell<Vec<String>>>;

/// Deserializes one part of a message with serde, reporting the failing field's full path.
/// With `dropped`, unknown fields are removed (and their paths recorded) instead of refused.
pub(crate) fn parse_part<T: DeserializeOwned>(prefix: &str, value: Value, dropped: Dropped<'_>) -> Result<T> {
    let result = match dropped {
        None => serde_path_to_error::deserialize(value),
        Some(sink) => serde_path_to_error::deserialize(Lenient { value, path: prefix.to_owned(), sink }),
    };
    result.map_err(|e| {
        let inner = e.path().to_string();
        let mut field = if inner == "." || inner.is_empty() { prefix.to_owned() } else { format!("{prefix}.{inner}") };
        let detail = e.inner().to_string();
        // serde reports a missing field at its parent's path; name the field itself, as
        // validation does (`news.articles[0].url`, not `news.articles[0]`).
        let missing = detail.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
        if let Some(name) = missing {
            field = format!("{field}.{name}");
        }
        let rule = if missing.is_some() { Rule::Required } else { Rule::Format };
        Error::validation(&field, rule, format!("{field}: {}", e.inner()))
    })
}

/// `null` for an optional list means the list is absent (serde alone calls it a type error).
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A JSON value that, when deserialized into a struct, first removes the keys the struct does
/// not declare, recording each one's path.
struct Lenient<'a> {
    value: Value,
    path: String,
    sink: &'a RefCell<Vec<String>>,
}

fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl<'de> Deserializer<'de> for Lenient<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(items) => {
                visitor.visit_seq(LenientSeq { items: items.into_iter(), index: 0, path: self.path, sink: self.sink })
            }
            Value::Object(map) => visitor.visit_map(LenientMap::new(map, self.path, self.sink)),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(mut map) => {
                let unknown: Vec<String> = map.keys().filter(|k| !fields.contains(&k.as_str())).cloned().collect();
                for key in unknown {
                    map.remove(&key);
                    self.sink.borrow_mut().push(join_key(&self.path, &key));
                }
                visitor.visit_map(LenientMap::new(map, self.path, self.sink))
            }
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        self.value.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct LenientSeq<'a> {
    items: std::vec::IntoIter<Value>,
    index: usize,
    path: String,
    sink: &'a RefCell<Vec<String>>,
}

impl<'de> SeqAccess<'de> for LenientSeq<'_> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> std::result::Result<Option<T::Value>, Self::Error> {
        let Some(value) = self.items.next() else { return Ok(None) };
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        seed.deserialize(Lenient { value, path, sink: self.sink }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct LenientMap<'a> {
    entries: serde_json::map::IntoIter,
    pending: Option<(String, Value)>,
    path: String,
    sink: &'a RefCell<Vec<String>>,
}

impl<'a> LenientMap<'a> {
    fn new(map: serde_json::Map<String, Value>, path: String, sink: &'a RefCell<Vec<String>>) -> LenientMap<'a> {
        LenientMap { entries: map.into_iter(), pending: None, path, sink }
    }
}

impl<'de> MapAccess<'de> for LenientMap<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> std::result::Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let out = seed.deserialize(IntoDeserializer::<serde_json::Error>::into_deserializer(key.as_str()))?;
        self.pending = Some((key, value));
        Ok(Some(out))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> std::result::Result<V::Value, Self::Error> {
        let (key, value) = self.pending.take().ok_or_else(|| de::Error::custom("a map value without its key"))?;
        seed.deserialize(Lenient { value, path: join_key(&self.path, &key), sink: self.sink })
    }
}
