//! Rate limits per client address and per account, configured at start.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The actions that are limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Login,
    Signup,
    Submit,
    Edit,
    Flag,
}

/// How many of each action one client or one account may do per minute.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimits {
    pub login: u32,
    pub signup: u32,
    pub submit: u32,
    pub edit: u32,
    pub flag: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self { login: 10, signup: 5, submit: 20, edit: 30, flag: 20 }
    }
}

impl RateLimits {
    /// Reads "login=10,signup=5,submit=20,edit=30,flag=20" (per minute); names left out keep
    /// their default; 0 turns a limit off.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut l = Self::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, n) = part.split_once('=').ok_or_else(|| format!("rate limit \"{part}\" should look like login=10"))?;
            let n: u32 = n.trim().parse().map_err(|_| format!("rate limit for {name} should be a whole number"))?;
            match name.trim() {
                "login" => l.login = n,
                "signup" => l.signup = n,
                "submit" => l.submit = n,
                "edit" => l.edit = n,
                "flag" => l.flag = n,
                other => return Err(format!("unknown rate limit \"{other}\"; use login, signup, submit, edit or flag")),
            }
        }
        Ok(l)
    }

    fn of(&self, a: Action) -> u32 {
        match a {
            Action::Login => self.login,
            Action::Signup => self.signup,
            Action::Submit => self.submit,
            Action::Edit => self.edit,
            Action::Flag => self.flag,
        }
    }
}

/// Fixed one-minute windows, counted per (action, key).
pub struct Limiter {
    limits: RateLimits,
    window: Duration,
    counts: Mutex<HashMap<(Action, String), (Instant, u32)>>,
}

impl Limiter {
    pub fn new(limits: RateLimits) -> Self {
        Self { limits, window: Duration::from_secs(60), counts: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for every key; `Err(seconds)` when any key is over its limit.
    pub fn check(&self, action: Action, keys: &[String]) -> Result<(), u64> {
        let max = self.limits.of(action);
        if max == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if counts.len() > 50_000 {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let mut wait = 0;
        for key in keys {
            let entry = counts.entry((action, key.clone())).or_insert((now, 0));
            if now.duration_since(entry.0) >= self.window {
                *entry = (now, 0);
            }
            entry.1 += 1;
            if entry.1 > max {
                wait = wait.max((self.window - now.duration_since(entry.0)).as_secs().max(1));
            }
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }
}

/// The client's address: the socket's peer, unless that peer is a trusted proxy, in which
/// case the nearest address in X-Forwarded-For that is not itself a trusted proxy.
pub fn client_ip(parts: &http::request::Parts, trusted: &[IpAddr]) -> String {
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    match peer {
        Some(ip) if trusted.contains(&ip) => parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',').rev().map(str::trim).filter_map(|s| s.parse::<IpAddr>().ok()).find(|a| !trusted.contains(a))
            })
            .unwrap_or(ip)
            .to_string(),
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_and_count() {
        assert_eq!(RateLimits::parse("login=3, flag=0").unwrap().login, 3);
        assert!(RateLimits::parse("logins=3").is_err());
        assert!(RateLimits::parse("login=x").is_err());
        let l = Limiter::new(RateLimits::parse("login=2").unwrap());
        let keys = vec!["1.2.3.4".to_string()];
        assert!(l.check(Action::Login, &keys).is_ok());
        assert!(l.check(Action::Login, &keys).is_ok());
        assert!(l.check(Action::Login, &keys).is_err());
        assert!(l.check(Action::Login, &["5.6.7.8".to_string()]).is_ok(), "another client has its own count");
    }
}

#[cfg(test)]
mod proxy_tests {
    use super::client_ip;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    fn parts(peer: &str, xff: Option<&str>) -> http::request::Parts {
        let mut req = http::Request::builder();
        if let Some(x) = xff {
            req = req.header("x-forwarded-for", x);
        }
        let (mut parts, _) = req.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy = vec!["10.0.0.1".parse().unwrap()];
        assert_eq!(client_ip(&parts("203.0.113.9:5000", Some("1.2.3.4")), &proxy), "203.0.113.9", "spoofed header ignored");
        assert_eq!(client_ip(&parts("10.0.0.1:5000", Some("1.2.3.4, 198.51.100.7")), &proxy), "198.51.100.7");
        assert_eq!(client_ip(&parts("10.0.0.1:5000", None), &proxy), "10.0.0.1");
    }
}
