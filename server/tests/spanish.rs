//! The Spanish site (`/es/...`): every page renders with no English from the catalogues left
//! on it, links and form posts stay in Spanish, and files keep one address.

mod common;

use common::TestApp;
use fluent_syntax::ast;
use std::collections::{BTreeMap, HashSet};

/// Every message's text pieces (between placeables, in every variant), by id, in `lang`.
fn catalogue(lang: &str) -> BTreeMap<String, Vec<String>> {
    fn pieces(pattern: &ast::Pattern<String>, out: &mut Vec<String>) {
        let mut run = String::new();
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => run.push_str(value),
                ast::PatternElement::Placeable { expression } => {
                    out.push(std::mem::take(&mut run));
                    if let ast::Expression::Select { variants, .. } = expression {
                        for v in variants {
                            pieces(&v.value, out);
                        }
                    }
                }
            }
        }
        out.push(run);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales").join(lang);
    let mut messages = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("catalogue folder").flatten() {
        let source = std::fs::read_to_string(entry.path()).expect("catalogue");
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, e)| panic!("{}: {e:?}", entry.path().display()));
        for item in resource.body {
            if let ast::Entry::Message(m) = item {
                let mut out = Vec::new();
                if let Some(v) = &m.value {
                    pieces(v, &mut out);
                }
                messages.insert(m.id.name, out.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect());
            }
        }
    }
    messages
}

/// English that must not show on a Spanish page: each piece of an English message of two
/// words or more that the Spanish catalogue doesn't also use (names, "TIF", "$" excepted).
fn english_pieces() -> Vec<(String, String)> {
    let en = catalogue("en");
    let es = catalogue("es");
    let spanish: HashSet<&String> = es.values().flatten().collect();
    let mut out = Vec::new();
    for (id, pieces) in &en {
        // The switch on a Spanish page leads to English, in English.
        if id == "language-switch" {
            continue;
        }
        for p in pieces {
            let words = p.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
            if words >= 2 && p.len() >= 8 && !spanish.contains(p) {
                out.push((id.clone(), p.clone()));
            }
        }
    }
    out
}

