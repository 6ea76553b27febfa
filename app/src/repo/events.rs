//! The deals' dated events as lists and calendars read them: `deal_events`, rewritten from a
//! deal's shown version by the writes that change its row ([`project`], and the importer's
//! [`rows_of`]), read by date ([`upcoming`], [`calendar`]).

use crate::model::upcoming::{Upcoming, UpcomingFilter, UpcomingRow};
use crate::model::{Deal, Event, EventKind, EventOutcome};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// The stable id of the row that stands for a deal's own end date.
pub use crate::model::upcoming::ENDS_ID as ENDS;

/// One row of `deal_events`, as written.
pub struct EventRow {
    pub stable_id: String,
    pub kind: &'static str,
    pub on_date: String,
    pub precision: &'static str,
    pub at_time: Option<String>,
    pub zone: Option<String>,
    pub body: Option<String>,
    pub location: Option<String>,
    pub agenda_url: Option<String>,
    pub outcome: Option<&'static str>,
    pub outcome_url: Option<String>,
}

/// The rows a version of a deal makes: its events in order, then its end date (at the last
/// day it can mean).
pub fn rows_of(snap: &Deal) -> Vec<EventRow> {
    let mut out: Vec<EventRow> = snap
        .events
        .iter()
        .map(|e| EventRow {
            stable_id: e.id.clone(),
            kind: e.kind.code(),
            on_date: e.date.format("%Y-%m-%d").to_string(),
            precision: "day",
            at_time: e.time.map(|t| t.format("%H:%M").to_string()),
            zone: e.zone.clone(),
            body: e.body.clone(),
            location: e.location.clone(),
            agenda_url: e.agenda_url.clone(),
            outcome: e.outcome.map(EventOutcome::code),
            outcome_url: e.outcome_url.clone(),
        })
        .collect();
    if let Some(ends) = snap.ends {
        out.push(EventRow {
            stable_id: ENDS.into(),
            kind: EventKind::Expiry.code(),
            on_date: ends.last_day().format("%Y-%m-%d").to_string(),
            precision: ends.precision(),
            at_time: None,
            zone: None,
            body: None,
            location: None,
            agenda_url: None,
            outcome: None,
            outcome_url: None,
        });
    }
    out
}

/// The columns every insert writes, in the order [`push_row`] binds them.
pub const COLUMNS: &str = "INSERT INTO deal_events (deal_id, stable_id, position, kind, on_date, precision, at_time, zone, body, location,
    agenda_url, outcome, outcome_url, jurisdiction_id, state_usps) ";

/// Values a row binds (for the importer's statement sizes).
pub const BINDS: usize = 15;

/// Binds one row of [`COLUMNS`].
pub fn push_row(
    row: &mut sqlx::query_builder::Separated<'_, 'static, Sqlite, &'static str>,
    deal: i64,
    pos: usize,
    r: &EventRow,
    jurisdiction: i64,
    state: &str,
) {
    row.push_bind(deal)
        .push_bind(r.stable_id.clone())
        .push_bind(pos as i64)
        .push_bind(r.kind)
        .push_bind(r.on_date.clone())
        .push_bind(r.precision)
        .push_bind(r.at_time.clone())
        .push_bind(r.zone.clone())
        .push_bind(r.body.clone())
        .push_bind(r.location.clone())
        .push_bind(r.agenda_url.clone())
        .push_bind(r.outcome)
        .push_bind(r.outcome_url.clone())
        .push_bind(jurisdiction)
        .push_bind(state.to_string());
}

/// Rewrites a deal's rows to show `snap` (with its row and sources, in the same write).
pub async fn project(conn: &mut SqliteConnection, deal: i64, snap: &Deal) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM deal_events WHERE deal_id = ?").bind(deal).execute(&mut *conn).await?;
    let rows = rows_of(snap);
    if rows.is_empty() {
        return Ok(());
    }
    let state: String = sqlx::query_scalar("SELECT state_usps FROM jurisdictions WHERE id = ?")
        .bind(snap.jurisdiction_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or_default();
    let mut b = QueryBuilder::<Sqlite>::new(COLUMNS);
    b.push_values(rows.iter().enumerate(), |mut row, (pos, r)| push_row(&mut row, deal, pos, r, snap.jurisdiction_id, &state));
    b.build().execute(conn).await?;
    Ok(())
}

