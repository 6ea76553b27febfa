//! A message to show a person, by catalogue id and arguments: what errors and field notes
//! carry, so the words are chosen in the reader's language when the page is rendered
//! (`crate::i18n`), never compared or built from English.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Text(String),
    /// A number, which plural forms in the catalogue select on.
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Arg::Number(n.into())
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(n as i64)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as i64)
    }
}

/// A catalogue id ("deal-title-missing") with its arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    pub id: String,
    pub args: Vec<(String, Arg)>,
}

impl Msg {
    pub fn new(id: &str) -> Msg {
        Msg { id: id.to_string(), args: Vec::new() }
    }

    /// The same message with one more argument.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Msg {
        self.args.push((name.to_string(), value.into()));
        self
    }
}

/// Field name → its message (`title`, `amount`, `source_url_0` …).
pub type FieldErrors = BTreeMap<String, Msg>;

/// A one-field error list.
pub fn field(name: &str, msg: Msg) -> FieldErrors {
    FieldErrors::from([(name.to_string(), msg)])
}
