//! Governments the Census files don't list, as contributors propose them and moderators
//! decide.

use crate::model::JurisdictionKind;
use sqlx::SqliteConnection;

/// A government the Census files don't list, as a contributor proposes it.
pub struct NewProposal<'a> {
    pub name: &'a str,
    pub kind: JurisdictionKind,
    pub state_usps: &'a str,
    /// The county or city it belongs to; the state when none.
    pub parent_id: Option<i64>,
    /// Where it is established (a statute, a charter).
    pub note: &'a str,
    pub user: i64,
    /// A moderator's proposal is accepted at once.
    pub approved: bool,
}

/// Records a proposal for a government the Census files don't list. Returns the new id.
pub async fn propose(conn: &mut SqliteConnection, p: NewProposal<'_>) -> Result<i64, sqlx::Error> {
    let NewProposal { name, kind, state_usps, parent_id, note, user, approved } = p;
    let fips: String = sqlx::query_scalar("SELECT state_fips FROM jurisdictions WHERE kind = 'state' AND state_usps = ?")
        .bind(state_usps)
        .fetch_one(&mut *conn)
        .await?;
    let state_id: i64 = sqlx::query_scalar("SELECT id FROM jurisdictions WHERE kind = 'state' AND state_usps = ?")
        .bind(state_usps)
        .fetch_one(&mut *conn)
        .await?;
    let base = crate::load::names::slugify(name);
    let taken: i64 = sqlx::query_scalar("SELECT count(*) FROM jurisdictions WHERE state_usps = ? AND slug = ?")
        .bind(state_usps)
        .bind(&base)
        .fetch_one(&mut *conn)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO jurisdictions (kind, legal_type, official_name, display_name, state_fips, state_usps, parent_id, slug,
            pending, proposed_by, proposal_note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(kind.code())
    .bind(kind.label_in(crate::i18n::Lang::En).to_lowercase())
    .bind(name)
    .bind(name)
    .bind(&fips)
    .bind(state_usps)
    .bind(parent_id.unwrap_or(state_id))
    .bind(format!("~proposal-{}", super::now()))
    .bind(!approved)
    .bind(user)
    .bind(note)
    .fetch_one(&mut *conn)
    .await?;
    // Proposed names get a slug that the Census loader will never produce on its own.
    let slug = if taken == 0 { base } else { format!("{base}-{id}") };
    sqlx::query("UPDATE jurisdictions SET slug = ? WHERE id = ?").bind(slug).bind(id).execute(conn).await?;
    Ok(id)
}

pub use crate::model::view::Proposal;

/// Open proposals, oldest first.
pub async fn proposals(conn: &mut SqliteConnection) -> Result<Vec<Proposal>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        name: String,
        kind: String,
        state_usps: String,
        parent: String,
        note: Option<String>,
        by: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT j.id, j.display_name AS name, j.kind, j.state_usps, p.display_name AS parent, j.proposal_note AS note, u.handle AS by
         FROM jurisdictions j JOIN jurisdictions p ON p.id = j.parent_id LEFT JOIN users u ON u.id = j.proposed_by AND u.deleted_at IS NULL
         WHERE j.pending = 1 AND j.rejected_reason IS NULL ORDER BY j.id",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|Row { id, name, kind, state_usps, parent, note, by }| Proposal {
            id,
            name,
            kind: JurisdictionKind::from_code(&kind).map(|k| k.label().to_string()).unwrap_or(kind),
            state_usps,
            parent,
            note: note.unwrap_or_default(),
            by,
        })
        .collect())
}

/// Approves (reason `None`) or rejects a pending proposal. False when there is none.
pub async fn decide_proposal(conn: &mut SqliteConnection, id: i64, rejection: Option<&str>) -> Result<bool, sqlx::Error> {
    let done = match rejection {
        None => {
            sqlx::query("UPDATE jurisdictions SET pending = 0 WHERE id = ? AND pending = 1 AND rejected_reason IS NULL")
                .bind(id)
                .execute(conn)
                .await?
        }
        Some(r) => {
            sqlx::query("UPDATE jurisdictions SET rejected_reason = ? WHERE id = ? AND pending = 1 AND rejected_reason IS NULL")
                .bind(r)
                .bind(id)
                .execute(conn)
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}
