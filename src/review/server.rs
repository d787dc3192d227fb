//! The review app's HTTP server: 127.0.0.1 only, a free port, every request through the
//! [`Guard`], a fixed set of routes (the embedded page and a JSON API) and nothing that names a
//! file, so the page can read and write the decisions file and nothing else.

use std::io::Read as _;

use tiny_http::{Header, Method, Request, Response};

use super::http_guard::{Guard, RequestHead, Token};
use super::session::{Backend, Edit, EditError, ExportFormat};

/// The page, its script and its style, compiled in: the app uses no network resource.
const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const APP_CSS: &str = include_str!("web/app.css");

/// Largest request body read (an edit is a few hundred bytes).
const MAX_BODY: u64 = 256 * 1024;

/// Sent with every answer: only this server's own script and style run, nothing is framed,
/// the token never leaves in a Referer, and nothing is cached.
const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
];

/// An answer before it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: &'static str,
    /// Body.
    pub body: Vec<u8>,
    /// The file name when the answer is a download.
    pub download: Option<&'static str>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            download: None,
        }
    }

    fn json<T: serde::Serialize>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply {
                status,
                content_type: "application/json; charset=utf-8",
                body,
                download: None,
            },
            Err(e) => Reply::text(500, &format!("encoding the answer failed: {e}")),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }
}

/// The review server, bound and ready to serve.
pub struct Server<B: Backend> {
    http: tiny_http::Server,
    guard: Guard,
    backend: B,
}

impl<B: Backend> Server<B> {
    /// Binds 127.0.0.1 on a free port with a new random token.
    pub fn bind(backend: B) -> std::io::Result<Server<B>> {
        let http = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| std::io::Error::other("the server has no IP address"))?;
        Ok(Server {
            http,
            guard: Guard::new(port, Token::random()?),
            backend,
        })
    }

    /// The address to open in a browser (with the token).
    pub fn address(&self) -> String {
        self.guard.address()
    }

    /// Serves requests one at a time until the process ends (one editor, one browser: edits
    /// are applied in the order they arrive).
    pub fn run(mut self) -> std::io::Result<()> {
        loop {
            let request = self.http.recv()?;
            self.serve(request);
        }
    }

    fn serve(&mut self, mut request: Request) {
        let reply = self.reply_to(&mut request);
        let mut response = Response::from_data(reply.body).with_status_code(reply.status);
        let disposition = reply
            .download
            .map(|name| format!("attachment; filename=\"{name}\""));
        let headers = SECURITY_HEADERS
            .iter()
            .copied()
            .chain([("Content-Type", reply.content_type)])
            .chain(disposition.as_deref().map(|d| ("Content-Disposition", d)));
        for (name, value) in headers {
            if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        // The browser may have gone away; the next request is served all the same.
        let _ = request.respond(response);
    }

    fn reply_to(&mut self, request: &mut Request) -> Reply {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let (host, origin, site) = (header("Host"), header("Origin"), header("Sec-Fetch-Site"));
        let content_type = header("Content-Type");
        let url = request.url().to_string();
        let head = RequestHead {
            url: &url,
            host: host.as_deref(),
            origin: origin.as_deref(),
            fetch_site: site.as_deref(),
        };
        let route = match self.guard.check(&head) {
            Ok(route) => route.to_string(),
            Err(refusal) => return Reply::text(403, refusal.reason()),
        };
        let method = request.method().clone();
        let mut body = Vec::new();
        if method == Method::Post {
            // A JSON content type cannot be sent cross-site without the browser asking first.
            if !content_type.is_some_and(|c| c.starts_with("application/json")) {
                return Reply::error(415, "expected application/json");
            }
            let read = request
                .as_reader()
                .take(MAX_BODY + 1)
                .read_to_end(&mut body);
            if read.is_err() || body.len() as u64 > MAX_BODY {
                return Reply::error(413, "request body unreadable or too large");
            }
        }
        self.route(&method, &route, &body)
    }

    /// Answers a request that passed the guard.
    fn route(&mut self, method: &Method, route: &str, body: &[u8]) -> Reply {
        let asset = |content_type, text: &str| Reply {
            status: 200,
            content_type,
            body: text.as_bytes().to_vec(),
            download: None,
        };
        match (method, route) {
            (Method::Get, "/") => asset("text/html; charset=utf-8", INDEX_HTML),
            (Method::Get, "/app.js") => asset("text/javascript; charset=utf-8", APP_JS),
            (Method::Get, "/app.css") => asset("text/css; charset=utf-8", APP_CSS),
            (Method::Get, "/api/state") => Reply::json(200, &self.backend.view()),
            (Method::Post, "/api/edit") => match serde_json::from_slice::<Edit>(body) {
                Ok(edit) => {
                    let done = self.backend.edit(&edit);
                    self.after(done)
                }
                Err(e) => Reply::error(400, &format!("not an edit: {e}")),
            },
            (Method::Post, "/api/undo") => {
                let done = self.backend.undo().map(drop);
                self.after(done)
            }
            (Method::Post, "/api/redo") => {
                let done = self.backend.redo().map(drop);
                self.after(done)
            }
            (Method::Get, export) if export.starts_with("/api/export/") => {
                match ExportFormat::from_route(&export["/api/export/".len()..]) {
                    Some(format) => match self.backend.export(format) {
                        Ok(body) => {
                            let (content_type, name) = format.download();
                            Reply {
                                status: 200,
                                content_type,
                                body,
                                download: Some(name),
                            }
                        }
                        Err(e) => Reply::error(500, &e.to_string()),
                    },
                    None => Reply::error(404, "not found"),
                }
            }
            (
                _,
                "/" | "/app.js" | "/app.css" | "/api/state" | "/api/edit" | "/api/undo"
                | "/api/redo",
            ) => Reply::error(405, "method not allowed"),
            _ => Reply::error(404, "not found"),
        }
    }

    /// The new state after a change, or why the change was not made.
    fn after(&self, done: Result<(), EditError>) -> Reply {
        match done {
            Ok(()) => Reply::json(200, &self.backend.view()),
            Err(e @ EditError::Invalid(_)) => Reply::error(400, &e.to_string()),
            Err(e @ EditError::Save(_)) => Reply::error(500, &e.to_string()),
        }
    }
}

/// Opens `address` in the user's browser when the system has an opener; never fails (the
/// address is printed either way).
pub fn open_browser(address: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let opened = std::process::Command::new(opener)
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = opened {
        // Reaped in the background so that it leaves no zombie while the server runs.
        std::thread::spawn(move || child.wait());
    }
}
