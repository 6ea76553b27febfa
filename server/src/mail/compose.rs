//! Writing a message: the confirmation, or the deals a follow's message lists with the
//! decisions coming up within a week, as plain text and HTML in the follow's language, with
//! the links to manage one's follows and to unsubscribe (RFC 8058's one click).

use super::MailConfig;
use app::i18n::{t, text, Lang};
use app::model::msg::Msg;
use app::model::upcoming::{UpcomingFilter, UpcomingRow, UpcomingWindow};
use app::repo::{events, follows};
use lettre::message::{header, Mailbox, MultiPart};
use lettre::Message;
use sqlx::SqliteConnection;

/// Rows of "coming up" a message shows at most.
const COMING_UP: i64 = 10;

/// The message for an outbox row; None when there is nothing left to say.
pub async fn message(conn: &mut SqliteConnection, config: &MailConfig, m: &follows::Outgoing) -> Result<Option<Message>, sqlx::Error> {
    let lang = if m.lang == "es" { Lang::Es } else { Lang::En };
    let Ok(to) = m.email.parse::<Mailbox>() else {
        // The form checked it; an address lettre refuses can never be sent to.
        tracing::warn!(message = m.id, "mail: an address lettre does not take; dropped");
        return Ok(None);
    };
    let url = |path: &str| format!("{}{}", config.public_url, lang.href(path));
    let (subject, body) = if m.kind == "confirm" {
        let token = follows::token(&mut *conn, &m.email, m.follow_id, "confirm").await?;
        let link = url(&format!("/follow/confirm?token={token}"));
        let subject = text(lang, &Msg::new("mail-confirm-subject").with("what", m.label.as_str()));
        let intro = text(lang, &Msg::new("mail-confirm-text").with("what", m.label.as_str()));
        (
            subject,
            Body {
                intro,
                sections: Vec::new(),
                action: Some((t(lang, "mail-confirm-button"), link)),
                footer: t(lang, "mail-confirm-ignore"),
                manage: None,
                unsubscribe: None,
            },
        )
    } else {
        let deals = follows::items(&mut *conn, m.id).await?;
        if deals.is_empty() {
            return Ok(None);
        }
        let total = follows::item_count(&mut *conn, m.id).await?;
        let token = follows::token(&mut *conn, &m.email, m.follow_id, "manage").await?;
        let mut sections = vec![Section {
            heading: t(lang, "mail-deals-heading"),
            items: deals
                .iter()
                .map(|d| Item {
                    title: text(lang, &Msg::new(if d.new { "mail-deal-new" } else { "mail-deal-changed" }).with("title", d.title.as_str())),
                    detail: format!(
                        "{} · {}",
                        d.place,
                        d.amount_cents.map(app::model::format_dollars).unwrap_or_else(|| t(lang, "feed-amount-undisclosed"))
                    ),
                    link: url(&format!("/deals/{}", d.deal_id)),
                })
                .collect(),
        }];
        if total > deals.len() as i64 {
            let more = text(lang, &Msg::new("mail-more").with("count", total - deals.len() as i64));
            sections[0].items.push(Item { title: more, detail: String::new(), link: url(&app::model::follow::page_of(&m.place, &m.view)) });
        }
        let soon = coming_up(&mut *conn, &m.place, &m.view).await?;
        if !soon.is_empty() {
            sections.push(Section {
                heading: t(lang, "mail-coming-up-heading"),
                items: soon
                    .iter()
                    .map(|r| {
                        let what = if r.event.id == events::ENDS { t(lang, "upcoming-contract-ends") } else { r.event.kind.label_in(lang) };
                        let when = app::pages::upcoming::when(&r.event, &r.precision, lang);
                        let mut detail = vec![when, r.place_label()];
                        detail.extend(r.event.body.clone());
                        detail.extend(r.event.location.clone());
                        Item {
                            title: format!("{what}: {}", r.deal_title),
                            detail: detail.join(" · "),
                            link: url(&format!("/deals/{}", r.deal_id)),
                        }
                    })
                    .collect(),
            });
        }
        let key = if m.kind == "digest" {
            if m.frequency == "weekly" {
                "mail-digest-weekly-subject"
            } else {
                "mail-digest-daily-subject"
            }
        } else {
            "mail-instant-subject"
        };
        let subject = text(lang, &Msg::new(key).with("what", m.label.as_str()).with("count", total));
        let intro = text(lang, &Msg::new("mail-intro").with("what", m.label.as_str()));
        let manage = url(&format!("/follow/manage?token={token}"));
        let footer = text(
            lang,
            &Msg::new("mail-footer")
                .with("what", m.label.as_str())
                .with("frequency", t(lang, frequency_id(&m.frequency)))
                .with("manage", manage.as_str()),
        );
        let unsubscribe = url(&format!("/follow/unsubscribe?token={token}"));
        (
            subject,
            Body {
                intro,
                sections,
                action: Some((t(lang, "mail-open-site"), url(&app::model::follow::page_of(&m.place, &m.view)))),
                footer,
                manage: Some(manage),
                unsubscribe: Some(unsubscribe),
            },
        )
    };
    let mut builder =
        Message::builder().from(config.from.clone()).to(to).subject(subject.clone()).message_id(Some(format!("<{}>", m.message_id)));
    if let Some(u) = &body.unsubscribe {
        builder = builder.header(ListUnsubscribe(format!("<{u}>"))).header(ListUnsubscribePost);
    }
    let plain = body.plain(lang);
    let html = body.html(&subject, lang);
    match builder.multipart(MultiPart::alternative_plain_html(plain, html)) {
        Ok(message) => Ok(Some(message)),
        Err(e) => {
            tracing::error!(message = m.id, error = %e, "mail: a message could not be built; dropped");
            Ok(None)
        }
    }
}

