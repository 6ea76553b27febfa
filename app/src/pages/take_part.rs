//! How to take part in a government's decisions: its profile on the place page, and
//! `/take-part?place=…`, where anyone signed in proposes a version and everyone sees the
//! versions kept.

use super::common::{error_view, server_data, FieldErrorMsg};
use crate::api::{current_viewer, get_take_part};
use crate::i18n::{href, lang};
use crate::model::profile::{Profile, ProfileInput, ProfileVersion, FIELDS};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// A link when it is one, with its note; nothing when the profile says nothing of it.
fn part(label: String, url: Option<String>, note: Option<String>, link_words: String) -> Option<impl IntoView> {
    (url.is_some() || note.is_some()).then(|| {
        view! {
            <div class="take-part-item">
                <dt>{label}</dt>
                <dd>
                    {url.map(|u| view! { <a href=u rel="noopener noreferrer nofollow">{link_words}</a> })}
                    {note.map(|n| view! { <p>{n}</p> })}
                </dd>
            </div>
        }
    })
}

/// The profile as a place page shows it, with a link to propose a change.
#[component]
pub fn TakePart(profile: Option<Profile>, place_key: String, place_name: String) -> impl IntoView {
    let edit = href(&format!("/take-part?place={place_key}"));
    view! {
        <section class="take-part" id="take-part" aria-labelledby="take-part-h">
            <h2 id="take-part-h">{crate::t!("take-part-heading", place = place_name)}</h2>
            {match profile {
                Some(p) => view! {
                    <dl class="take-part-list">
                        {part(crate::t!("take-part-meetings"), p.meetings_url, p.meetings_note, crate::t!("take-part-meetings-link"))}
                        {part(crate::t!("take-part-comment"), p.comment_url, p.comment_note, crate::t!("take-part-comment-link"))}
                        {part(crate::t!("take-part-records"), p.records_url, p.records_note, crate::t!("take-part-records-link"))}
                    </dl>
                    <p class="sub"><a href=edit.clone()>{crate::t!("take-part-correct")}</a></p>
                }.into_any(),
                None => view! {
                    <p>{crate::t!("take-part-none")}" "<a href=edit.clone()>{crate::t!("take-part-add")}</a></p>
                }.into_any(),
            }}
        </section>
    }
}

/// `/take-part?place=va/arlington-county`.
#[component]
pub fn TakePartPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let place = move || query.read().get("place").unwrap_or_default();
    let sent = query.read_untracked().get("sent").is_some();
    let data = server_data(place, get_take_part);
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok((j, current, versions)) => {
                            let key = j.path().key();
                            let input = if echo.values.is_empty() {
                                current.as_ref().map(ProfileInput::from_profile).unwrap_or_default()
                            } else {
                                ProfileInput {
                                    meetings_url: echo.values.get("meetings_url").cloned().unwrap_or_default(),
                                    meetings_note: echo.values.get("meetings_note").cloned().unwrap_or_default(),
                                    comment_url: echo.values.get("comment_url").cloned().unwrap_or_default(),
                                    comment_note: echo.values.get("comment_note").cloned().unwrap_or_default(),
                                    records_url: echo.values.get("records_url").cloned().unwrap_or_default(),
                                    records_note: echo.values.get("records_note").cloned().unwrap_or_default(),
                                }
                            };
                            view! {
                                <Title text=crate::t!("take-part-page-title", place = j.label())/>
                                <nav class="crumbs"><a href=j.url(lang())>{j.label()}</a></nav>
                                <h1>{crate::t!("take-part-page-heading", place = j.label())}</h1>
                                <p class="lede">{crate::t!("take-part-page-intro")}</p>
                                {sent.then(|| view! { <p class="notice" role="status">{crate::t!("take-part-sent")}</p> })}
                                <Form place=key input echo/>
                                <Versions versions/>
                            }.into_any()
                        }
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Form(place: String, input: ProfileInput, echo: FormEcho) -> impl IntoView {
    if current_viewer().is_none() {
        let next = href(&format!("/take-part?place={place}"));
        return view! {
            <p><a href=href(&format!("/login?next={next}"))>{crate::t!("take-part-signin")}</a></p>
        }
        .into_any();
    }
    let errors = echo.errors.clone();
    let field = move |name: &'static str| {
        let (label, hint, is_url) = match name {
            "meetings_url" => ("take-part-field-meetings-url", "take-part-hint-meetings-url", true),
            "meetings_note" => ("take-part-field-meetings-note", "take-part-hint-meetings-note", false),
            "comment_url" => ("take-part-field-comment-url", "take-part-hint-comment-url", true),
            "comment_note" => ("take-part-field-comment-note", "take-part-hint-comment-note", false),
            "records_url" => ("take-part-field-records-url", "take-part-hint-records-url", true),
            _ => ("take-part-field-records-note", "take-part-hint-records-note", false),
        };
        let invalid = errors.contains_key(name).then_some("true");
        let value = input.get(name).to_string();
        view! {
            <div class="field">
                <label for=name>{crate::t!(label)}<span class="optional">{format!(" {}", crate::t!("form-optional"))}</span></label>
                {if is_url {
                    view! { <input id=name name=name type="url" value=value aria-invalid=invalid aria-describedby=format!("{name}-hint err-{name}")/> }.into_any()
                } else {
                    view! { <textarea id=name name=name rows="2" aria-invalid=invalid aria-describedby=format!("{name}-hint err-{name}")>{value}</textarea> }.into_any()
                }}
                <p class="hint" id=format!("{name}-hint")>{crate::t!(hint)}</p>
                <FieldErrorMsg name=name.to_string() errors=errors.clone()/>
            </div>
        }
    };
    view! {
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert" tabindex="-1" autofocus=true>{s}</p> })}
        <form method="post" action=href(&format!("/take-part?place={place}")) class="stack narrow">
            {FIELDS.iter().map(|f| field(f)).collect_view()}
            <p class="hint">{crate::t!("take-part-review-note")}</p>
            <button type="submit" class="primary">{crate::t!("take-part-save")}</button>
        </form>
    }
    .into_any()
}

