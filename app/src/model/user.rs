//! Account input rules. Handles are public pseudonyms; there is no email.

use super::msg::{FieldErrors, Msg};

/// Minimum password length. Length beats composition rules for strength.
pub const MIN_PASSWORD: usize = 12;

/// Checks a handle: 3-32 characters of letters, digits, `_` or `-`.
pub fn parse_handle(input: &str) -> Result<String, Msg> {
    let h = input.trim();
    if h.chars().count() < 3 || h.chars().count() > 32 {
        return Err(Msg::new("handle-length"));
    }
    if !h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(Msg::new("handle-characters"));
    }
    Ok(h.to_string())
}

/// Checks a new password's length (in characters, so any script counts fairly).
pub fn check_password(pw: &str) -> Result<(), Msg> {
    let n = pw.chars().count();
    if n < MIN_PASSWORD {
        return Err(Msg::new("password-short").with("min", MIN_PASSWORD));
    }
    if n > 256 {
        return Err(Msg::new("password-long"));
    }
    Ok(())
}

/// Validates the sign-up form.
pub fn parse_signup(handle: &str, password: &str, confirm: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let h = parse_handle(handle).map_err(|m| e.insert("handle".into(), m)).ok();
    if let Err(m) = check_password(password) {
        e.insert("password".into(), m);
    } else if password != confirm {
        e.insert("confirm".into(), Msg::new("password-mismatch"));
    }
    match h {
        Some(h) if e.is_empty() => Ok(h),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_and_passwords() {
        assert!(parse_handle("ab").is_err());
        assert!(parse_handle("watcher 1").is_err());
        assert_eq!(parse_handle(" watcher_1 "), Ok("watcher_1".into()));
        assert!(check_password("short").is_err());
        assert!(check_password("correct horse battery").is_ok());
        assert!(parse_signup("watcher", "correct horse battery", "correct horse batterx").unwrap_err().contains_key("confirm"));
        assert_eq!(parse_signup("watcher", "correct horse battery", "correct horse battery"), Ok("watcher".into()));
    }
}
