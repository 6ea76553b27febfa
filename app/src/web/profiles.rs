//! A government's "how to take part" profile: `POST /take-part?place=…` and
//! `/review/profiles/{id}/{approve|reject}`.

use super::{
    action::{self, Done, Post, Spec, Who},
    limits, AppState,
};
use crate::{domain::profiles, error::AppError, model::profile::ProfileInput};
use axum::{
    extract::{Path, Request, State},
    response::Response,
};

/// The place a form is about, from its address ("va/arlington-county"), when it has the
/// shape of one.
fn place_of(req: &Request) -> String {
    let query = req.uri().query().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "place")
        .map(|(_, v)| v.to_ascii_lowercase())
        .filter(|v| v.len() <= 220 && !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/'))
        .unwrap_or_default()
}

/// POST /take-part?place=…
pub async fn propose(State(state): State<AppState>, req: Request) -> Response {
    let place = place_of(&req);
    let page = format!("/take-part?place={place}");
    let spec = Spec::new(Who::SignedIn, page).limit(limits::Action::Edit).echo(&crate::model::profile::FIELDS);
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let input = ProfileInput {
            meetings_url: p.field("meetings_url").into(),
            meetings_note: p.field("meetings_note").into(),
            comment_url: p.field("comment_url").into(),
            comment_note: p.field("comment_note").into(),
            records_url: p.field("records_url").into(),
            records_note: p.field("records_note").into(),
        };
        let (j, shown) = p
            .write(async |tx| {
                let (j, shown) = profiles::propose(tx.conn(), &place, &input, viewer).await?;
                tx.audit("profile_proposed", &format!("jurisdiction {}", j.id), None).await?;
                Ok((j, shown))
            })
            .await?;
        Ok(Done::To(if shown {
            format!("{}#take-part", j.url(crate::i18n::Lang::En))
        } else {
            format!("/take-part?place={}&sent=1", j.path().key())
        }))
    })
    .await
}

/// POST /review/profiles/{id}/{approve|reject}
pub async fn decide(State(state): State<AppState>, Path((id, verdict)): Path<(i64, String)>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Moderators, "/review"), async |p: &Post| {
        let viewer = p.viewer()?;
        let rejection = match verdict.as_str() {
            "approve" => None,
            "reject" => Some(p.reason("reason")?),
            _ => return Err(AppError::NotFound.into()),
        };
        p.write(async |tx| {
            let j = profiles::decide(tx.conn(), id, rejection.as_deref(), viewer).await?;
            tx.audit(&format!("profile_{verdict}"), &format!("jurisdiction {j} version {id}"), Some(p.field("reason"))).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To("/review".into()))
    })
    .await
}