#[component]
fn Versions(versions: Vec<ProfileVersion>) -> impl IntoView {
    (!versions.is_empty()).then(|| {
        view! {
            <section aria-labelledby="versions-h">
                <h2 id="versions-h">{crate::t!("take-part-versions")}</h2>
                <ol class="versions">
                    {versions.into_iter().map(|v| {
                        let state = match v.state.as_str() {
                            "approved" => crate::t!("take-part-state-approved"),
                            "rejected" => crate::t!("take-part-state-rejected"),
                            _ => crate::t!("take-part-state-pending"),
                        };
                        let p = v.profile;
                        let said: Vec<String> = [p.meetings_url, p.meetings_note, p.comment_url, p.comment_note, p.records_url, p.records_note]
                            .into_iter().flatten().collect();
                        view! {
                            <li>
                                <p><strong>{state}</strong>{format!(" · {} · {}", crate::model::dates::long_date(&v.created_at),
                                    v.by.unwrap_or_else(|| crate::t!("review-deleted-user")))}</p>
                                <p class="sub">{said.join(" · ")}</p>
                                {v.reason.map(|r| view! { <p class="sub">{format!("{}: {r}", crate::t!("take-part-reason"))}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// A waiting version in the moderators' queue, with approve and turn-down buttons.
#[component]
pub fn QueuedProfile(v: ProfileVersion) -> impl IntoView {
    let p = v.profile.clone();
    let reason_id = format!("profile-reason-{}", v.id);
    view! {
        <article class="queue-item">
            <h3>{crate::t!("review-profile-for", place = v.place.clone())}</h3>
            <p class="sub">{crate::t!("review-profile-by", by = v.by.clone().unwrap_or_else(|| crate::t!("review-deleted-user")))}</p>
            <dl class="take-part-list">
                {part(crate::t!("take-part-meetings"), p.meetings_url, p.meetings_note, crate::t!("take-part-meetings-link"))}
                {part(crate::t!("take-part-comment"), p.comment_url, p.comment_note, crate::t!("take-part-comment-link"))}
                {part(crate::t!("take-part-records"), p.records_url, p.records_note, crate::t!("take-part-records-link"))}
            </dl>
            <p><a href=v.place_url.clone()>{crate::t!("review-profile-place")}</a></p>
            <div class="decide">
                <form method="post" action=href(&format!("/review/profiles/{}/approve", v.id)) class="stack">
                    <button type="submit">{crate::t!("review-approve")}</button>
                </form>
                <form method="post" action=href(&format!("/review/profiles/{}/reject", v.id)) class="stack">
                    <label for=reason_id.clone()>{crate::t!("review-reason")}</label>
                    <input id=reason_id.clone() name="reason" required/>
                    <button type="submit" class="danger">{crate::t!("review-reject")}</button>
                </form>
            </div>
        </article>
    }
}
