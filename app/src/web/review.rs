//! Moderators' decisions on deals: `POST /review/{revision}/{approve|reject}`,
//! `/deals/{id}/revert` and `/deals/{id}/withdraw`.

use super::{
    action::{self, Done, Post, Refusal, Spec, Who},
    deals::{choices, conflict_echo},
    AppState,
};
use crate::{
    domain::review::{self, ReviewError},
    error::AppError,
    model::msg::Msg,
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::Response,
};

/// POST /review/{revision}/approve and /review/{revision}/reject
pub async fn decide(State(state): State<AppState>, Path((rid, verdict)): Path<(i64, String)>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Moderators, "/review"), async |p: &Post| {
        let viewer = p.viewer()?;
        let done = p
            .write(async |tx| {
                let (deal, number) = match verdict.as_str() {
                    "approve" => {
                        let note = p.field("reason").trim();
                        let a = review::approve(tx.conn(), rid, viewer, (!note.is_empty()).then_some(note), &choices(p)).await?;
                        (a.deal_id, Some(a.number))
                    }
                    "reject" => (review::reject(tx.conn(), rid, viewer, &p.reason("reason")?).await?, None),
                    _ => return Err(AppError::NotFound.into()),
                };
                let detail = format!("revision {rid}: {}", p.field("reason").trim());
                tx.audit(&format!("revision_{verdict}"), &format!("deal {deal}"), Some(&detail)).await?;
                Ok((deal, number))
            })
            .await;
        match done {
            Ok((deal, Some(n))) => Ok(Done::To(format!("/review?published={deal}&revision={n}"))),
            Ok((deal, None)) => Ok(Done::To(format!("/review?rejected={deal}"))),
            Err(Refusal::Review(ReviewError::Conflict(report))) => {
                let mut echo = conflict_echo(p, &report, Msg::new("error-conflict-approval")).await?;
                echo.values.insert("revision".into(), rid.to_string());
                Err(Refusal::Page(Box::new(echo), StatusCode::CONFLICT))
            }
            Err(other) => Err(other),
        }
    })
    .await
}

/// POST /deals/{id}/revert: a moderator brings back an approved revision, saying why and
/// confirming.
pub async fn revert(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let spec = Spec::new(Who::Moderators, format!("/deals/{id}/history")).echo(&["number", "reason"]);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let to: i64 = p.field("number").parse().unwrap_or(0);
        let why = p.reason("reason")?;
        if p.field("confirm") != "yes" {
            return Err(AppError::invalid("confirm", Msg::new("revert-unconfirmed")).into());
        }
        let n = p
            .write(async |tx| {
                let n = review::revert(tx.conn(), id, to, viewer, &why).await?;
                tx.audit("revert", &format!("deal {id}"), Some(&format!("to revision {to}, as revision {n}: {why}"))).await?;
                Ok(n)
            })
            .await?;
        Ok(Done::To(format!("/deals/{id}/history#r{n}")))
    })
    .await
}

/// A deal number as people give it: "42", "#42", "/deals/42" or a full link to the deal.
pub fn deal_number(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('#');
    let t = t.rsplit_once("/deals/").map(|(_, n)| n).unwrap_or(t);
    let t = t.split(['?', '#', '/']).next().unwrap_or(t);
    t.parse().ok().filter(|n: &i64| *n > 0)
}

/// POST /deals/{id}/withdraw
pub async fn withdraw(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let spec = Spec::new(Who::Moderators, format!("/deals/{id}")).echo(&["reason", "duplicate_of"]);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let why = p.reason("reason")?;
        let duplicate_of = match p.field("duplicate_of").trim() {
            "" => None,
            t => Some(deal_number(t).ok_or_else(|| AppError::invalid("duplicate_of", Msg::new("duplicate-of-invalid")))?),
        };
        p.write(async |tx| {
            review::withdraw(tx.conn(), id, viewer, &why, duplicate_of).await.map_err(|e| match e {
                ReviewError::NotFound if duplicate_of.is_some() => AppError::invalid("duplicate_of", Msg::new("duplicate-of-unknown")),
                e => e.into(),
            })?;
            tx.audit("withdraw", &format!("deal {id}"), Some(&why)).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To(format!("/deals/{id}")))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::deal_number;

    #[test]
    fn deal_numbers_as_people_give_them() {
        for text in ["42", "#42", "/deals/42", "https://tracker.example/deals/42", "https://tracker.example/deals/42/history?x=1"] {
            assert_eq!(deal_number(text), Some(42), "{text}");
        }
        assert_eq!(deal_number("forty-two"), None);
        assert_eq!(deal_number("0"), None);
    }
}
