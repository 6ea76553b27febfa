//! Follows by email, their mailed tokens, and the mail outbox (see the `follows`
//! migration). Addresses never leave these tables but in a message to the address itself.

use crate::model::follow::{page_of, FollowRow, Frequency};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

/// How long a confirmation link works.
pub const CONFIRM_FOR: Duration = Duration::hours(48);
/// How long a manage or unsubscribe link from a mail works.
pub const MANAGE_FOR: Duration = Duration::days(365);
/// How long an address waits unconfirmed before it is forgotten.
pub const UNCONFIRMED_FOR: Duration = Duration::days(7);
/// Unconfirmed follows one address may have at once: a stranger following many views for
/// someone else's address mails them little.
pub const MAX_UNCONFIRMED: i64 = 5;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A random token: 32 bytes as 64 hexadecimal digits.
fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What following did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Followed {
    /// A confirmation mail was queued.
    Queued,
    /// Nothing new was sent: a confirmation is on its way, the address already follows the
    /// view, or it has too many follows waiting for confirmation.
    Nothing,
}

/// A follow asked for by the form: created unconfirmed (or its frequency updated while it is
/// unconfirmed) with a confirmation mail queued, unless one is waiting to go.
#[expect(clippy::too_many_arguments, reason = "one row's columns")]
pub async fn follow(
    conn: &mut SqliteConnection,
    email: &str,
    place: &str,
    view: &str,
    label: &str,
    frequency: Frequency,
    lang: &str,
    host: &str,
) -> Result<Followed, sqlx::Error> {
    let found: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, confirmed_at FROM follows WHERE email = ? AND place = ? AND view = ?")
            .bind(email)
            .bind(place)
            .bind(view)
            .fetch_optional(&mut *conn)
            .await?;
    let id = match found {
        Some((_, Some(_))) => return Ok(Followed::Nothing),
        Some((id, None)) => {
            // Asked again: the new link gets its full time, in the language asked in.
            sqlx::query("UPDATE follows SET frequency = ?, lang = ?, label = ?, created_at = ? WHERE id = ?")
                .bind(frequency.code())
                .bind(lang)
                .bind(label)
                .bind(super::now())
                .bind(id)
                .execute(&mut *conn)
                .await?;
            let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM mail_outbox WHERE follow_id = ? AND kind = 'confirm'")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            if waiting > 0 {
                return Ok(Followed::Nothing);
            }
            id
        }
        None => {
            let unconfirmed: i64 = sqlx::query_scalar("SELECT count(*) FROM follows WHERE email = ? AND confirmed_at IS NULL")
                .bind(email)
                .fetch_one(&mut *conn)
                .await?;
            if unconfirmed >= MAX_UNCONFIRMED {
                return Ok(Followed::Nothing);
            }
            sqlx::query_scalar(
                "INSERT INTO follows (email, place, view, label, frequency, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(email)
            .bind(place)
            .bind(view)
            .bind(label)
            .bind(frequency.code())
            .bind(lang)
            .bind(super::now())
            .fetch_one(&mut *conn)
            .await?
        }
    };
    // Random, so a follow confirmed again later gets a message of its own.
    let message_id = format!("confirm.{id}.{}@{host}", &new_token()[..16]);
    queue(conn, id, "confirm", &message_id).await?;
    Ok(Followed::Queued)
}

