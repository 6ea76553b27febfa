//! Sources often give only a year, or a year and month, so deal dates are partial dates.

use super::msg::Msg;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A date known to the year, the month, or the day. Stored as "2023", "2023-05" or
/// "2023-05-17", which sort correctly as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    /// Calendar year, 1900 to 2100.
    pub year: i32,
    /// Month 1-12, when known.
    pub month: Option<u8>,
    /// Day of month, when known (only with a month).
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Months as Spanish writes them inside a date: in lower case.
const MESES: [&str; 12] =
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

impl PartialDate {
    /// Accepts "2023", "2023-05", "2023-05-17" and "5/17/2023".
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        let bad = || Msg::new("date-invalid").with("typed", s);
        let parts: Vec<&str> = if s.contains('/') {
            let p: Vec<&str> = s.split('/').collect();
            match p.as_slice() {
                [m, d, y] => vec![*y, *m, *d],
                [m, y] => vec![*y, *m],
                _ => return Err(bad()),
            }
        } else {
            s.split('-').collect()
        };
        if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
            return Err(bad());
        }
        if parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        if !(1900..=2100).contains(&year) {
            return Err(Msg::new("date-year-range").with("year", i64::from(year)));
        }
        let month = match parts.get(1) {
            Some(m) => {
                let m: u8 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(Msg::new("date-month-invalid").with("month", i64::from(m)));
                }
                Some(m)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => {
                let d: u8 = d.parse().map_err(|_| bad())?;
                let m = month.unwrap_or(1);
                if chrono::NaiveDate::from_ymd_opt(year, m.into(), d.into()).is_none() {
                    return Err(Msg::new("date-day-invalid")
                        .with("month", i64::from(m))
                        .with("year", i64::from(year))
                        .with("day", i64::from(d)));
                }
                Some(d)
            }
            None => None,
        };
        Ok(Self { year, month, day })
    }

    /// The stored, sortable text form.
    pub fn to_iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }
}

impl PartialDate {
    /// The last day the date can mean: a contract that ends "2029" runs until the end of 2029.
    pub fn last_day(&self) -> chrono::NaiveDate {
        use chrono::NaiveDate;
        let (y, m) = (self.year, u32::from(self.month.unwrap_or(12)));
        let day = self.day.map(u32::from);
        day.and_then(|d| NaiveDate::from_ymd_opt(y, m, d))
            .or_else(|| {
                let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
                next.and_then(|n| n.pred_opt())
            })
            .unwrap_or(NaiveDate::MAX)
    }

    /// How precisely the date is known: "day", "month" or "year".
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }
}

impl PartialDate {
    /// "May 17, 2023", "May 2023", "2023"; in Spanish "17 de mayo de 2023", "mayo de 2023".
    pub fn text(&self, lang: Lang) -> String {
        let m = self.month.map(|m| usize::from(m.clamp(1, 12) - 1));
        match (lang, m, self.day) {
            (Lang::En, Some(m), Some(d)) => format!("{} {d}, {}", MONTHS[m], self.year),
            (Lang::En, Some(m), None) => format!("{} {}", MONTHS[m], self.year),
            (Lang::Es, Some(m), Some(d)) => format!("{d} de {} de {}", MESES[m], self.year),
            (Lang::Es, Some(m), None) => format!("{} de {}", MESES[m], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    /// In the page's language (English outside a page).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(crate::i18n::lang()))
    }
}

/// "2026-12-01" (or a longer timestamp) as "December 1, 2026" in the page's language;
/// anything else as given.
pub fn long_date(iso: &str) -> String {
    long_date_in(iso, crate::i18n::lang())
}

/// [`long_date`] in `lang`, for handlers that aren't page renders (feeds, cards).
pub fn long_date_in(iso: &str, lang: Lang) -> String {
    match iso.get(..10).map(PartialDate::parse) {
        Some(Ok(d)) => d.text(lang),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        assert_eq!(PartialDate::parse("2023").map(|d| d.to_iso()), Ok("2023".into()));
        assert_eq!(PartialDate::parse("2023-5").map(|d| d.to_iso()), Ok("2023-05".into()));
        assert_eq!(PartialDate::parse("2023-05-17").map(|d| d.to_iso()), Ok("2023-05-17".into()));
        assert_eq!(PartialDate::parse("5/17/2023").map(|d| d.to_iso()), Ok("2023-05-17".into()));
        assert_eq!(PartialDate::parse("2024-02-29").map(|d| d.to_string()), Ok("February 29, 2024".into()));
        assert_eq!(PartialDate::parse("2023-11").map(|d| d.to_string()), Ok("November 2023".into()));
        assert_eq!(PartialDate::parse("2019-03-16").map(|d| d.text(Lang::Es)), Ok("16 de marzo de 2019".into()));
        assert_eq!(PartialDate::parse("2019-03").map(|d| d.text(Lang::Es)), Ok("marzo de 2019".into()));
        assert_eq!(long_date_in("2026-12-01T10:00:00Z", Lang::Es), "1 de diciembre de 2026");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2023-13").is_err());
        assert!(PartialDate::parse("23").is_err());
        assert!(PartialDate::parse("1850").is_err());
        assert!(PartialDate::parse("yesterday").is_err());
        assert!(PartialDate::parse("2023-05-17-1").is_err());
    }
}
