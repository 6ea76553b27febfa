//! Pieces every page uses: the layout, money and error display, the not-found page.

use super::LanguageSwitch;
use crate::api::current_viewer;
use crate::error::AppError;
use crate::i18n::href;
use crate::model::{format_dollars, view::Totals, ValueBasis};
use leptos::prelude::*;
use leptos_meta::Title;

/// Header, main and footer around each page.
#[component]
pub fn Layout(children: Children) -> AnyView {
    let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default();
    // Embedded summaries sit in someone else's page: no site header or footer.
    if path.starts_with("/embed/") {
        return view! { <main id="main" class="embedded">{children()}</main> }.into_any();
    }
    let viewer = current_viewer();
    view! {
        <a class="skip" href="#main">{crate::t!("common-skip")}</a>
        <header class="site">
            <a class="brand" href=href("/")>"Amazon Contract Tracker"</a>
            <nav aria-label=crate::t!("common-nav-label")>
                <a href=href("/places")>{crate::t!("common-nav-places")}</a>
                <a href=href("/deals")>{crate::t!("common-nav-deals")}</a>
                <a href=href("/upcoming")>{crate::t!("common-nav-upcoming")}</a>
                <a href=href("/deals/new")>{crate::t!("common-nav-record")}</a>
                {match viewer {
                    Some(v) => view! {
                        {v.is_moderator().then(|| view! { <a href=href("/review")>{crate::t!("common-nav-review")}</a> })}
                        {(v.role == crate::model::Role::Admin).then(|| view! { <a href=href("/admin/users")>{crate::t!("common-nav-accounts")}</a> })}
                        <a href=href("/account") class="who">{format!("{} ", crate::t!("common-nav-signed-in-as"))}<strong>{v.handle}</strong></a>
                        <form method="post" action=href("/logout") class="inline">
                            <button type="submit" class="link">{crate::t!("common-nav-sign-out")}</button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <a href=href("/login")>{crate::t!("common-sign-in")}</a>
                        <a href=href("/signup")>{crate::t!("common-nav-sign-up")}</a>
                    }.into_any(),
                }}
                <LanguageSwitch/>
            </nav>
        </header>
        <main id="main">{children()}</main>
        <footer class="site">
            <p>{crate::t!("common-footer")}</p>
        </footer>
    }
    .into_any()
}

/// A page's data, loaded on the server while the page renders. Unlike a `Resource` it is
/// not serialized into the HTML: these pages never hydrate (islands get their data as
/// props), so the copy would only double what a phone downloads.
pub fn server_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> AsyncDerived<T>
where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    AsyncDerived::new(move || fetcher(source()))
}

/// The site's public address ("https://tracker.example.org"), for absolute links in meta
/// tags and snippets. Empty where there's no server (never the case for these pages).
pub fn public_url() -> String {
    #[cfg(feature = "ssr")]
    if let Ok(s) = crate::web::state() {
        return s.config.public_url.clone();
    }
    String::new()
}

/// "Not disclosed" (in the page's language) for a missing amount, never "$0".
pub fn money(cents: Option<i64>) -> String {
    cents.map(format_dollars).unwrap_or_else(|| crate::t!("common-not-disclosed"))
}

/// How a basis reads after an amount, in the page's language: "maximum", "estimated",
/// "actually paid"; empty without a basis.
pub fn basis_word(b: Option<ValueBasis>) -> String {
    match b {
        Some(ValueBasis::Maximum) => crate::t!("common-basis-maximum"),
        Some(ValueBasis::Estimated) => crate::t!("common-basis-estimated"),
        Some(ValueBasis::ActualPaid) => crate::t!("common-basis-actual-paid"),
        None => String::new(),
    }
}

/// A note the site stored in English, in the page's language ([`crate::i18n::stored_note`]).
pub fn stored_note(s: &str) -> String {
    crate::i18n::stored_note(lang(), s)
}

