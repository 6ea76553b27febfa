//! Pieces every page uses: the layout, money and error display, the not-found page.

use crate::api::current_viewer;
use crate::error::AppError;
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
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="site">
            <a class="brand" href="/">"Amazon Contract Tracker"</a>
            <nav aria-label="Main">
                <a href="/places">"Places"</a>
                <a href="/deals">"All deals"</a>
                <a href="/deals/new">"Record a deal"</a>
                {match viewer {
                    Some(v) => view! {
                        {v.is_moderator().then(|| view! { <a href="/review">"Review"</a> })}
                        {(v.role == crate::model::Role::Admin).then(|| view! { <a href="/admin/users">"Accounts"</a> })}
                        <a href="/account" class="who">"Signed in as " <strong>{v.handle}</strong></a>
                        <form method="post" action="/logout" class="inline">
                            <button type="submit" class="link">"Sign out"</button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <a href="/login">"Sign in"</a>
                        <a href="/signup">"Sign up"</a>
                    }.into_any(),
                }}
            </nav>
        </header>
        <main id="main">{children()}</main>
        <footer class="site">
            <p>"Public records of what local governments give Amazon. Every figure links to its source. "
               "Something wrong? Sign in and record a correction."</p>
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

/// "Not disclosed" for a missing amount, never "$0".
pub fn money(cents: Option<i64>) -> String {
    cents.map(format_dollars).unwrap_or_else(|| "Not disclosed".into())
}

/// How a basis reads after an amount: "maximum", "estimated", "actually paid".
pub fn basis_word(b: Option<ValueBasis>) -> &'static str {
    match b {
        Some(ValueBasis::Maximum) => "maximum",
        Some(ValueBasis::Estimated) => "estimated",
        Some(ValueBasis::ActualPaid) => "actually paid",
        None => "",
    }
}

/// The page for an error, with the right status already set by the server function.
pub fn error_view(e: AppError) -> AnyView {
    match e {
        AppError::NotFound => view! { <NotFoundPage/> }.into_any(),
        AppError::Unauthenticated => view! {
            <Title text="Sign in"/>
            <h1>"Please sign in"</h1>
            <p><a href="/login">"Sign in"</a>" to see this page."</p>
        }
        .into_any(),
        AppError::Moved(to) => view! {
            <Title text="Moved"/>
            <h1>"This page has moved"</h1>
            <p><a href=to.clone()>{format!("Go to its new address: {to}")}</a></p>
        }
        .into_any(),
        other => view! {
            <Title text="Something went wrong"/>
            <h1>"Something went wrong"</h1>
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
        <Title text="Not found · Amazon Contract Tracker"/>
        <h1>"We couldn't find that page"</h1>
        <p>"The link may be mistyped, or the place may have a new address. "
           "Search for the place instead:"</p>
        <form method="get" action="/search" class="search-inline">
            <label for="nf-q">"Place name"</label>
            <input id="nf-q" name="q" type="search" placeholder="e.g. Arlington County, VA"/>
            <button type="submit">"Search"</button>
        </form>
        <p><a href="/">"Go to the home page"</a></p>
    }
}

/// Disclosed sums by basis (never added across bases) and the undisclosed count.
#[component]
pub fn TotalsSummary(totals: Totals) -> impl IntoView {
    if totals.deals == 0 {
        return view! { <p class="empty">"No deals recorded yet."</p> }.into_any();
    }
    let undisclosed = totals.undisclosed;
    view! {
        <dl class="totals">
            {totals.by_basis.iter().map(|b| view! {
                <div class="figure">
                    <dt>{match b.basis {
                        Some(ValueBasis::Maximum) => "Up to (contract ceilings)",
                        Some(ValueBasis::Estimated) => "Estimated value",
                        Some(ValueBasis::ActualPaid) => "Actually paid",
                        None => "",
                    }}</dt>
                    <dd><span class="amount">{format_dollars(b.cents)}</span>
                        <span class="sub">{format!("{} deal{}", b.deals, if b.deals == 1 { "" } else { "s" })}</span></dd>
                </div>
            }).collect_view()}
            {(undisclosed > 0 || totals.by_basis.is_empty()).then(|| view! {
                <div class="figure">
                    <dt>"Amount not disclosed"</dt>
                    <dd><span class="amount">{undisclosed}</span>
                        <span class="sub">{format!("deal{} with no public figure", if undisclosed == 1 { "" } else { "s" })}</span></dd>
                </div>
            })}
        </dl>
        <table class="by-kind">
            <caption>"By kind of deal"</caption>
            <thead><tr><th scope="col">"Kind"</th><th scope="col">"Disclosed amounts"</th><th scope="col">"Undisclosed"</th></tr></thead>
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
        return view! { <p class="empty">"None recorded yet."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="deals">
            <thead><tr>
                <th scope="col">"Deal"</th>
                {show_place.then(|| view! { <th scope="col">"Government"</th> })}
                <th scope="col">"Kind"</th>
                <th scope="col" class="num">"Amount"</th>
                <th scope="col">"Date"</th>
                <th scope="col">"Source"</th>
            </tr></thead>
            <tbody>
            {rows.into_iter().map(|r| view! {
                <tr>
                    <td class="title"><a href=format!("/deals/{}", r.id)>{r.title}</a>
                        <span class="sub">{r.entity_name}" · "{r.status.label()}
                        {(r.review_state == crate::model::ReviewState::Unreviewed).then(|| view! { " · " <span class="badge">"not yet checked by a moderator"</span> })}
                        </span></td>
                    {show_place.then(|| view! { <td data-label="Government"><a href=r.jurisdiction_path.url(lang())>{r.jurisdiction_label.clone()}</a></td> })}
                    <td data-label="Kind">{r.kind.label()}</td>
                    <td class="num" data-label="Amount">{money(r.amount_cents)}<span class="sub">{basis_word(r.value_basis)}</span></td>
                    <td data-label="Date">{r.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td data-label="Source">{match r.first_source_url {
                        Some(u) => view! { <a href=u rel="noopener noreferrer nofollow">"Document"</a> }.into_any(),
                        None => view! { <a href=format!("/deals/{}#sources", r.id)>"Citation"</a> }.into_any(),
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
