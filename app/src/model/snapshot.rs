//! The stored JSON format of a revision: a [`Deal`] as it was saved.
//!
//! Revisions are append-only, so every snapshot ever written stays in the database in the
//! format of its day. Each stored snapshot carries its format version (`"v"`); reading
//! upgrades older versions step by step to the current one, so the rest of the code only
//! ever sees a [`Deal`]. A change to the format adds a version and an upgrade step here,
//! and a fixture of the old format to the tests below.
//!
//! Versions:
//! - 1 (no `"v"`): `{"deal": {…}, "jurisdiction_id": N}`, sources without ids.
//! - 2: each source has a stable `id`; version-1 sources get `s1`, `s2`… by position.
//! - 3: the deal's fields at the top level, `jurisdiction_id` among them. Later, `events`
//!   (each with a stable `id`), written only when a deal has some: a snapshot without them
//!   is one with no events, so this addition needs no upgrade step and no new version, and
//!   an unchanged deal's stored text (which re-imports compare by hash) stays the same.

use super::deal::Deal;
use serde::Serialize;
use serde_json::Value;

/// The format version this code writes.
pub const CURRENT_VERSION: u64 = 3;

/// The stored form: the version first, then the deal's fields.
#[derive(Serialize)]
struct Stored<'a> {
    v: u64,
    #[serde(flatten)]
    deal: &'a Deal,
}

impl Deal {
    /// The JSON stored in `revisions.snapshot`, in the current format.
    pub fn to_stored(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Stored { v: CURRENT_VERSION, deal: self })
    }

    /// Reads a stored snapshot of any version.
    pub fn from_stored(text: &str) -> Result<Deal, serde_json::Error> {
        let mut value: Value = serde_json::from_str(text)?;
        upgrade(&mut value);
        if let Value::Object(map) = &mut value {
            map.remove("v");
        }
        serde_json::from_value(value)
    }

    /// Gives every source and event without an id a new one, unique within the deal.
    pub fn give_source_ids(&mut self, mut fresh: impl FnMut() -> String) {
        for i in 0..self.sources.len() {
            if self.sources[i].id.is_empty() {
                let id = loop {
                    let id = fresh();
                    if !self.sources.iter().any(|s| s.id == id) {
                        break id;
                    }
                };
                self.sources[i].id = id;
            }
        }
        for i in 0..self.events.len() {
            if self.events[i].id.is_empty() {
                let id = loop {
                    let id = fresh();
                    if !self.events.iter().any(|e| e.id == id) {
                        break id;
                    }
                };
                self.events[i].id = id;
            }
        }
    }
}