/// The page for an error, with the right status already set by the server function.
pub fn error_view(e: AppError) -> AnyView {
    match e {
        AppError::NotFound => view! { <NotFoundPage/> }.into_any(),
        AppError::Unauthenticated => view! {
            <Title text=crate::t!("common-sign-in")/>
            <h1>{crate::t!("common-please-sign-in")}</h1>
            <p><a href=href("/login")>{crate::t!("common-unauth-link")}</a>" "{crate::t!("common-unauth-after")}</p>
        }
        .into_any(),
        AppError::Moved(to) => view! {
            <Title text=crate::t!("common-moved-title")/>
            <h1>{crate::t!("common-moved-heading")}</h1>
            // `to` already carries the page's language prefix (see api.rs).
            <p><a href=to.clone()>{crate::t!("common-moved-link", to = &to)}</a></p>
        }
        .into_any(),
        other => view! {
            <Title text=crate::t!("common-went-wrong")/>
            <h1>{crate::t!("common-went-wrong")}</h1>
            <p class="error" role="alert">{tr(&other.msg())}</p>
        }
        .into_any(),
    }
}

/// 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=crate::t!("common-not-found-title")/>
        <h1>{crate::t!("common-not-found-heading")}</h1>
        <p>{crate::t!("common-not-found-text")}</p>
        <form method="get" action=href("/search") class="search-inline">
            <label for="nf-q">{crate::t!("common-not-found-place-label")}</label>
            <input id="nf-q" name="q" type="search" placeholder=crate::t!("common-place-placeholder")/>
            <button type="submit">{crate::t!("common-search")}</button>
        </form>
        <p><a href=href("/")>{crate::t!("common-go-home")}</a></p>
    }
}