/// The page's text as a reader gets it (entities decoded), without scripts and styles.
fn readable(html: &str) -> String {
    let mut s = html.to_string();
    for (tag, end) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(at) = s.find(tag) {
            let stop = s[at..].find(end).map(|e| at + e + end.len()).unwrap_or(s.len());
            s.replace_range(at..stop, " ");
        }
    }
    s.replace("&#39;", "'").replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn both_catalogues_have_the_same_messages_with_the_same_variables() {
    let en = catalogue("en");
    let es = catalogue("es");
    let missing: Vec<_> = en.keys().filter(|k| !es.contains_key(*k)).collect();
    let extra: Vec<_> = es.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "in English, not in Spanish: {missing:?}");
    assert!(extra.is_empty(), "in Spanish, not in English: {extra:?}");
    assert!(en.len() > 300, "only {} messages", en.len());
    let vars = |lang: &str| -> BTreeMap<String, Vec<String>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales").join(lang);
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current = String::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            for line in std::fs::read_to_string(entry.path()).unwrap().lines().filter(|l| !l.starts_with('#')) {
                if let Some((id, _)) = line.split_once(" =").filter(|(id, _)| !id.starts_with([' ', '#']) && !id.is_empty()) {
                    current = id.to_string();
                    out.entry(current.clone()).or_default();
                }
                for (at, _) in line.match_indices('$') {
                    let name: String = line[at + 1..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
                    let list = out.entry(current.clone()).or_default();
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        out.values_mut().for_each(|v| v.sort());
        out
    };
    let (ven, ves) = (vars("en"), vars("es"));
    let differ: Vec<_> = ven.iter().filter(|(id, v)| ves.get(*id).is_some_and(|w| w != *v)).map(|(id, _)| id).collect();
    assert!(differ.is_empty(), "messages whose variables differ between the languages: {differ:?}");
}

#[tokio::test]
async fn every_page_in_spanish_has_no_english_from_the_catalogue() {
    let app = TestApp::start().await;
    let admin = app.staff("admin_es", "admin").await;
    // A deal recorded through the Spanish form: its redirect stays in Spanish.
    // The shared form, with no catalogue words in its data ("Board minutes" is one).
    let mut form = common::deal_form("Contrato AWS 2023", "Arlington County, VA");
    for (name, value) in form.iter_mut() {
        match *name {
            "approved" => *value = "2019-03-16",
            "source_url" => *value = "https://example.org/acta.pdf",
            "source_title" => *value = "Acta 2019",
            _ => {}
        }
    }
    form.push(("not_duplicate", "1"));
    let res = app.post_form("/es/deals/new", Some(&admin), &form).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/es/deals/"), "{to}");
    let id = to.trim_start_matches("/es/deals/").split('?').next().unwrap().to_string();
    // A contributor's edit waiting for review.
    let contributor = app.sign_up("colaboradora").await;
    let mut edit = form.clone();
    edit[0] = ("title", "Contrato AWS 2023 (enmienda)");
    edit.extend([("base", "1"), ("summary", "Título corregido")]);
    let edit_path = format!("/es/deals/{id}/edit");
    let res = app.post_form(&edit_path, Some(&contributor), &edit).await;
    assert!(res.status() == 303 || res.status() == 200, "edit: {}", res.status());
    app.indexed().await;

    let pieces = english_pieces();
    // The check sees English where there is some: the English twin of a page is full of it.
    let english = readable(&app.get("/deals", None).await.text().await.unwrap());
    let seen = pieces.iter().filter(|(_, p)| english.contains(p.as_str())).count();
    assert!(seen >= 10, "only {seen} English pieces found on the English /deals");
    let public = [
        "/es".to_string(),
        "/es/search?q=arlington".into(),
        "/es/signup".into(),
        "/es/login".into(),
        "/es/deals".into(),
        "/es/deals?q=aws".into(),
        "/es/deals?q=awz".into(),
        "/es/deals?kind=cloud_contract&state=va".into(),
        "/es/about/data".into(),
        "/es/follow".into(),
        format!("/es/deals/{id}"),
        format!("/es/deals/{id}/history"),
        "/es/places".into(),
        "/es/places/va".into(),
        "/es/places/va/arlington-county".into(),
        "/es/places/wy".into(),
        "/es/embed/places/va/arlington-county".into(),
        "/es/no-such-page".into(),
        "/es/deals/999999".into(),
    ];
    let private = [
        "/es/deals/new".to_string(),
        format!("/es/deals/{id}/edit"),
        "/es/review".into(),
        "/es/review/import".into(),
        "/es/account".into(),
        "/es/admin/users".into(),
        "/es/places/propose".into(),
    ];
    // English first, so anything kept from an English render (counts, labels) would show.
    for (path, cookie) in public.iter().map(|p| (p, None)).chain(private.iter().map(|p| (p, Some(admin.as_str())))) {
        let english = path.strip_prefix("/es").filter(|p| !p.is_empty()).unwrap_or("/");
        assert!(app.get(english, cookie).await.status().as_u16() < 500, "{english}");
    }
    let mut found = Vec::new();
    for (path, cookie) in public.iter().map(|p| (p, None)).chain(private.iter().map(|p| (p, Some(admin.as_str())))) {
        let res = app.get(path, cookie).await;
        assert!(res.status() == 200 || res.status() == 404, "{path}: {}", res.status());
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"<html lang="es""#), "{path}: not marked Spanish");
        let text = readable(&html);
        for (id, piece) in &pieces {
            if text.contains(piece.as_str()) {
                found.push(format!("{path}: {id}: {piece:?}"));
            }
        }
        // Links stay in Spanish: no link to an English page.
        for href in html.split("href=\"").skip(1).filter_map(|h| h.split('"').next()) {
            let english_page = href.starts_with('/')
                && !href.starts_with("/es")
                && !href.starts_with("/pkg/")
                && ![".csv", ".json", ".sqlite"].iter().any(|e| href.split('?').next().unwrap_or("").ends_with(e))
                && !href.starts_with("/downloads/");
            // The switch to English is the one link out.
            if english_page && !html.contains(&format!(r#"<a href="{href}" hreflang="en" lang="en" class="language">"#)) {
                found.push(format!("{path}: link to an English page {href}"));
            }
        }
    }
    assert!(found.is_empty(), "English left on Spanish pages:\n{}", found.join("\n"));
}

#[tokio::test]
async fn spanish_pages_say_so_and_link_their_english_twin() {
    let app = TestApp::start().await;
    let html = app.get("/es/places/va/arlington-county", None).await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="es""#));
    assert!(html.contains(&format!(r#"<link rel="alternate" hreflang="en" href="{}/places/va/arlington-county""#, app.base)));
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{}/es/places/va/arlington-county""#, app.base)));
    assert!(html.contains(r#"content="es_US""#));
    assert!(html.contains(r#"<a href="/places/va/arlington-county" hreflang="en" lang="en" class="language">In English</a>"#), "switch");
    let english = app.get("/places/va/arlington-county", None).await.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains(r#"<a href="/es/places/va/arlington-county" hreflang="es" lang="es" class="language">En español</a>"#));
    // The home page offers Spanish.
    assert!(app.get("/", None).await.text().await.unwrap().contains(">En español</a>"));
}

#[tokio::test]
async fn files_have_one_address_and_feeds_and_cards_speak_spanish() {
    let app = TestApp::start().await;
    for (from, to) in [
        ("/es/deals.csv?kind=tif", "/deals.csv?kind=tif"),
        ("/es/deals.json", "/deals.json"),
        ("/es/places/va.csv", "/places/va.csv"),
        ("/es/ocds/releases.json", "/ocds/releases.json"),
    ] {
        let res = app.get(from, None).await;
        assert_eq!(res.status(), 301, "{from}");
        assert_eq!(res.headers()["location"], to, "{from}");
    }
    let feed = app.get("/es/places/va/arlington-county/feed.atom", None).await;
    assert_eq!(feed.status(), 200);
    let english = app.get("/places/va/arlington-county/feed.atom", None).await.text().await.unwrap();
    let spanish = feed.text().await.unwrap();
    assert_ne!(english, spanish, "the Spanish feed is translated");
    assert!(spanish.contains("/es/places/va/arlington-county"), "links to the Spanish page");
    let card = app.get("/es/places/va/card.png", None).await;
    assert_eq!(card.status(), 200);
    let (es, en) = (card.bytes().await.unwrap(), app.get("/places/va/card.png", None).await.bytes().await.unwrap());
    assert_ne!(es, en, "the Spanish card has Spanish words");
    // A Spanish feed refuses a bad filter in Spanish.
    let res = app.get("/es/deals.atom?min=mucho", None).await;
    assert_eq!(res.status(), 400);
    let body = res.text().await.unwrap();
    assert!(!body.contains("Some fields need attention") && body.contains("mucho"), "{body}");
    // A Spanish page is cached apart from its English twin.
    for _ in 0..2 {
        assert!(app.get("/es/places/va", None).await.text().await.unwrap().contains(r#"<html lang="es""#));
        assert!(app.get("/places/va", None).await.text().await.unwrap().contains(r#"<html lang="en""#));
    }
    // Query tidying keeps the language.
    let res = app.get("/es/deals?q=&kind=tif", None).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/es/deals?kind=tif");
}
