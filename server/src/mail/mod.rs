//! Mail to followers, off the write path. Writes record one change each (the change
//! record, `repo::changes`); the dispatcher reads it from its own position and adds the
//! changed deals to the follows whose view holds them, queueing one message per follow (an
//! instant one at once, a digest at the send hour); the sender delivers the queue over SMTP
//! with retries and backoff. Both keep their state in SQLite, so a crash loses nothing:
//! a message whose sending was cut off is sent again with the same Message-ID.

mod compose;
mod dispatch;

use app::search::SearchIndex;
use lettre::{message::Mailbox, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How mail is sent, from `--smtp-url`, `--mail-from`, `--public-url` and friends.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// The SMTP server ("smtp://localhost:25", "smtps://user:pass@mail.example.org").
    pub smtp_url: String,
    /// The sender every message names.
    pub from: Mailbox,
    /// The site's public address, for the links in messages.
    pub public_url: String,
    /// The public address's host, the right-hand side of Message-IDs.
    pub host: String,
    /// The hour (UTC) digests go out.
    pub digest_hour: u32,
    /// The wait before the first retry of a message that could not be sent; it doubles with
    /// each failure, up to an hour.
    pub retry: Duration,
}

impl MailConfig {
    /// Checks the settings at start: the SMTP address must be one lettre understands, and
    /// the sender an address.
    pub fn new(smtp_url: &str, from: &str, public_url: &str, digest_hour: u32, retry: Duration) -> Result<MailConfig, String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("--smtp-url is not an SMTP address lettre can use: {e}"))?;
        let from: Mailbox = from.parse().map_err(|e| format!("--mail-from is not an email address: {e}"))?;
        let host = url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(str::to_string)).ok_or("--public-url has no host")?;
        if digest_hour > 23 {
            return Err("--digest-hour is an hour of the day, 0 to 23".into());
        }
        Ok(MailConfig {
            smtp_url: smtp_url.to_string(),
            from,
            public_url: public_url.trim_end_matches('/').to_string(),
            host,
            digest_hour,
            retry,
        })
    }

    /// What the web side needs to know.
    pub fn settings(&self) -> app::web::MailSettings {
        app::web::MailSettings { digest_hour: self.digest_hour, host: self.host.clone() }
    }
}