/// A deal's own events (not its end date), in order, as its page shows them.
pub async fn of_deal(conn: &mut SqliteConnection, deal: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows: Vec<Stored> =
        sqlx::query_as(&format!("SELECT {STORED} FROM deal_events WHERE deal_id = ? AND stable_id != ? ORDER BY position"))
            .bind(deal)
            .bind(ENDS)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().filter_map(Stored::into_event).collect())
}

/// The columns of [`Stored`].
const STORED: &str = "stable_id, kind, on_date, precision, at_time, zone, body, location, agenda_url, outcome, outcome_url";

#[derive(sqlx::FromRow)]
struct Stored {
    stable_id: String,
    kind: String,
    on_date: String,
    precision: String,
    at_time: Option<String>,
    zone: Option<String>,
    body: Option<String>,
    location: Option<String>,
    agenda_url: Option<String>,
    outcome: Option<String>,
    outcome_url: Option<String>,
}

impl Stored {
    fn into_event(self) -> Option<Event> {
        Some(Event {
            id: self.stable_id,
            kind: EventKind::from_code(&self.kind)?,
            date: chrono::NaiveDate::parse_from_str(&self.on_date, "%Y-%m-%d").ok()?,
            time: self.at_time.and_then(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M").ok()),
            zone: self.zone,
            body: self.body,
            location: self.location,
            agenda_url: self.agenda_url,
            outcome: self.outcome.and_then(|o| EventOutcome::from_code(&o)),
            outcome_url: self.outcome_url,
        })
    }
}

/// A listed event with its deal and government.
#[derive(sqlx::FromRow)]
struct Listed {
    deal_id: i64,
    deal_title: String,
    deal_updated: String,
    revision: Option<i64>,
    place_name: String,
    place_state: String,
    place_kind: String,
    place_slug: String,
    #[sqlx(flatten)]
    event: Stored,
}

/// Which governments a list covers.
#[derive(Clone, Debug)]
pub enum Scope {
    Site,
    State(String),
    /// A government alone, or with the governments directly under it (a county's places).
    Government {
        id: i64,
        with_inside: bool,
    },
}

impl Scope {
    /// What a place page's "Coming up" covers: a state's governments, a county with the
    /// governments directly under it, any other government alone.
    pub fn of_place(id: i64, kind: crate::model::JurisdictionKind, usps: &str) -> Scope {
        use crate::model::JurisdictionKind;
        match kind {
            JurisdictionKind::State => Scope::State(usps.to_string()),
            JurisdictionKind::County => Scope::Government { id, with_inside: true },
            _ => Scope::Government { id, with_inside: false },
        }
    }
}

/// The scope of a list's filter with the place's name ("Arlington County, VA"), or None
/// when the place it names doesn't exist.
pub async fn scope_of(conn: &mut SqliteConnection, f: &UpcomingFilter) -> Result<Option<(Scope, Option<String>)>, sqlx::Error> {
    if let Some(place) = &f.place {
        let Some((usps, slug)) = place.split_once('/') else { return Ok(None) };
        return Ok(match super::jurisdictions::by_slug(&mut *conn, usps, slug).await? {
            super::jurisdictions::SlugLookup::Found(j) | super::jurisdictions::SlugLookup::Moved(j) => {
                Some((Scope::of_place(j.id, j.kind, &j.state_usps), Some(j.label())))
            }
            super::jurisdictions::SlugLookup::Missing => None,
        });
    }
    Ok(Some((f.state.clone().map_or(Scope::Site, Scope::State), None)))
}

/// Events of public deals from `from` (a day) to `until` in date order, after the cursor
/// (`on_date|deal|stable_id`), at most `limit`. Expiry and renewal dates of deals that are
/// over (completed, cancelled, terminated, clawed back) are left out: nothing is decided.
pub async fn upcoming(
    conn: &mut SqliteConnection,
    scope: &Scope,
    f: &UpcomingFilter,
    from: &str,
    limit: i64,
) -> Result<Upcoming, sqlx::Error> {
    let until = f.window.days().map(|d| window_end(from, d));
    let mut b = QueryBuilder::<Sqlite>::new(format!(
        "SELECT e.deal_id, d.title AS deal_title, d.updated_at AS deal_updated, d.published_revision AS revision,
            j.display_name AS place_name, j.state_usps AS place_state, j.kind AS place_kind, j.slug AS place_slug,
            {}
         FROM deal_events e JOIN deals d ON d.id = e.deal_id JOIN jurisdictions j ON j.id = e.jurisdiction_id
         WHERE d.published = 1 AND d.deleted_at IS NULL AND j.pending = 0
           AND (e.kind IN ('hearing', 'vote', 'comment_deadline') OR d.status IN ('proposed', 'approved', 'active'))
           AND e.on_date >= ",
        STORED.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ")
    ));
    b.push_bind(from.to_string());
    if let Some(until) = &until {
        b.push(" AND e.on_date <= ").push_bind(until.clone());
    }
    if let Some(days) = f.window.decision_days() {
        let until = window_end(from, days);
        b.push(" AND (e.kind NOT IN ('hearing', 'vote', 'comment_deadline') OR e.on_date <= ").push_bind(until).push(")");
    }
    match scope {
        Scope::Site => {}
        Scope::State(usps) => {
            b.push(" AND e.state_usps = ").push_bind(usps.to_ascii_uppercase());
        }
        Scope::Government { id, with_inside: false } => {
            b.push(" AND e.jurisdiction_id = ").push_bind(*id);
        }
        Scope::Government { id, with_inside: true } => {
            // One lookup by the government index per government, not a scan of the dates.
            b.push(" AND e.jurisdiction_id IN (SELECT id FROM jurisdictions WHERE id = ")
                .push_bind(*id)
                .push(" OR parent_id = ")
                .push_bind(*id)
                .push(")");
        }
    }
    if let Some(kind) = f.kind {
        b.push(" AND e.kind = ").push_bind(kind.code());
    }
    if let Some((date, deal, stable)) = f.after.as_deref().and_then(parse_cursor) {
        b.push(" AND (e.on_date, e.deal_id, e.stable_id) > (")
            .push_bind(date)
            .push(", ")
            .push_bind(deal)
            .push(", ")
            .push_bind(stable)
            .push(")");
    }
    b.push(" ORDER BY e.on_date, e.deal_id, e.stable_id LIMIT ").push_bind(limit + 1);
    let mut rows: Vec<Listed> = b.build_query_as().fetch_all(conn).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next = more.then(|| rows.last().map(|r| format!("{}|{}|{}", r.event.on_date, r.deal_id, r.event.stable_id))).flatten();
    let rows = rows
        .into_iter()
        .filter_map(|r| {
            let precision = r.event.precision.clone();
            let event = r.event.into_event()?;
            Some(UpcomingRow {
                deal_id: r.deal_id,
                deal_title: r.deal_title,
                deal_updated: r.deal_updated,
                revision: r.revision.unwrap_or(1),
                place: if r.place_kind == "state" {
                    crate::model::urls::PlacePath::state(&r.place_state)
                } else {
                    crate::model::urls::PlacePath::local(&r.place_state, &r.place_slug)
                },
                place_name: r.place_name,
                place_state: r.place_state,
                place_kind: r.place_kind,
                precision,
                event,
            })
        })
        .collect();
    Ok(Upcoming { rows, next })
}

/// The day `days` after `from` ("2026-12-02").
fn window_end(from: &str, days: i64) -> String {
    match chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d") {
        Ok(start) => (start + chrono::Duration::days(days)).format("%Y-%m-%d").to_string(),
        Err(_) => from.to_string(),
    }
}

/// Today as the lists count it: the date in the westernmost zone of the states (Hawaii's,
/// ten hours behind UTC), so an event stays listed until its day is over everywhere.
pub fn today() -> String {
    (chrono::Utc::now() - chrono::Duration::hours(10)).format("%Y-%m-%d").to_string()
}

fn parse_cursor(s: &str) -> Option<(String, i64, String)> {
    let mut parts = s.splitn(3, '|');
    let date = parts.next()?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let deal = parts.next()?.parse().ok()?;
    let stable = parts.next()?;
    (!stable.is_empty() && stable.len() <= 16).then(|| (date.to_string(), deal, stable.to_string()))
}
