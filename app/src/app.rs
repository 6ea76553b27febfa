//! The HTML shell and the routes.

use crate::i18n::Lang;
use crate::pages::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// public/favicon.svg as a data URI.
const FAVICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%231d3b53'/%3E%3Ctext x='16' y='22' font-family='sans-serif' font-size='16' font-weight='700' text-anchor='middle' fill='%23ffd166'%3E$%3C/text%3E%3C/svg%3E";

/// Pages that contain islands. Every other page ships no WebAssembly: a resident opening a
/// shared place page on a weak connection downloads HTML, CSS and the share button's few
/// lines of script.
fn has_islands(path: &str) -> bool {
    // Place pages share with a few lines of script instead (`pages::share`).
    // A document's page checks a copy in the browser; the attach form shows its progress.
    matches!(path, "/" | "/search" | "/deals/new")
        || (path.starts_with("/deals/") && (path.ends_with("/edit") || path.ends_with("/document")))
        || path.starts_with("/documents/")
}

/// The document around every page. Islands mode: only `#[island]`s hydrate.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let parts = use_context::<http::request::Parts>();
    // The language layer has already taken `/es` off the address and put the language here.
    let lang = parts.as_ref().map(|p| Lang::of(&p.extensions)).unwrap_or_default();
    provide_context(lang);
    let path = parts.as_ref().map(|p| p.uri.path().to_string()).filter(|p| !p.starts_with("//")).unwrap_or_default();
    // The canonical and alternate addresses leave out one-time notices and sign-in returns.
    let kept: Vec<&str> = parts
        .as_ref()
        .and_then(|p| p.uri.query())
        .map(|q| q.split('&').filter(|p| !["submitted=", "flagged=", "next="].iter().any(|n| p.starts_with(n))).collect())
        .unwrap_or_default();
    let query = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    let islands = has_islands(&path);
    let site = crate::pages::public_url();
    let address = |l: Lang| format!("{site}{}", l.href(&format!("{path}{query}")));
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // An embed's canonical is the place page it summarises (`pages::embed`).
                {(!path.starts_with("/embed/")).then(|| view! { <link rel="canonical" href=address(lang)/> })}
                {Lang::ALL.iter().map(|l| view! { <link rel="alternate" hreflang=l.code() href=address(*l)/> }).collect_view()}
                <link rel="alternate" hreflang="x-default" href=address(Lang::En)/>
                <HashedStylesheet options=options.clone()/>
                // Inline: one request fewer on a first visit (the file stays at /favicon.svg).
                <link rel="icon" href=FAVICON type="image/svg+xml"/>
                {islands.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The router. Every route renders fully on the server before the first byte is sent
/// (`SsrMode::Async`), so pages work without JavaScript and can set their status code.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = crate::i18n::lang();
    view! {
        <Meta property="og:locale" content=lang.locale()/>
        <Meta property="og:locale:alternate" content=lang.other().locale()/>
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/deals") view=BrowsePage ssr=SsrMode::Async/>
                    <Route path=path!("/upcoming") view=UpcomingPage ssr=SsrMode::Async/>
                    <Route path=path!("/take-part") view=TakePartPage ssr=SsrMode::Async/>
                    <Route path=path!("/about/data") view=AboutDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/follow") view=FollowPage ssr=SsrMode::Async/>
                    <Route path=path!("/follow/confirm") view=FollowConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/follow/manage") view=FollowManagePage ssr=SsrMode::Async/>
                    <Route path=path!("/follow/unsubscribe") view=FollowUnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/deals/new") view=NewDealPage ssr=SsrMode::Async/>
                    <Route path=path!("/deals/:id") view=DealPage ssr=SsrMode::Async/>
                    <Route path=path!("/deals/:id/edit") view=EditDealPage ssr=SsrMode::Async/>
                    <Route path=path!("/deals/:id/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/deals/:id/sources/:source/document") view=AttachDocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/documents/:sha") view=DocumentPage ssr=SsrMode::Async/>
                    <Route path=path!("/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/review/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/places") view=PlacesIndexPage ssr=SsrMode::Async/>
                    <Route path=path!("/places/propose") view=ProposePlacePage ssr=SsrMode::Async/>
                    <Route path=path!("/places/:usps") view=PlacePage ssr=SsrMode::Async/>
                    <Route path=path!("/places/:usps/:slug") view=PlacePage ssr=SsrMode::Async/>
                    <Route path=path!("/embed/places/:usps") view=EmbedPage ssr=SsrMode::Async/>
                    <Route path=path!("/embed/places/:usps/:slug") view=EmbedPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
