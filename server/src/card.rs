//! Share cards: `/places/{usps}[/{slug}]/card.png`, the 1200×630 picture a link preview
//! shows: the place, its deal count and disclosed totals. Drawn as SVG, rendered by resvg
//! with DejaVu Sans (shipped inside the binary by the `dejavu` crate), so no system fonts
//! are needed and every server draws the same picture.

use crate::feed::xml;
use app::i18n::{t, text, Lang};
use app::model::msg::Msg;
use app::model::{format_dollars, view::JurisdictionRef, JurisdictionKind};
use app::repo::{jurisdictions, jurisdictions::SlugLookup, sets, sets::DealSet};
use app::web::AppState;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::sync::{Arc, OnceLock};

/// The font database, built once: parsing the fonts takes a few milliseconds.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// What the card says.
pub struct CardText {
    pub place: String,
    pub kind_line: String,
    pub count_line: String,
    pub figures: Vec<String>,
    pub footer: String,
}

/// The card as SVG. Long names get a smaller type size rather than running off the edge.
pub fn svg(c: &CardText) -> String {
    let chars = c.place.chars().count();
    let size = if chars <= 22 {
        72
    } else if chars <= 32 {
        56
    } else if chars <= 44 {
        42
    } else {
        34
    };
    let place: String = if chars > 56 { c.place.chars().take(55).chain(['…']).collect() } else { c.place.clone() };
    let mut figures = String::new();
    for (i, f) in c.figures.iter().take(4).enumerate() {
        figures.push_str(&format!(r##"<text x="72" y="{}" font-size="40" fill="#ffffff">{}</text>"##, 372 + i as i32 * 56, xml(f)));
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" font-family="DejaVu Sans">
<rect width="1200" height="630" fill="#0b3954"/>
<rect x="0" y="0" width="24" height="630" fill="#f5a623"/>
<text x="72" y="96" font-size="30" fill="#cfe3ef">{kind}</text>
<text x="72" y="{py}" font-size="{size}" font-weight="bold" fill="#ffffff">{place}</text>
<text x="72" y="296" font-size="44" font-weight="bold" fill="#f5a623">{count}</text>
{figures}
<text x="72" y="590" font-size="26" fill="#cfe3ef">{footer}</text>
</svg>"##,
        kind = xml(&c.kind_line),
        py = 150 + size,
        place = xml(&place),
        count = xml(&c.count_line),
        footer = xml(&c.footer),
    )
}

/// Renders SVG to PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    let mut opt = resvg::usvg::Options { fontdb: fonts(), ..Default::default() };
    opt.font_family = "DejaVu Sans".into();
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(1200, 630).ok_or("can't allocate the picture")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// What the card of `place` says, in `lang`.
async fn text_for(state: &AppState, place: &JurisdictionRef, lang: Lang) -> Result<CardText, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let own = sets::totals(&mut conn, &DealSet::Own(place.id)).await?;
    let within = match place.kind {
        JurisdictionKind::State => Some(sets::totals(&mut conn, &DealSet::InState(place.state_usps.clone())).await?.deals),
        JurisdictionKind::County => Some(sets::totals(&mut conn, &DealSet::Within(place.id)).await?.deals),
        _ => None,
    };
    let mut figures: Vec<String> = own
        .by_basis
        .iter()
        .map(|b| {
            let amount = format_dollars(b.cents);
            let id = match b.basis {
                Some(app::model::ValueBasis::Maximum) => "card-figure-maximum",
                Some(app::model::ValueBasis::Estimated) => "card-figure-estimated",
                Some(app::model::ValueBasis::ActualPaid) => "card-figure-paid",
                None => return format!("{amount} "),
            };
            text(lang, &Msg::new(id).with("amount", amount))
        })
        .collect();
    if own.undisclosed > 0 {
        figures.push(text(lang, &Msg::new("card-undisclosed").with("count", own.undisclosed)));
    }
    if let Some(n) = within.filter(|&n| n > 0) {
        figures.push(text(lang, &Msg::new("card-within").with("count", n)));
    }
    let host = state.config.public_url.split("://").nth(1).unwrap_or(&state.config.public_url).to_string();
    Ok(CardText {
        place: place.label(),
        kind_line: if place.kind == JurisdictionKind::State {
            t(lang, "card-kind-state")
        } else {
            // English says what the place calls itself ("Village"); Spanish the kind of
            // government, from the vocabulary ("Ciudad o pueblo").
            let kind = match lang {
                Lang::En => {
                    let label = place.type_label_in(Lang::En);
                    let mut c = label.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
                }
                _ => place.kind.label_in(lang),
            };
            text(lang, &Msg::new("card-kind").with("kind", kind))
        },
        count_line: if own.deals == 0 {
            t(lang, "card-no-deals")
        } else {
            text(lang, &Msg::new("card-deal-count").with("count", own.deals))
        },
        figures,
        footer: text(lang, &Msg::new("card-footer").with("address", format!("{host}{}", place.url(lang)))),
    })
}

async fn card(state: AppState, usps: String, slug: Option<String>, lang: Lang) -> Response {
    let not_found =
        || (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t(lang, "card-not-found")).into_response();
    let failed =
        || (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t(lang, "card-failed")).into_response();
    if usps.len() != 2 || !usps.chars().all(|c| c.is_ascii_lowercase()) {
        return not_found();
    }
    let Ok(mut conn) = state.pool.acquire().await else { return failed() };
    let place = match slug {
        None => jurisdictions::state(&mut conn, &usps).await.map(|s| s.map(Ok)),
        Some(slug) => jurisdictions::by_slug(&mut conn, &usps, &slug).await.map(|l| match l {
            SlugLookup::Found(j) => Some(Ok(j)),
            SlugLookup::Moved(j) => Some(Err(j.url(lang))),
            SlugLookup::Missing => None,
        }),
    };
    drop(conn);
    let place = match place {
        Ok(Some(Ok(p))) => p,
        Ok(Some(Err(moved))) => return Redirect::permanent(&format!("{moved}/card.png")).into_response(),
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "card lookup failed");
            return failed();
        }
    };
    let text = match text_for(&state, &place, lang).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "card totals failed");
            return failed();
        }
    };
    // Rendering takes tens of milliseconds of CPU: off the async threads.
    match tokio::task::spawn_blocking(move || render(&svg(&text))).await {
        Ok(Ok(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        other => {
            tracing::error!(result = ?other.err(), "card rendering failed");
            failed()
        }
    }
}

/// `/places/{usps}/card.png`
pub async fn state_card(State(state): State<AppState>, Path(usps): Path<String>, lang: Lang) -> Response {
    card(state, usps, None, lang).await
}

/// `/places/{usps}/{slug}/card.png`
pub async fn place_card(State(state): State<AppState>, Path((usps, slug)): Path<(String, String)>, lang: Lang) -> Response {
    card(state, usps, Some(slug), lang).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_of_the_right_size_with_text_drawn() {
        let text = CardText {
            place: "La Cañada Flintridge, CA".into(),
            kind_line: "city · Amazon deals".into(),
            count_line: "2 deals with Amazon".into(),
            figures: vec!["$23,000,000 estimated".into()],
            footer: "tracker.example.org/places/ca/la-canada-flintridge".into(),
        };
        let png = render(&svg(&text)).expect("render");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, right after the signature and chunk header.
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 1200);
        assert_eq!(u32::from_be_bytes([png[20], png[21], png[22], png[23]]), 630);
        // Text was laid out: the same card without a font database has fewer distinct pixels.
        let blank = render(&svg(&CardText {
            place: String::new(),
            kind_line: String::new(),
            count_line: String::new(),
            figures: vec![],
            footer: String::new(),
        }))
        .expect("render");
        assert!(png.len() > blank.len() + 2000, "text makes the PNG larger: {} vs {}", png.len(), blank.len());
    }
}
