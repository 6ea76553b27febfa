//! Deals in a set (the site, a government, a county's places, a state's governments): their
//! lists, totals and breakdowns, for the home, place and share-card pages.

use super::deals::date;
use crate::model::urls::PlacePath;
use crate::model::Deal;
use crate::model::{
    view::{DealRow, Totals},
    DealKind, DealStatus, ReviewState, ValueBasis,
};
use sqlx::SqliteConnection;

/// Which deals a list or a total covers.
#[derive(Clone, Debug)]
pub enum DealSet {
    /// Every published deal on the site.
    Site,
    /// Deals this government made itself.
    Own(i64),
    /// Deals of the governments directly under this county (places, townships, districts).
    Within(i64),
    /// Deals of every government in the state except the state itself.
    InState(String),
}

impl DealSet {
    pub(super) fn clause(&self) -> &'static str {
        match self {
            DealSet::Site => "?1 IS NOT NULL",
            DealSet::Own(_) => "d.jurisdiction_id = ?1",
            DealSet::Within(_) => "j.parent_id = ?1",
            // By the deal's own copy of its state, which the index of public deals by state
            // and date serves, so the newest are found without reading the state's others.
            DealSet::InState(_) => "d.state_usps = ?1 AND j.kind != 'state'",
        }
    }

    pub(super) fn bind_value(&self) -> String {
        match self {
            DealSet::Site => "all".into(),
            DealSet::Own(id) | DealSet::Within(id) => id.to_string(),
            DealSet::InState(usps) => usps.to_ascii_uppercase(),
        }
    }
}

/// A deal as lists show it, by the columns of [`LIST_COLUMNS`].
#[derive(sqlx::FromRow)]
pub(crate) struct ListRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub place_name: String,
    pub place_state: String,
    pub place_kind: String,
    pub place_slug: String,
    pub entity: String,
    pub amount_cents: Option<i64>,
    pub value_basis: Option<String>,
    /// The best-known date: approved, else announced, else start.
    pub best_date: Option<String>,
    pub review_state: String,
    pub first_source_url: Option<String>,
}

/// The columns of a [`ListRow`], from `deals d`, `jurisdictions j` and `entities e`.
pub(crate) const LIST_COLUMNS: &str = "d.id, d.title, d.kind, d.status, j.display_name AS place_name, j.state_usps AS place_state,
    j.kind AS place_kind, j.slug AS place_slug, e.name AS entity, d.amount_cents, d.value_basis,
    coalesce(d.approved_on, d.announced_on, d.starts_on) AS best_date, d.review_state,
    (SELECT url FROM sources s WHERE s.deal_id = d.id ORDER BY position LIMIT 1) AS first_source_url";

/// Deals in a scope, newest first.
pub async fn list(conn: &mut SqliteConnection, scope: &DealSet, limit: i64) -> Result<Vec<DealRow>, sqlx::Error> {
    let rows: Vec<ListRow> = sqlx::query_as(&list_sql(scope)).bind(scope.bind_value()).bind(limit).fetch_all(conn).await?;
    Ok(rows.into_iter().map(to_deal_row).collect())
}

/// The query of [`list`], binding the scope's value and the limit.
pub(crate) fn list_sql(scope: &DealSet) -> String {
    format!(
        "SELECT {LIST_COLUMNS}
         FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id JOIN entities e ON e.id = d.entity_id
         WHERE d.deleted_at IS NULL AND d.published = 1 AND {}
         ORDER BY d.created_at DESC, d.id DESC LIMIT ?2",
        scope.clause()
    )
}

/// A list row from its columns (shared with the browse view, which selects the same ones first).
pub(crate) fn to_deal_row(r: ListRow) -> DealRow {
    let is_state = r.place_kind == "state";
    DealRow {
        id: r.id,
        title: r.title,
        kind: DealKind::from_code(&r.kind).unwrap_or(DealKind::Other),
        status: DealStatus::from_code(&r.status).unwrap_or(DealStatus::Proposed),
        jurisdiction_label: if is_state { r.place_name.clone() } else { format!("{}, {}", r.place_name, r.place_state) },
        jurisdiction_path: if is_state { PlacePath::state(&r.place_state) } else { PlacePath::local(&r.place_state, &r.place_slug) },
        entity_name: r.entity,
        amount_cents: r.amount_cents,
        value_basis: r.value_basis.and_then(|b| ValueBasis::from_code(&b)),
        date: date(r.best_date),
        review_state: ReviewState::from_code(&r.review_state).unwrap_or(ReviewState::Unreviewed),
        first_source_url: r.first_source_url,
    }
}

/// Disclosed sums by kind and by value basis, the undisclosed count and the breakdowns of a
/// set, as kept by the writes (`repo::tallies`).
pub async fn totals(conn: &mut SqliteConnection, scope: &DealSet) -> Result<Totals, sqlx::Error> {
    super::tallies::totals(conn, scope).await
}

/// Published deals of the same government and Amazon company that look like `snap`: a
/// shared significant word in the title, an amount within 10%, or the same year.
pub async fn similar(conn: &mut SqliteConnection, snap: &Deal) -> Result<Vec<DealRow>, sqlx::Error> {
    let candidates = list(&mut *conn, &DealSet::Own(snap.jurisdiction_id), 500).await?;
    let words = |t: &str| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3 && !["amazon", "with", "from", "contract", "deal", "services", "county", "city"].contains(w))
            .map(String::from)
            .collect()
    };
    let mine = words(&snap.title);
    let year = snap.approved.or(snap.announced).or(snap.starts).map(|d| d.year);
    let entity: Option<String> =
        sqlx::query_scalar("SELECT name FROM entities WHERE id = ?").bind(snap.entity_id).fetch_optional(conn).await?;
    Ok(candidates
        .into_iter()
        .filter(|r| Some(&r.entity_name) == entity.as_ref())
        .filter(|r| {
            let title = words(&r.title).iter().any(|w| mine.contains(w));
            let amount = match (r.amount_cents, snap.amount_cents) {
                (Some(a), Some(b)) if a > 0 && b > 0 => (a - b).abs() * 10 <= a.max(b),
                _ => false,
            };
            let same_year = year.is_some() && r.date.map(|d| d.year) == year;
            title || amount || same_year
        })
        .take(5)
        .collect())
}