/// The frequency as it reads inside the footer's sentence (lower case).
fn frequency_id(code: &str) -> &'static str {
    use app::model::follow::Frequency;
    match Frequency::parse(code).unwrap_or(Frequency::Daily) {
        Frequency::Instant => "mail-frequency-instant",
        Frequency::Daily => "mail-frequency-daily",
        Frequency::Weekly => "mail-frequency-weekly",
    }
}

/// Decisions within a week in the follow's place or state; none for views across the
/// country, whose list would not be the view's.
async fn coming_up(conn: &mut SqliteConnection, place: &str, view: &str) -> Result<Vec<UpcomingRow>, sqlx::Error> {
    let state = url::form_urlencoded::parse(view.as_bytes()).find(|(k, _)| k == "state").map(|(_, v)| v.to_ascii_uppercase());
    let filter = match (place.split_once('/'), place.is_empty(), state) {
        (Some(_), _, _) => UpcomingFilter { place: Some(place.to_string()), ..Default::default() },
        (None, false, _) => UpcomingFilter { state: Some(place.to_ascii_uppercase()), ..Default::default() },
        (None, true, Some(st)) => UpcomingFilter { state: Some(st), ..Default::default() },
        (None, true, None) => return Ok(Vec::new()),
    };
    let Some((scope, _)) = events::scope_of(&mut *conn, &filter).await? else { return Ok(Vec::new()) };
    let wanted = UpcomingFilter { window: UpcomingWindow::Week, ..filter };
    Ok(events::upcoming(conn, &scope, &wanted, &events::today(), COMING_UP).await?.rows)
}

/// A message's words, before they become text and HTML.
struct Body {
    intro: String,
    sections: Vec<Section>,
    /// The one button: confirm, or see it on the site.
    action: Option<(String, String)>,
    footer: String,
    /// The manage link the footer quotes; the HTML shows it as a link, not the address.
    manage: Option<String>,
    unsubscribe: Option<String>,
}

struct Section {
    heading: String,
    items: Vec<Item>,
}

struct Item {
    title: String,
    detail: String,
    link: String,
}

