//! Who may talk to the review server: the checks every request passes before anything else.
//!
//! The server listens on 127.0.0.1, but any web page the editor opens can make their browser
//! send requests there, and a hostile DNS name can be re-pointed at 127.0.0.1 (DNS
//! rebinding). So every request must carry the random token of the address the server
//! printed, name this server in `Host`, and come from this server's own pages when the browser
//! says where it comes from (`Origin`, `Sec-Fetch-Site`).

use std::fmt::Write as _;

/// Bytes of OS randomness in a token (256 bits: not guessable in any number of requests).
const TOKEN_BYTES: usize = 32;

/// The secret part of the address: requests are served under `/<token>/`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never in logs or error messages.
        f.write_str("Token(…)")
    }
}

impl Token {
    /// A new token from the operating system's random source.
    pub fn random() -> std::io::Result<Token> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::getrandom(&mut bytes).map_err(std::io::Error::other)?;
        let mut hex = String::with_capacity(TOKEN_BYTES * 2);
        for b in bytes {
            let _ = write!(hex, "{b:02x}");
        }
        Ok(Token(hex))
    }

    /// The token as it appears in the address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this token, in time independent of where they differ (so the
    /// token cannot be found a character at a time by timing).
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Why a request was refused (all are answered 403 Forbidden).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The path does not start with `/<token>/`.
    Token,
    /// `Host` is missing or names another server.
    Host,
    /// `Origin` or `Sec-Fetch-Site` says the request comes from another site.
    Origin,
}

impl Refusal {
    /// A short reason for the response body (says what, never the expected value).
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::Token => "forbidden: missing or wrong access token",
            Refusal::Host => "forbidden: unexpected Host",
            Refusal::Origin => "forbidden: cross-origin request",
        }
    }
}

/// The checks for one server: its port and token.
#[derive(Debug, Clone)]
pub struct Guard {
    port: u16,
    token: Token,
}

/// What the guard needs to know of a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestHead<'a> {
    /// The request target as sent (`/<token>/api/state?x`).
    pub url: &'a str,
    /// The `Host` header.
    pub host: Option<&'a str>,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The `Sec-Fetch-Site` header.
    pub fetch_site: Option<&'a str>,
}

impl Guard {
    /// The guard of a server listening on 127.0.0.1:`port`.
    pub fn new(port: u16, token: Token) -> Guard {
        Guard { port, token }
    }

    /// The address to open: `http://127.0.0.1:<port>/<token>/`.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/{}/", self.port, self.token.as_str())
    }

    /// Checks a request; on success returns the route below the token (`/`, `/api/state`),
    /// without the query string.
    pub fn check<'a>(&self, head: &RequestHead<'a>) -> Result<&'a str, Refusal> {
        if !head.host.is_some_and(|h| self.is_own_host(h)) {
            return Err(Refusal::Host);
        }
        if let Some(origin) = head.origin {
            if !self.is_own_origin(origin) {
                return Err(Refusal::Origin);
            }
        }
        // Browsers that send it say outright whether another site made the request.
        if let Some(site) = head.fetch_site {
            if !matches!(site, "same-origin" | "none") {
                return Err(Refusal::Origin);
            }
        }
        let path = head.url.split(['?', '#']).next().unwrap_or("");
        let rest = path.strip_prefix('/').ok_or(Refusal::Token)?;
        let (token, route) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if !self.token.matches(token) || route.is_empty() {
            return Err(Refusal::Token);
        }
        Ok(route)
    }

    /// `Host` must be this server by IP or as `localhost`; any other name may be an attacker's
    /// domain re-pointed at 127.0.0.1.
    fn is_own_host(&self, host: &str) -> bool {
        let host = host.trim();
        let port = self.port.to_string();
        ["127.0.0.1", "localhost"]
            .iter()
            .any(|name| host.strip_prefix(name).and_then(|r| r.strip_prefix(':')) == Some(&port))
    }

    fn is_own_origin(&self, origin: &str) -> bool {
        origin
            .trim()
            .strip_prefix("http://")
            .is_some_and(|h| self.is_own_host(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::new(4321, Token("ab12".into()))
    }

    fn head<'a>(url: &'a str, host: Option<&'a str>, origin: Option<&'a str>) -> RequestHead<'a> {
        RequestHead {
            url,
            host,
            origin,
            fetch_site: None,
        }
    }

    #[test]
    fn own_requests_pass_with_their_route() {
        let g = guard();
        let ok = |url, host, origin| g.check(&head(url, Some(host), origin));
        assert_eq!(ok("/ab12/", "127.0.0.1:4321", None), Ok("/"));
        assert_eq!(
            ok("/ab12/api/state?x=1", "localhost:4321", None),
            Ok("/api/state")
        );
        assert_eq!(
            ok(
                "/ab12/api/edit",
                "127.0.0.1:4321",
                Some("http://127.0.0.1:4321")
            ),
            Ok("/api/edit")
        );
    }

    #[test]
    fn token_is_required_and_exact() {
        let g = guard();
        for url in [
            "/", "/ab12", "/ab1/", "/ab123/", "/AB12/", "/x/ab12/", "ab12/", "",
        ] {
            assert_eq!(
                g.check(&head(url, Some("127.0.0.1:4321"), None)),
                Err(Refusal::Token),
                "{url}"
            );
        }
    }

    #[test]
    fn rebinding_hosts_and_foreign_origins_are_refused() {
        let g = guard();
        for host in [
            "evil.example:4321",
            "127.0.0.1.evil.example:4321",
            "127.0.0.1:4322",
            "127.0.0.1",
            "localhost:43210",
        ] {
            assert_eq!(
                g.check(&head("/ab12/", Some(host), None)),
                Err(Refusal::Host)
            );
        }
        assert_eq!(g.check(&head("/ab12/", None, None)), Err(Refusal::Host));
        for origin in [
            "http://evil.example",
            "https://127.0.0.1:4321",
            "null",
            "http://127.0.0.1:4321.evil",
        ] {
            assert_eq!(
                g.check(&head("/ab12/", Some("127.0.0.1:4321"), Some(origin))),
                Err(Refusal::Origin),
                "{origin}"
            );
        }
        let cross = RequestHead {
            fetch_site: Some("cross-site"),
            ..head("/ab12/", Some("127.0.0.1:4321"), None)
        };
        assert_eq!(g.check(&cross), Err(Refusal::Origin));
    }

    #[test]
    fn random_tokens_are_long_and_differ() {
        let (a, b) = (Token::random().unwrap(), Token::random().unwrap());
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
