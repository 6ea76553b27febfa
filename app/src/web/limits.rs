//! Rate limits per client address and per account, configured at start.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The actions that are limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Signing in, per client address.
    Login,
    /// Signing in to one account (by the handle typed, whether or not it exists), from
    /// anywhere: a slow guesser spread over many addresses still meets this.
    LoginAccount,
    Signup,
    Submit,
    Edit,
    Flag,
    /// Checking a signed-in person's password (changing it, deleting the account).
    Password,
    /// Asking for follow mail, per client address (a minute).
    Follow,
    /// Confirmation mail to one address, from anywhere (an hour): nobody can mail-bomb a
    /// third party by spreading requests over many clients.
    FollowAddress,
    /// Asking for follow mail, per client address over an hour (four times the minute's).
    FollowHour,
    /// Uploading a source document.
    Upload,
}

impl Action {
    /// The window a limit counts over: minutes for an account's sign-ins, so a lock-out
    /// lasts a while but never for good; a minute otherwise.
    fn window(self) -> Duration {
        match self {
            Action::LoginAccount => Duration::from_secs(15 * 60),
            Action::FollowAddress | Action::FollowHour => Duration::from_secs(60 * 60),
            _ => Duration::from_secs(60),
        }
    }
}

/// How many of each action one client or one account may do per window (a minute; fifteen
/// for `login_account`); `follow` counts per client a minute and per address an hour.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimits {
    pub login: u32,
    pub login_account: u32,
    pub signup: u32,
    pub submit: u32,
    pub edit: u32,
    pub flag: u32,
    pub password: u32,
    pub follow: u32,
    pub upload: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self { login: 10, login_account: 20, signup: 5, submit: 20, edit: 30, flag: 20, password: 5, follow: 5, upload: 10 }
    }
}

impl RateLimits {
    /// Reads "login=10,login_account=20,signup=5,submit=20,edit=30,flag=20,password=5,follow=5,upload=10"; names
    /// left out keep their default; 0 turns a limit off.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut l = Self::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, n) = part.split_once('=').ok_or_else(|| format!("rate limit \"{part}\" should look like login=10"))?;
            let n: u32 = n.trim().parse().map_err(|_| format!("rate limit for {name} should be a whole number"))?;
            match name.trim() {
                "login" => l.login = n,
                "login_account" => l.login_account = n,
                "signup" => l.signup = n,
                "submit" => l.submit = n,
                "edit" => l.edit = n,
                "flag" => l.flag = n,
                "password" => l.password = n,
                "follow" => l.follow = n,
                "upload" => l.upload = n,
                other => {
                    return Err(format!(
                        "unknown rate limit \"{other}\"; use login, login_account, signup, submit, edit, flag, password, follow or upload"
                    ))
                }
            }
        }
        Ok(l)
    }

    fn of(&self, a: Action) -> u32 {
        match a {
            Action::Login => self.login,
            Action::LoginAccount => self.login_account,
            Action::Signup => self.signup,
            Action::Submit => self.submit,
            Action::Edit => self.edit,
            Action::Flag => self.flag,
            Action::Password => self.password,
            Action::Follow | Action::FollowAddress => self.follow,
            Action::FollowHour => self.follow.saturating_mul(4),
            Action::Upload => self.upload,
        }
    }
}

/// Fixed windows, counted per (action, key).
pub struct Limiter {
    limits: RateLimits,
    counts: Mutex<HashMap<(Action, String), (Instant, u32)>>,
}

impl Limiter {
    pub fn new(limits: RateLimits) -> Self {
        Self { limits, counts: Mutex::new(HashMap::new()) }
    }

    /// Whether the next attempt would be refused, without counting one: the seconds to wait.
    /// A post about to send megabytes is stopped by this before its body is read.
    pub fn over(&self, action: Action, keys: &[String]) -> Option<u64> {
        let max = self.limits.of(action);
        if max == 0 {
            return None;
        }
        let (now, window) = (Instant::now(), action.window());
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|key| counts.get(&(action, key.clone())))
            .filter(|(start, n)| now.duration_since(*start) < window && *n >= max)
            .map(|(start, _)| (window - now.duration_since(*start)).as_secs().max(1))
            .max()
    }

    /// Counts one attempt for every key; `Err(seconds)` when any key is over its limit.
    pub fn check(&self, action: Action, keys: &[String]) -> Result<(), u64> {
        let max = self.limits.of(action);
        if max == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let window = action.window();
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if counts.len() > 50_000 {
            counts.retain(|(a, _), (start, _)| now.duration_since(*start) < a.window());
        }
        let mut wait = 0;
        for key in keys {
            let entry = counts.entry((action, key.clone())).or_insert((now, 0));
            if now.duration_since(entry.0) >= window {
                *entry = (now, 0);
            }
            entry.1 += 1;
            if entry.1 > max {
                wait = wait.max((window - now.duration_since(entry.0)).as_secs().max(1));
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
/// case the nearest address in X-Forwarded-For that is not itself a trusted proxy. A proxy
/// appends to the last of the header's lines, so every line is read, in order.
pub fn client_ip(parts: &http::request::Parts, trusted: &[IpAddr]) -> String {
    let peer = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    match peer {
        Some(ip) if trusted.contains(&ip) => {
            let lines: Vec<&str> = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
            let all = lines.join(",");
            // Read from the right: the first address that is not a trusted proxy was
            // appended by one; anything further left the client could have written.
            let mut found = ip;
            for item in all.split(',').rev().map(str::trim) {
                match item.parse::<IpAddr>() {
                    Ok(a) if trusted.contains(&a) => continue,
                    Ok(a) => {
                        found = a;
                        break;
                    }
                    Err(_) => break,
                }
            }
            found.to_string()
        }
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

/// The key a client's address is counted under: the address itself, or for IPv6 its /64
/// (one household or phone gets a whole /64, and can pick any address in it).
/// The keys a post counts against: its client's address, and its account when signed in.
pub fn keys(ip: &str, viewer: Option<&crate::model::view::Viewer>) -> Vec<String> {
    let mut keys = vec![client_key(ip)];
    keys.extend(viewer.map(|v| format!("user:{}", v.id)));
    keys
}

pub fn client_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("ip:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => format!("ip:{}", v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default()),
        _ => format!("ip:{ip}"),
    }
}

/// The key an account's sign-ins are counted under: the handle as typed, trimmed, lower
/// case and cut short, whether or not such an account exists.
pub fn handle_key(handle: &str) -> String {
    format!("handle:{}", handle.trim().to_lowercase().chars().take(64).collect::<String>())
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

    #[test]
    fn every_forwarded_for_line_is_read_and_the_proxys_own_address_wins() {
        let proxy = vec!["10.0.0.1".parse().unwrap()];
        // The client sent its own header line; the proxy appended the real address on a second.
        let mut p = parts("10.0.0.1:5000", Some("6.6.6.6"));
        p.headers.append("x-forwarded-for", "198.51.100.7".parse().unwrap());
        assert_eq!(client_ip(&p, &proxy), "198.51.100.7");
        // Garbage to the left of the proxy's entry doesn't matter either.
        assert_eq!(client_ip(&parts("10.0.0.1:5000", Some("not an address, 198.51.100.8")), &proxy), "198.51.100.8");
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        use super::client_key;
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), client_key("2001:db8:1:2:bbbb::9"));
        assert_ne!(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
        assert_eq!(client_key("203.0.113.9"), "ip:203.0.113.9");
        assert_eq!(client_key("::ffff:203.0.113.9"), "ip:203.0.113.9");
    }
}