/// Disclosed sums by basis (never added across bases) and the undisclosed count.
#[component]
pub fn TotalsSummary(totals: Totals) -> impl IntoView {
    if totals.deals == 0 {
        return view! { <p class="empty">{crate::t!("common-no-deals-yet")}</p> }.into_any();
    }
    let undisclosed = totals.undisclosed;
    view! {
        <dl class="totals">
            {totals.by_basis.iter().map(|b| view! {
                <div class="figure">
                    <dt>{match b.basis {
                        Some(ValueBasis::Maximum) => crate::t!("common-total-maximum"),
                        Some(ValueBasis::Estimated) => crate::t!("common-total-estimated"),
                        Some(ValueBasis::ActualPaid) => crate::t!("common-total-actual-paid"),
                        None => String::new(),
                    }}</dt>
                    <dd><span class="amount">{format_dollars(b.cents)}</span>
                        <span class="sub">{crate::t!("common-deal-count", count = b.deals)}</span></dd>
                </div>
            }).collect_view()}
            {(undisclosed > 0 || totals.by_basis.is_empty()).then(|| view! {
                <div class="figure">
                    <dt>{crate::t!("common-total-undisclosed")}</dt>
                    <dd><span class="amount">{undisclosed}</span>
                        <span class="sub">{crate::t!("common-undisclosed-sub", count = undisclosed)}</span></dd>
                </div>
            })}
        </dl>
        <table class="by-kind">
            <caption>{crate::t!("common-by-kind-caption")}</caption>
            <thead><tr><th scope="col">{crate::t!("common-col-kind")}</th><th scope="col">{crate::t!("common-col-disclosed")}</th><th scope="col">{crate::t!("common-col-undisclosed")}</th></tr></thead>
            <tbody>
                {totals.by_kind.iter().map(|k| view! {
                    <tr>
                        <th scope="row">{k.kind.label()}</th>
                        <td>{if k.by_basis.is_empty() { "—".to_string() } else {
                            k.by_basis.iter().map(|b| format!("{} {}", format_dollars(b.cents), basis_word(b.basis))).collect::<Vec<_>>().join("; ")
                        }}</td>
                        <td>{k.undisclosed}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A table of deals; each amount links to the deal, each deal to its first source.
#[component]
pub fn DealTable(rows: Vec<crate::model::view::DealRow>, #[prop(optional)] show_place: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{crate::t!("common-none-yet")}</p> }.into_any();
    }
    // Looked up once for the table, not per row: a state page lists hundreds.
    let lang = lang();
    let [government, kind, amount, date, source, document, citation, unreviewed] = [
        "common-col-government",
        "common-col-kind",
        "common-col-amount",
        "common-col-date",
        "common-col-source",
        "common-document",
        "common-citation",
        "common-unreviewed",
    ]
    .map(|id| crate::i18n::t(lang, id));
    let not_disclosed = crate::i18n::t(lang, "common-not-disclosed");
    view! {
        <div class="table-wrap">
        <table class="deals">
            <thead><tr>
                <th scope="col">{crate::t!("common-col-deal")}</th>
                {show_place.then(|| view! { <th scope="col">{government.clone()}</th> })}
                <th scope="col">{kind.clone()}</th>
                <th scope="col" class="num">{amount.clone()}</th>
                <th scope="col">{date.clone()}</th>
                <th scope="col">{source.clone()}</th>
            </tr></thead>
            <tbody>
            {rows.into_iter().map(|r| view! {
                <tr>
                    <td class="title"><a href=lang.href(&format!("/deals/{}", r.id))>{r.title}</a>
                        <span class="sub">{r.entity_name}" · "{r.status.label_in(lang)}
                        {(r.review_state == crate::model::ReviewState::Unreviewed).then(|| view! { " · " <span class="badge">{unreviewed.clone()}</span> })}
                        </span></td>
                    {show_place.then(|| view! { <td data-label=government.clone()><a href=r.jurisdiction_path.url(lang)>{r.jurisdiction_label.clone()}</a></td> })}
                    <td data-label=kind.clone()>{r.kind.label_in(lang)}</td>
                    <td class="num" data-label=amount.clone()>{r.amount_cents.map(format_dollars).unwrap_or_else(|| not_disclosed.clone())}<span class="sub">{basis_word(r.value_basis)}</span></td>
                    <td data-label=date.clone()>{r.date.map(|d| d.text(lang)).unwrap_or_else(|| "—".into())}</td>
                    <td data-label=source.clone()>{match r.first_source_url {
                        Some(u) => view! { <a href=u rel="noopener noreferrer nofollow">{document.clone()}</a> }.into_any(),
                        None => view! { <a href=lang.href(&format!("/deals/{}#sources", r.id))>{citation.clone()}</a> }.into_any(),
                    }}</td>
                </tr>
            }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// A field's error message, linked from the field by `aria-describedby`.
#[component]
pub fn FieldErrorMsg(name: String, errors: crate::model::FieldErrors) -> impl IntoView {
    errors.get(&name).map(tr).map(|m| view! { <p class="field-error" id=format!("err-{name}")>{m}</p> })
}

/// The same for an island, whose messages arrive as text (see [`texts`]).
#[component]
pub fn FieldErrorText(name: String, texts: ErrorTexts) -> impl IntoView {
    texts.get(&name).cloned().map(|m| view! { <p class="field-error" id=format!("err-{name}")>{m}</p> })
}

/// Field notes as text, for islands: they get their words with their props, so the
/// catalogue never ships in the WebAssembly.
pub type ErrorTexts = std::collections::BTreeMap<String, String>;

/// The text of each field's note, in the page's language.
pub fn texts(errors: &crate::model::FieldErrors) -> ErrorTexts {
    errors.iter().map(|(k, m)| (k.clone(), tr(m))).collect()
}

/// The language of the page being rendered.
pub use crate::i18n::lang;

/// A message in the page's language.
pub fn tr(m: &crate::model::msg::Msg) -> String {
    crate::i18n::text(lang(), m)
}