/// Brings a stored snapshot of any version to the current one.
fn upgrade(value: &mut Value) {
    let version = value.get("v").and_then(Value::as_u64).unwrap_or(1);
    if version < 2 {
        if let Some(sources) = value.pointer_mut("/deal/sources").and_then(Value::as_array_mut) {
            for (i, source) in sources.iter_mut().enumerate() {
                if let Value::Object(s) = source {
                    s.insert("id".into(), Value::String(format!("s{}", i + 1)));
                }
            }
        }
    }
    if version < 3 {
        if let Value::Object(map) = value {
            let jurisdiction = map.remove("jurisdiction_id");
            if let Some(Value::Object(mut deal)) = map.remove("deal") {
                if let Some(j) = jurisdiction {
                    deal.insert("jurisdiction_id".into(), j);
                }
                map.extend(deal);
            }
        }
    }
    if let Value::Object(map) = value {
        map.insert("v".into(), Value::from(CURRENT_VERSION));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot as the first version of the site wrote it (before source ids).
    const V1: &str = r#"{"deal":{"title":"AWS cloud services","kind":"CloudContract","agency":null,"program":null,"entity_id":2,"amount_cents":120000000,"value_basis":"Maximum","announced":null,"approved":{"year":2023,"month":4,"day":null},"starts":null,"ends":null,"status":"Active","jobs_promised":null,"facility_name":null,"facility_location":null,"description":null,"sources":[{"url":"https://example.org/minutes.pdf","title":null,"publisher":null,"published":null,"archive_url":null,"note":null},{"url":null,"title":"Records request","publisher":"City Clerk","published":{"year":2022,"month":null,"day":null},"archive_url":null,"note":"page 4"}]},"jurisdiction_id":7}"#;

    /// Version 2: sources with ids of their own, the deal still nested.
    const V2: &str = r#"{"v":2,"deal":{"title":"AWS cloud services","kind":"CloudContract","agency":null,"program":null,"entity_id":2,"amount_cents":120000000,"value_basis":"Maximum","announced":null,"approved":{"year":2023,"month":4,"day":null},"starts":null,"ends":null,"status":"Active","jobs_promised":null,"facility_name":null,"facility_location":null,"description":null,"sources":[{"id":"9f3a01bc","url":"https://example.org/minutes.pdf","title":null,"publisher":null,"published":null,"archive_url":null,"note":null}]},"jurisdiction_id":7}"#;

    /// Version 3: the deal's fields at the top level.
    const V3: &str = r#"{"v":3,"title":"AWS cloud services","kind":"CloudContract","jurisdiction_id":7,"agency":null,"program":"Smart city","entity_id":2,"amount_cents":null,"value_basis":null,"announced":null,"approved":null,"starts":null,"ends":null,"status":"Active","jobs_promised":12,"facility_name":null,"facility_location":null,"description":null,"sources":[{"id":"s1","url":"https://example.org/minutes.pdf","title":null,"publisher":null,"published":null,"archive_url":null,"note":null}]}"#;

    #[test]
    fn reads_version_1_and_gives_sources_ids_by_position() {
        let d = Deal::from_stored(V1).expect("v1 reads");
        assert_eq!(d.jurisdiction_id, 7);
        assert_eq!(d.amount_cents, Some(120_000_000));
        let ids: Vec<&str> = d.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s1", "s2"]);
        assert_eq!(d.sources[1].note.as_deref(), Some("page 4"));
    }

    #[test]
    fn reads_version_2() {
        let d = Deal::from_stored(V2).expect("v2 reads");
        assert_eq!(d.sources[0].id, "9f3a01bc");
        assert_eq!(d.jurisdiction_id, 7);
    }

    #[test]
    fn reads_version_3() {
        let d = Deal::from_stored(V3).expect("v3 reads");
        assert_eq!((d.jurisdiction_id, d.jobs_promised, d.amount_cents), (7, Some(12), None));
        assert_eq!(d.program.as_deref(), Some("Smart city"));
        assert!(d.events.is_empty());
        // Written again without events, the text is the one stored (re-imports compare it).
        let mut again: serde_json::Value = serde_json::from_str(&d.to_stored().unwrap()).unwrap();
        let mut before: serde_json::Value = serde_json::from_str(V3).unwrap();
        again.as_object_mut().map(|m| m.remove("events"));
        before.as_object_mut().map(|m| m.remove("events"));
        assert_eq!(again, before);
        assert!(!d.to_stored().unwrap().contains("events"));
    }

    #[test]
    fn events_keep_their_ids_and_zone_through_a_round_trip() {
        let mut d = Deal::from_stored(V3).unwrap();
        d.events.push(crate::model::Event {
            id: String::new(),
            kind: crate::model::EventKind::Vote,
            date: chrono::NaiveDate::from_ymd_opt(2027, 3, 14).unwrap(),
            time: chrono::NaiveTime::from_hms_opt(18, 30, 0),
            zone: Some("America/New_York".into()),
            body: Some("County Board".into()),
            location: None,
            agenda_url: None,
            outcome: None,
            outcome_url: None,
        });
        d.give_source_ids(|| "e1".into());
        assert_eq!(d.events[0].id, "e1");
        let stored = d.to_stored().unwrap();
        assert!(stored.contains(r#""time":"18:30:00""#), "{stored}");
        assert_eq!(Deal::from_stored(&stored).unwrap(), d);
    }

    #[test]
    fn writes_the_current_version_and_reads_it_back() {
        let mut d = Deal::from_stored(V1).unwrap();
        d.sources.push(Default::default());
        d.sources[2].url = Some("https://example.org/b".into());
        let mut n = 0;
        d.give_source_ids(|| {
            n += 1;
            if n == 1 {
                "s1".into()
            } else {
                format!("new{n}")
            }
        });
        assert_eq!(d.sources[2].id, "new2", "an id already in use is not given twice");
        let stored = d.to_stored().unwrap();
        assert!(stored.starts_with(&format!("{{\"v\":{CURRENT_VERSION},")), "{stored}");
        assert_eq!(Deal::from_stored(&stored).unwrap(), d);
    }
}
