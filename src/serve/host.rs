//! Which `Host` names the preview answers.
//!
//! A web page the author visits can make a name of its own resolve to
//! 127.0.0.1 (DNS rebinding); the browser then counts the preview as that
//! page's origin and lets its scripts read the preview, drafts and all. Such
//! a request carries the page's name in `Host`, so the preview answers only
//! names nobody else can point at it: `localhost`, loopback addresses and
//! the address it listens on. An address written out cannot be rebound
//! either, so when listening on every address (`--bind 0.0.0.0`) any
//! address is answered, never a name. See docs/security.md.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether a request with this `Host` header is answered by a server
/// listening on `bound`. No `Host` at all is refused: browsers always send one.
pub fn allowed(host: Option<&str>, bound: IpAddr) -> bool {
    let Some(name) = host.and_then(without_port) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    // `localhost.` is the same name, fully qualified.
    let name = name.strip_suffix('.').unwrap_or(&name);
    if name == "localhost" {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    };
    ip.is_some_and(|ip| ip.is_loopback() || ip == bound || bound.is_unspecified())
}

/// The name of a `Host` value without its `:port`; None if malformed.
fn without_port(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        host.split_at(host.find(']')? + 1)
    } else {
        host.split_at(host.find(':').unwrap_or(host.len()))
    };
    match port.strip_prefix(':') {
        None if port.is_empty() => {}
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {}
        _ => return None,
    }
    (!name.is_empty()).then_some(name)
}

/// The answer to a refused `Host`: what happened and how to allow it.
pub fn refusal(port: u16) -> String {
    format!(
        "plainsight serve answers only requests addressed to localhost, 127.0.0.1, [::1] \
         or the address given with --bind, so that other web sites cannot read the preview \
         (DNS rebinding).\nOpen http://localhost:{port}/ instead, or start plainsight serve \
         with --bind set to the address you use (--bind 0.0.0.0 answers any address, but \
         never a name).\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_and_the_bound_address_are_answered() {
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(allowed(Some(ok), LOOPBACK), "{ok}");
        }
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(allowed(Some("192.168.1.5:1111"), lan));
        assert!(!allowed(Some("192.168.1.5:1111"), LOOPBACK));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(allowed(Some("10.0.0.7:1111"), any));
        assert!(!allowed(Some("laptop.lan:1111"), any));
    }

    #[test]
    fn other_names_and_malformed_hosts_are_refused() {
        for bad in [
            "attacker.example",
            "attacker.example:1111",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "127.0.0.1:",
            "127.0.0.1:80x",
            "127.0.0.1:80:80",
            "::1",
            "[::1",
            "[::1]x",
            "",
            ":1111",
        ] {
            assert!(!allowed(Some(bad), LOOPBACK), "{bad}");
        }
        assert!(!allowed(None, LOOPBACK));
    }
}