/// Queues a message for a follow, taking every item waiting for one; returns its row (0 when
/// that Message-ID was queued before).
pub async fn queue(conn: &mut SqliteConnection, follow_id: i64, kind: &str, message_id: &str) -> Result<i64, sqlx::Error> {
    let now = super::now();
    // A message already queued under this Message-ID is never reopened (it may be on its way);
    // the items stay waiting for the next one.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO mail_outbox (follow_id, kind, message_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (message_id) DO NOTHING RETURNING id",
    )
    .bind(follow_id)
    .bind(kind)
    .bind(message_id)
    .bind(&now)
    .bind(&now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else { return Ok(0) };
    if kind != "confirm" {
        sqlx::query("UPDATE follow_items SET message = ? WHERE follow_id = ? AND message = 0")
            .bind(id)
            .bind(follow_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// A new token for a mailed link.
pub async fn token(conn: &mut SqliteConnection, email: &str, follow_id: i64, purpose: &str) -> Result<String, sqlx::Error> {
    let token = new_token();
    let ttl = if purpose == "confirm" { CONFIRM_FOR } else { MANAGE_FOR };
    sqlx::query("INSERT INTO follow_tokens (hash, email, follow_id, purpose, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(hash(&token))
        .bind(email)
        .bind(follow_id)
        .bind(purpose)
        .bind(stamp(Utc::now() + ttl))
        .execute(conn)
        .await?;
    Ok(token)
}

/// The address and follow a live token of this purpose was mailed for.
pub async fn by_token(conn: &mut SqliteConnection, token: &str, purpose: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT email, follow_id FROM follow_tokens WHERE hash = ? AND purpose = ? AND expires_at > ?")
        .bind(hash(token))
        .bind(purpose)
        .bind(super::now())
        .fetch_optional(conn)
        .await
}

/// Confirms a follow from its confirmation token (used up); the address's follow, if the
/// token was live.
pub async fn confirm(conn: &mut SqliteConnection, token: &str, digest_hour: u32) -> Result<Option<(String, i64)>, sqlx::Error> {
    let Some((email, id)) = by_token(&mut *conn, token, "confirm").await? else { return Ok(None) };
    sqlx::query("DELETE FROM follow_tokens WHERE hash = ?").bind(hash(token)).execute(&mut *conn).await?;
    let Some(frequency) = frequency_of(&mut *conn, id).await? else { return Ok(None) };
    let done = sqlx::query("UPDATE follows SET confirmed_at = coalesce(confirmed_at, ?), next_digest_at = ? WHERE id = ? AND email = ?")
        .bind(super::now())
        .bind(next_digest(frequency, Utc::now(), digest_hour).map(stamp))
        .bind(id)
        .bind(&email)
        .execute(&mut *conn)
        .await?;
    Ok((done.rows_affected() == 1).then_some((email, id)))
}

async fn frequency_of(conn: &mut SqliteConnection, id: i64) -> Result<Option<Frequency>, sqlx::Error> {
    let f: Option<String> = sqlx::query_scalar("SELECT frequency FROM follows WHERE id = ?").bind(id).fetch_optional(conn).await?;
    Ok(f.and_then(|f| Frequency::parse(&f)))
}

/// When a digest of this frequency is next due after `now`: the next send hour (UTC), on a
/// Monday for weekly ones; none for instant mail.
pub fn next_digest(frequency: Frequency, now: DateTime<Utc>, hour: u32) -> Option<DateTime<Utc>> {
    use chrono::{Datelike, TimeZone};
    if frequency == Frequency::Instant {
        return None;
    }
    let mut day = now.date_naive();
    loop {
        let at = Utc.from_utc_datetime(&day.and_hms_opt(hour.min(23), 0, 0)?);
        let weekday_ok = frequency == Frequency::Daily || day.weekday() == chrono::Weekday::Mon;
        if at > now && weekday_ok {
            return Some(at);
        }
        day = day.succ_opt()?;
    }
}

/// Every follow of an address, oldest first.
pub async fn of_email(conn: &mut SqliteConnection, email: &str) -> Result<Vec<FollowRow>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, label, place, view, frequency, confirmed_at FROM follows WHERE email = ? ORDER BY id")
            .bind(email)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, label, place, view, frequency, confirmed)| FollowRow {
            id,
            label,
            page: page_of(&place, &view),
            frequency: Frequency::parse(&frequency).unwrap_or(Frequency::Daily),
            confirmed: confirmed.is_some(),
        })
        .collect())
}

/// Changes how often one of an address's follows is mailed; false when it has no such follow.
pub async fn set_frequency(
    conn: &mut SqliteConnection,
    email: &str,
    id: i64,
    frequency: Frequency,
    digest_hour: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE follows SET frequency = ?, next_digest_at = CASE WHEN confirmed_at IS NULL THEN NULL ELSE ? END WHERE id = ? AND email = ?",
    )
    .bind(frequency.code())
    .bind(next_digest(frequency, Utc::now(), digest_hour).map(stamp))
    .bind(id)
    .bind(email)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Stops one of an address's follows, deleting it with its queue; with the address's last
