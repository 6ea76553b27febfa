//! An import's new public deals counted from the rows it writes, on the thread that checks
//! them, not read back by the writer. Counting a window of new deals from the database (read
//! them, count them, copy what they count for into `tallied_deals`) took about 10 of a
//! million-row import's 60 seconds, on the one connection that writes, while the checking
//! thread waited half the time for the writer (docs/benchmarks.md, issue 18's eighth part).
//! The checker knows every value a new deal counts for, since it built the row; so it counts
//! them, builds the statements that record them in `tallied_deals` with the batch that
//! writes the deals, and hands the writer only each window's change to merge into the stored
//! counts ([`super::apply`]).
//!
//! What a deal counts for is read from its snapshot the way [`super::CURRENT`] reads it from
//! the row the same snapshot makes; the aggregates property test (`server/tests/aggregates.rs`)
//! compares the counts and `tallied_deals` an import leaves with a recount.

use super::{Counted, Delta, Place, Placed, Read};
use crate::repo::deals::NewDeal;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// The change a window of an import's new public deals makes to the counts, made by the
/// checking thread and merged by the writer.
#[derive(Default)]
pub struct Fresh {
    delta: Delta,
    /// Each government's place now (none before: the deals are new).
    places: Placed,
    deals: i64,
}

/// A government a new deal names is not among the places looked up for it.
#[derive(Debug, thiserror::Error)]
#[error("government {0} was not looked up before its deals were counted")]
pub struct Unplaced(pub i64);

impl Fresh {
    /// How many new deals are counted here.
    pub fn deals(&self) -> i64 {
        self.deals
    }

    /// Counts these new deals, numbered from `first` and written at `now` by
    /// `repo::deals::new_deals`, each government placed by `places` ([`places_of`]); returns
    /// the statements that record what they count for, to run with the batch that writes them.
    pub fn add(
        &mut self,
        deals: &[NewDeal],
        first: i64,
        now: &str,
        places: &HashMap<i64, Place>,
    ) -> Result<super::super::Prepared, Unplaced> {
        let rows = (first..)
            .zip(deals)
            .map(|(id, d)| {
                let j = d.snap.jurisdiction_id;
                places.get(&j).map(|place| read(id, d, now, place)).ok_or(Unplaced(j))
            })
            .collect::<Result<Vec<Read>, Unplaced>>()?;
        let statements = remember(&rows);
        for r in rows {
            let c = Counted::from(r);
            self.delta.count(&c, 1);
            self.places.entry(c.jurisdiction_id).or_default().1.get_or_insert_with(|| c.place.clone());
        }
        self.deals += deals.len() as i64;
        Ok(statements)
    }

    /// The change and each government's place, for [`super::apply`].
    pub(super) fn into_parts(self) -> (Delta, Placed) {
        (self.delta, self.places)
    }
}

/// New deal `id` as [`super::CURRENT`] would read it from the row `repo::deals::new_deals`
/// makes of it at `now`.
fn read(id: i64, d: &NewDeal, now: &str, place: &Place) -> Read {
    let s = d.snap;
    let year = [&s.approved, &s.announced, &s.starts]
        .into_iter()
        .find_map(|date| date.as_ref())
        .map(|date| date.to_iso().chars().take(4).collect())
        .unwrap_or_default();
    (
        id,
        s.jurisdiction_id,
        Some(d.state_usps.to_string()),
        s.kind.code().to_string(),
        s.status.code().to_string(),
        s.value_basis.map(|b| b.code()).unwrap_or_default().to_string(),
        s.entity_id,
        year,
        s.amount_cents.unwrap_or(0),
        now.to_string(),
        place.parent_id,
        place.place_state.clone(),
        i64::from(place.is_state),
    )
}

/// Rows per statement recording what new deals count for (ten values each).
const ROWS: usize = 600;
const _: () = assert!(ROWS * 10 <= super::super::MAX_BINDS);

/// The statements that record what these new deals count for, for their next change: a
/// [`Read`]'s first ten columns are `tallied_deals`' (the last three place the government).
fn remember(rows: &[Read]) -> super::super::Prepared {
    let mut out = super::super::Prepared::new();
    for part in rows.chunks(ROWS) {
        let mut b = QueryBuilder::<Sqlite>::new(
            "INSERT INTO tallied_deals (deal_id, jurisdiction_id, state_usps, kind, status, basis, entity_id, year, cents, updated_at) ",
        );
        b.push_values(part, |mut r, (id, jurisdiction, state, kind, status, basis, entity, year, cents, updated_at, ..)| {
            r.push_bind(*id)
                .push_bind(*jurisdiction)
                .push_bind(state.clone())
                .push_bind(kind.clone())
                .push_bind(status.clone())
                .push_bind(basis.clone())
                .push_bind(*entity)
                .push_bind(year.clone())
                .push_bind(*cents)
                .push_bind(updated_at.clone());
        });
        out.push(b, part.len() == ROWS);
    }
    out
}

/// Where these governments sit among the scopes, as the counting reads it from each deal (those that
/// don't exist are left out).
pub async fn places_of(conn: &mut SqliteConnection, ids: &[i64]) -> Result<HashMap<i64, Place>, sqlx::Error> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(super::ROWS_PER_STATEMENT * 10) {
        let rows: Vec<(i64, Option<i64>, String, bool)> = sqlx::query_as(
            "SELECT id, parent_id, state_usps, kind = 'state' FROM jurisdictions WHERE id IN (SELECT value FROM json_each(?1))",
        )
        .bind(serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into()))
        .fetch_all(&mut *conn)
        .await?;
        out.extend(rows.into_iter().map(|(id, parent_id, place_state, is_state)| (id, Place { parent_id, place_state, is_state })));
    }
    Ok(out)
}
