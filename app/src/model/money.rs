//! Money is kept as integer cents in USD so sums are exact; it is shown as whole dollars.

use super::msg::Msg;
use std::fmt::Write;

/// The largest amount accepted: ten trillion dollars, far above any local deal, so a typo
/// with extra digits is caught instead of stored.
const MAX_CENTS: i64 = 10_000_000_000_000 * 100;

/// Parses what a person types for an amount in dollars: "$23,000,000", "1234567.89",
/// "1.5 million", "$2bn". Returns cents.
pub fn parse_money(input: &str) -> Result<i64, Msg> {
    let s = input.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(Msg::new("money-missing"));
    }
    if s.starts_with('-') {
        return Err(Msg::new("money-negative"));
    }
    let s = s.strip_prefix("usd").unwrap_or(&s).trim();
    let s = s.strip_prefix('$').unwrap_or(s).trim();
    let s = ["de dólares", "dólares", "dollars"].iter().find_map(|w| s.strip_suffix(w)).unwrap_or(s).trim();
    let (number, multiplier): (&str, i64) = [
        // Spanish first where an English word is its tail ("mil millones" before "millones").
        ("mil millones", 1_000_000_000),
        ("millones", 1_000_000),
        ("millón", 1_000_000),
        ("millon", 1_000_000),
        ("mil", 1_000),
        ("billion", 1_000_000_000),
        ("bn", 1_000_000_000),
        ("b", 1_000_000_000),
        ("million", 1_000_000),
        ("mm", 1_000_000),
        ("m", 1_000_000),
        ("thousand", 1_000),
        ("k", 1_000),
    ]
    .iter()
    .find_map(|(suffix, mult)| s.strip_suffix(suffix).map(|n| (n.trim(), *mult)))
    .unwrap_or((s, 1));
    let bad = || Msg::new("money-invalid").with("typed", input.trim());
    let digits: String = if number.contains(',') {
        let (int, _) = number.split_once('.').unwrap_or((number, ""));
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        match number.split_once(',') {
            _ if grouped => number.replace(',', ""),
            // "1,5 millones": a decimal comma, as Spanish writes it, only with a word after.
            Some((w, f)) if multiplier > 1 && !f.contains([',', '.']) && (1..=2).contains(&f.len()) => format!("{w}.{f}"),
            // "1,5" alone could be 1.5 or 15: ask rather than guess.
            _ => return Err(bad()),
        }
    } else {
        number.replace('_', "")
    };
    if digits.is_empty() || digits.chars().filter(|c| *c == '.').count() > 1 {
        return Err(bad());
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(bad());
    }
    let (whole, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    // Fractions of a cent only make sense with a multiplier ("1.25 million").
    let frac_digits_allowed = match multiplier {
        1 => 2,
        1_000 => 5,
        1_000_000 => 8,
        _ => 11,
    };
    if frac.len() > frac_digits_allowed {
        return Err(if multiplier == 1 { Msg::new("money-cents") } else { bad() });
    }
    let too_big = || Msg::new("money-too-large");
    let whole_val: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_big())? };
    let scale = 10_i64.pow(frac.len() as u32);
    let frac_val: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    let cents = whole_val
        .checked_mul(multiplier)
        .and_then(|v| v.checked_mul(100))
        .and_then(|v| {
            // frac_val / scale dollars * multiplier * 100 cents, rounded to the nearest cent.
            let num = (frac_val as i128) * (multiplier as i128) * 100;
            let rounded = (num + (scale as i128) / 2) / (scale as i128);
            v.checked_add(rounded as i64)
        })
        .ok_or_else(too_big)?;
    if cents > MAX_CENTS {
        return Err(too_big());
    }
    Ok(cents)
}

/// A count as a resident reads it: "985,847".
pub fn format_count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "$23,000,000": whole dollars with thousands separators. Cents are rounded away because a
/// reader compares magnitudes; the exact figure stays in the data and the exports.
pub fn format_dollars(cents: i64) -> String {
    let grouped = format_count(cents.saturating_add(50).div_euclid(100));
    match grouped.strip_prefix('-') {
        Some(digits) => format!("-${digits}"),
        None => format!("${grouped}"),
    }
}

/// The value as it goes back into a form field: plain dollars, cents only when present.
pub fn format_for_input(cents: i64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}", cents / 100);
    if cents % 100 != 0 {
        let _ = write!(s, ".{:02}", cents % 100);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse_money("$23,000,000"), Ok(2_300_000_000));
        assert_eq!(parse_money("1234567.89"), Ok(123_456_789));
        assert_eq!(parse_money("1.5 million"), Ok(150_000_000));
        assert_eq!(parse_money("$2bn"), Ok(200_000_000_000));
        assert_eq!(parse_money("0"), Ok(0));
        assert_eq!(parse_money(" $ 750k "), Ok(75_000_000));
        assert_eq!(parse_money(".5"), Ok(50));
        assert_eq!(parse_money("1.333 million"), Ok(133_300_000));
    }

    #[test]
    fn parses_spanish_words_and_decimal_commas() {
        assert_eq!(parse_money("1,5 millones"), Ok(150_000_000));
        assert_eq!(parse_money("$23 millones de dólares"), Ok(2_300_000_000));
        assert_eq!(parse_money("2 mil millones"), Ok(200_000_000_000));
        assert_eq!(parse_money("750 mil"), Ok(75_000_000));
        assert_eq!(parse_money("1 millón"), Ok(100_000_000));
        assert_eq!(parse_money("$1,000.50"), Ok(100_050));
        // Never read as fifteen million, or guessed.
        assert_eq!(parse_money("1,5 million"), Ok(150_000_000));
        assert!(parse_money("1,5").is_err());
        assert!(parse_money("23,00,000").is_err());
        assert!(parse_money("23.000.000").is_err());
    }

    #[test]
    fn rejects_bad_amounts() {
        assert!(parse_money("").is_err());
        assert!(parse_money("-5").is_err());
        assert!(parse_money("abc").is_err());
        assert!(parse_money("1.2.3").is_err());
        assert!(parse_money("1.234").is_err());
        assert!(parse_money("$").is_err());
        assert!(parse_money("99999999999999999999999").is_err());
        assert!(parse_money("20000000000000").is_err());
    }

    #[test]
    fn formats_whole_dollars() {
        assert_eq!(format_dollars(2_300_000_000), "$23,000,000");
        assert_eq!(format_dollars(0), "$0");
        assert_eq!(format_dollars(99_949), "$999");
        assert_eq!(format_dollars(99_950), "$1,000");
        assert_eq!(format_dollars(10_000_000), "$100,000");
        assert_eq!(format_for_input(123_456_789), "1234567.89");
        assert_eq!(format_for_input(500), "5");
    }

    #[test]
    fn formats_counts_with_separators() {
        assert_eq!(format_count(985_847), "985,847");
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(-1_234), "-1,234");
    }
}