/// follow its tokens go too, so nothing of the address is kept. False when there was none.
pub async fn stop(conn: &mut SqliteConnection, email: &str, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM follow_items WHERE follow_id IN (SELECT id FROM follows WHERE id = ? AND email = ?)")
        .bind(id)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM mail_outbox WHERE follow_id IN (SELECT id FROM follows WHERE id = ? AND email = ?)")
        .bind(id)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM follows WHERE id = ? AND email = ?").bind(id).bind(email).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM follow_tokens WHERE follow_id = ? AND email = ? AND purpose = 'confirm'")
        .bind(id)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM follows WHERE email = ?").bind(email).fetch_one(&mut *conn).await?;
    if left == 0 {
        sqlx::query("DELETE FROM follow_tokens WHERE email = ?").bind(email).execute(&mut *conn).await?;
    }
    Ok(done.rows_affected() > 0)
}

/// Forgets follows never confirmed in time, and expired tokens.
pub async fn tidy(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let before = stamp(Utc::now() - UNCONFIRMED_FOR);
    let stale: Vec<(String, i64)> = sqlx::query_as("SELECT email, id FROM follows WHERE confirmed_at IS NULL AND created_at < ?")
        .bind(before)
        .fetch_all(&mut *conn)
        .await?;
    for (email, id) in stale {
        stop(&mut *conn, &email, id).await?;
    }
    sqlx::query("DELETE FROM follow_tokens WHERE expires_at <= ?").bind(super::now()).execute(conn).await?;
    Ok(())
}

/// A confirmed follow, as the dispatcher matches changes against it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Watch {
    pub id: i64,
    pub place: String,
    pub view: String,
    pub frequency: String,
}

/// Confirmed follows after `after` (by id), at most `limit`.
pub async fn watches(conn: &mut SqliteConnection, after: i64, limit: i64) -> Result<Vec<Watch>, sqlx::Error> {
    sqlx::query_as("SELECT id, place, view, frequency FROM follows WHERE confirmed_at IS NOT NULL AND id > ? ORDER BY id LIMIT ?")
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// Adds deals to a confirmed follow's next message (once each, however often they change);
/// nothing for a follow stopped meanwhile.
pub async fn add_items(conn: &mut SqliteConnection, follow_id: i64, deals: &[i64], seq: i64) -> Result<(), sqlx::Error> {
    // One statement per follow, however many deals an import brought.
    let ids = serde_json::to_string(deals).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO follow_items (follow_id, deal_id, message, seq) SELECT ?, value, 0, ? FROM json_each(?)
         WHERE EXISTS (SELECT 1 FROM follows WHERE id = ? AND confirmed_at IS NOT NULL) ON CONFLICT DO UPDATE SET seq = excluded.seq",
    )
    .bind(follow_id)
    .bind(seq)
    .bind(ids)
    .bind(follow_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How far the dispatcher has read the change record; none before mail was first set up.
pub async fn position(conn: &mut SqliteConnection) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT seq FROM mail_position WHERE id = 1").fetch_optional(conn).await
}

pub async fn set_position(conn: &mut SqliteConnection, seq: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO mail_position (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq")
        .bind(seq)
        .execute(conn)
        .await?;
    Ok(())
}

/// Daily and weekly follows whose digest is due: (id, frequency).
pub async fn due_digests(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, frequency FROM follows WHERE next_digest_at IS NOT NULL AND next_digest_at <= ? ORDER BY next_digest_at LIMIT ?",
    )
    .bind(super::now())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Moves a digest follow on to its next send time.
pub async fn digest_done(conn: &mut SqliteConnection, id: i64, next: Option<DateTime<Utc>>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE follows SET next_digest_at = ? WHERE id = ?").bind(next.map(stamp)).bind(id).execute(conn).await?;
    Ok(())
}

/// Whether a follow has deals waiting for a message.
pub async fn has_waiting(conn: &mut SqliteConnection, follow_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM follow_items WHERE follow_id = ? AND message = 0)")
        .bind(follow_id)
        .fetch_one(conn)
        .await
}

/// A message due to be sent, with what its follow says.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Outgoing {
    pub id: i64,
    pub follow_id: i64,
    pub kind: String,
    pub message_id: String,
    pub attempts: i64,
    /// When it was queued: a message failing for days is given up.
    pub created_at: String,
    pub email: String,
    pub label: String,
    pub place: String,
    pub view: String,
    pub frequency: String,
    pub lang: String,
}