impl Body {
    fn plain(&self, lang: Lang) -> String {
        let mut out = format!("{}\n\n", self.intro);
        if let Some((words, link)) = &self.action {
            if self.sections.is_empty() {
                out.push_str(&format!("{words}:\n{link}\n\n"));
            }
        }
        for s in &self.sections {
            out.push_str(&format!("{}\n{}\n\n", s.heading, "-".repeat(s.heading.chars().count())));
            for i in &s.items {
                out.push_str(&format!("* {}\n", i.title));
                if !i.detail.is_empty() {
                    out.push_str(&format!("  {}\n", i.detail));
                }
                out.push_str(&format!("  {}\n\n", i.link));
            }
        }
        out.push_str(&format!("--\n{}\n", self.footer));
        if let Some(u) = &self.unsubscribe {
            out.push_str(&format!("{}: {u}\n", t(lang, "mail-unsubscribe")));
        }
        out
    }

    /// The site's look, in the inline styles mail clients keep: no external fonts, images
    /// or scripts.
    fn html(&self, subject: &str, lang: Lang) -> String {
        let e = crate::feed::xml;
        let mut out = format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title></head>\
             <body style=\"margin:0;padding:0;background:#f3f5f8;color:#1b1f24;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5\">\
             <div style=\"max-width:600px;margin:0 auto;padding:16px\">\
             <p style=\"margin:0 0 16px;font-weight:700;color:#1d3b53\">Amazon Contract Tracker</p>\
             <p>{}</p>",
            lang.code(),
            e(subject),
            e(&self.intro)
        );
        if let Some((words, link)) = &self.action {
            if self.sections.is_empty() {
                out.push_str(&format!(
                    "<p><a href=\"{}\" style=\"display:inline-block;background:#1d3b53;color:#ffffff;padding:10px 16px;border-radius:4px;text-decoration:none;font-weight:700\">{}</a></p>",
                    e(link),
                    e(words)
                ));
            }
        }
        for s in &self.sections {
            out.push_str(&format!("<h2 style=\"font-size:18px;margin:24px 0 8px\">{}</h2><ul style=\"padding-left:20px\">", e(&s.heading)));
            for i in &s.items {
                out.push_str(&format!(
                    "<li style=\"margin-bottom:12px\"><a href=\"{}\" style=\"color:#1d3b53\">{}</a>{}</li>",
                    e(&i.link),
                    e(&i.title),
                    if i.detail.is_empty() { String::new() } else { format!("<br><span style=\"color:#555\">{}</span>", e(&i.detail)) }
                ));
            }
            out.push_str("</ul>");
        }
        if let (Some((words, link)), false) = (&self.action, self.sections.is_empty()) {
            out.push_str(&format!("<p><a href=\"{}\" style=\"color:#1d3b53\">{}</a></p>", e(link), e(words)));
        }
        let mut footer = e(&self.footer);
        if let Some(m) = &self.manage {
            footer = footer.replace(&e(m), &format!("<a href=\"{}\" style=\"color:#1d3b53\">{}</a>", e(m), e(&t(lang, "mail-manage"))));
        }
        out.push_str(&format!(
            "<hr style=\"border:0;border-top:1px solid #ccc;margin:24px 0\"><p style=\"color:#555;font-size:14px\">{footer}</p>"
        ));
        if let Some(u) = &self.unsubscribe {
            out.push_str(&format!(
                "<p style=\"font-size:14px\"><a href=\"{}\" style=\"color:#1d3b53\">{}</a></p>",
                e(u),
                e(&t(lang, "mail-unsubscribe"))
            ));
        }
        out.push_str("</div></body></html>");
        out
    }
}

/// `List-Unsubscribe` (RFC 2369): the unsubscribe link, for a mail client's button.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl header::Header for ListUnsubscribe {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }

    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the link unsubscribes
/// with one POST, no page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl header::Header for ListUnsubscribePost {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}