/// Starts the dispatcher and the sender for as long as the server runs.
pub fn spawn(pool: SqlitePool, index: Arc<SearchIndex>, config: MailConfig, wake: Arc<Notify>) {
    let config = Arc::new(config);
    {
        let (pool, config, wake) = (pool.clone(), config.clone(), wake.clone());
        tokio::spawn(async move {
            let mut tidied = std::time::Instant::now() - Duration::from_secs(3600);
            loop {
                match dispatch::pass(&pool, &index, &config).await {
                    Ok(queued) if queued > 0 => wake.notify_one(),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "mail: reading the change record failed; trying again"),
                }
                if tidied.elapsed() > Duration::from_secs(3600) {
                    tidied = std::time::Instant::now();
                    if let Err(e) = dispatch::tidy(&pool).await {
                        tracing::error!(error = %e, "mail: forgetting unconfirmed follows failed");
                    }
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
    }
    tokio::spawn(async move {
        let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url) {
            Ok(b) => b.timeout(Some(Duration::from_secs(30))).build(),
            Err(e) => {
                tracing::error!(error = %e, "mail: the SMTP address stopped being usable; no mail is sent");
                return;
            }
        };
        loop {
            if let Err(e) = send_due(&pool, &config, &transport).await {
                tracing::error!(error = %e, "mail: reading the outbox failed; trying again");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            }
        }
    });
}

/// Sends what is due, oldest first.
async fn send_due(pool: &SqlitePool, config: &MailConfig, transport: &AsyncSmtpTransport<Tokio1Executor>) -> Result<(), sqlx::Error> {
    use app::repo::follows;
    loop {
        let due = {
            let mut conn = pool.acquire().await?;
            follows::due(&mut conn, 20).await?
        };
        if due.is_empty() {
            return Ok(());
        }
        for m in due {
            // Written (its links' tokens saved) before it goes, so a link in a message that
            // was sent always works; read again first, so a follow stopped since the list was
            // read is never mailed.
            let message = {
                let mut tx = app::repo::begin_write(pool).await?;
                if !follows::still_due(&mut tx, m.id, &m.message_id).await? {
                    continue;
                }
                let built = compose::message(&mut tx, config, &m).await?;
                if built.is_none() {
                    // Nothing left to say (its deals were withdrawn meanwhile).
                    follows::sent(&mut tx, m.id, &m.message_id).await?;
                }
                tx.commit().await?;
                built
            };
            let Some(message) = message else { continue };
            match transport.send(message).await {
                Ok(_) => {
                    let mut tx = app::repo::begin_write(pool).await?;
                    follows::sent(&mut tx, m.id, &m.message_id).await?;
                    tx.commit().await?;
                    tracing::info!(message = m.id, kind = %m.kind, "mail: sent");
                }
                Err(e) => {
                    // The SMTP server's reply text may quote the address: only its code is logged.
                    let code =
                        e.status()
                            .map(|c| c.to_string())
                            .unwrap_or_else(|| if e.is_timeout() { "timeout".into() } else { "no reply".into() });
                    let mut tx = app::repo::begin_write(pool).await?;
                    if refused_recipient(&e) || too_old(&m.created_at) {
                        // Refused for this address for good (no such mailbox), or failing for
                        // a week: kept any longer it would be tried forever. An unconfirmed
                        // follow goes with it. Other refusals (a wrong password, relaying
                        // denied) are the set-up's, not the address's: retried below.
                        tracing::warn!(message = m.id, %code, "mail: refused for good; dropped");
                        follows::sent(&mut tx, m.id, &m.message_id).await?;
                        if m.kind == "confirm" {
                            follows::stop(&mut tx, &m.email, m.follow_id).await?;
                        }
                        tx.commit().await?;
                        continue;
                    }
                    let wait = backoff(config.retry, m.attempts);
                    tracing::warn!(message = m.id, attempts = m.attempts + 1, retry_in_s = wait.as_secs(), %code, "mail: not sent; will try again");
                    let next = chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                    follows::failed(&mut tx, m.id, &m.message_id, next).await?;
                    tx.commit().await?;
                    // The server is likely down for the rest as well: wait for the next round.
                    return Ok(());
                }
            }
        }
    }
}

/// Whether the SMTP server refused the recipient for good (550, 551, 553): a bad set-up's
/// refusals (535 wrong password, 554 relaying denied) must not empty the queue.
fn refused_recipient(e: &lettre::transport::smtp::Error) -> bool {
    e.is_permanent() && e.status().is_some_and(|c| matches!(u16::from(c), 550 | 551 | 553))
}

/// Whether a message queued at `created_at` has been failing too long to go on trying.
fn too_old(created_at: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(created_at).is_ok_and(|t| chrono::Utc::now().signed_duration_since(t) > chrono::Duration::days(7))
}

/// The wait after `attempts` failures: `first`, doubling, at most an hour.
fn backoff(first: Duration, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    first.saturating_mul(factor).min(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(60), 0), s(60));
        assert_eq!(backoff(s(60), 1), s(120));
        assert_eq!(backoff(s(60), 5), s(1920));
        assert_eq!(backoff(s(60), 6), s(3600));
        assert_eq!(backoff(s(60), 1_000), s(3600));
    }

    #[test]
    fn settings_are_checked() {
        let ok = MailConfig::new(
            "smtp://127.0.0.1:2525",
            "Tracker <tracker@example.org>",
            "https://tracker.example.org",
            7,
            Duration::from_secs(60),
        );
        assert_eq!(ok.map(|c| c.host), Ok("tracker.example.org".to_string()));
        assert!(MailConfig::new("http://example.org", "t@example.org", "https://x.org", 7, Duration::from_secs(1)).is_err());
        assert!(MailConfig::new("smtp://127.0.0.1", "not an address", "https://x.org", 7, Duration::from_secs(1)).is_err());
        assert!(MailConfig::new("smtp://127.0.0.1", "t@example.org", "https://x.org", 24, Duration::from_secs(1)).is_err());
    }
}