/// Messages due now, oldest first.
pub async fn due(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<Outgoing>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.follow_id, o.kind, o.message_id, o.attempts, o.created_at, f.email, f.label, f.place, f.view, f.frequency, f.lang
         FROM mail_outbox o JOIN follows f ON f.id = o.follow_id
         WHERE o.next_attempt_at <= ? AND (o.kind = 'confirm' OR f.confirmed_at IS NOT NULL) ORDER BY o.next_attempt_at, o.id LIMIT ?",
    )
    .bind(super::now())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A deal a message lists, as it stands when the message is written.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailDeal {
    pub deal_id: i64,
    pub title: String,
    pub place: String,
    pub amount_cents: Option<i64>,
    /// Whether it is new (its first published revision) rather than changed.
    pub new: bool,
}

/// The deals a message lists that are still public, newest change first.
pub async fn items(conn: &mut SqliteConnection, message: i64) -> Result<Vec<MailDeal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id AS deal_id, d.title, j.display_name || ', ' || j.state_usps AS place, d.amount_cents,
            (SELECT count(*) FROM revisions r JOIN revision_decisions rd ON rd.revision_id = r.id
             WHERE r.deal_id = d.id AND rd.decision = 'approved') <= 1 AS new
         FROM follow_items i JOIN deals d ON d.id = i.deal_id JOIN jurisdictions j ON j.id = d.jurisdiction_id
         WHERE i.message = ? AND d.published = 1 AND d.deleted_at IS NULL ORDER BY i.seq DESC, d.id DESC LIMIT 200",
    )
    .bind(message)
    .fetch_all(conn)
    .await
}

/// How many public deals a message lists in all (it shows at most 200).
pub async fn item_count(conn: &mut SqliteConnection, message: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM follow_items i JOIN deals d ON d.id = i.deal_id WHERE i.message = ? AND d.published = 1 AND d.deleted_at IS NULL",
    )
    .bind(message)
    .fetch_one(conn)
    .await
}

/// Whether a message read as due is still queued, its follow still there (and confirmed,
/// unless it is the confirmation): read again in the transaction that writes it, so a
/// follow stopped since is never mailed.
pub async fn still_due(conn: &mut SqliteConnection, id: i64, message_id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM mail_outbox o JOIN follows f ON f.id = o.follow_id
         WHERE o.id = ? AND o.message_id = ? AND (o.kind = 'confirm' OR f.confirmed_at IS NOT NULL))",
    )
    .bind(id)
    .bind(message_id)
    .fetch_one(conn)
    .await
}

/// A message the SMTP server accepted (or refused for good): gone, with its items.
pub async fn sent(conn: &mut SqliteConnection, id: i64, message_id: &str) -> Result<(), sqlx::Error> {
    let gone = sqlx::query("DELETE FROM mail_outbox WHERE id = ? AND message_id = ?").bind(id).bind(message_id).execute(&mut *conn).await?;
    if gone.rows_affected() > 0 {
        sqlx::query("DELETE FROM follow_items WHERE message = ?").bind(id).execute(conn).await?;
    }
    Ok(())
}

/// A message that could not be sent: tried again at `next`.
pub async fn failed(conn: &mut SqliteConnection, id: i64, message_id: &str, next: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND message_id = ?")
        .bind(stamp(next))
        .bind(id)
        .bind(message_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Instant follows with deals waiting for a message (a follow switched from a digest to
/// instant mail keeps what its digest would have listed).
pub async fn instant_waiting(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT i.follow_id FROM follow_items i JOIN follows f ON f.id = i.follow_id
         WHERE i.message = 0 AND f.frequency = 'instant' AND f.confirmed_at IS NOT NULL LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Whether a follow is there and confirmed.
pub async fn is_confirmed(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM follows WHERE id = ? AND confirmed_at IS NOT NULL)").bind(id).fetch_one(conn).await
}

/// The earliest time a queued message is due, if any is queued.
pub async fn next_due(conn: &mut SqliteConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT min(next_attempt_at) FROM mail_outbox").fetch_one(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn digests_fall_on_the_send_hour() {
        // A Wednesday, 10:30 UTC.
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 30, 0).unwrap();
        assert_eq!(next_digest(Frequency::Instant, now, 7), None);
        assert_eq!(next_digest(Frequency::Daily, now, 7), Some(Utc.with_ymd_and_hms(2026, 12, 3, 7, 0, 0).unwrap()));
        assert_eq!(next_digest(Frequency::Daily, now, 18), Some(Utc.with_ymd_and_hms(2026, 12, 2, 18, 0, 0).unwrap()));
        assert_eq!(next_digest(Frequency::Weekly, now, 7), Some(Utc.with_ymd_and_hms(2026, 12, 7, 7, 0, 0).unwrap()));
    }
}
