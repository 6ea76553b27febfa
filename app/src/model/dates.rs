//! Sources often give only a year, or a year and month, so deal dates are partial dates.

use super::msg::Msg;
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

impl fmt::Display for PartialDate {
    /// "2023", "May 2023", "May 17, 2023".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{} {d}, {}", MONTHS[usize::from(m - 1)], self.year),
            (Some(m), None) => write!(f, "{} {}", MONTHS[usize::from(m - 1)], self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// "2026-12-01" (or a longer timestamp) as "December 1, 2026"; anything else as given.
pub fn long_date(iso: &str) -> String {
    match iso.get(..10).map(PartialDate::parse) {
        Some(Ok(d)) => d.to_string(),
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
