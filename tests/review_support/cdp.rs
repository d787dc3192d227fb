//! Just enough of the Chrome DevTools Protocol to drive the review page in headless Chromium:
//! one WebSocket to the browser, one page attached in flat mode, commands answered by id.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// How long a page may take to reach a state the test waits for (a slow CI machine shared
/// by parallel tests; nothing here measures speed).
const PATIENCE: Duration = Duration::from_secs(30);

/// The Chromium to drive: `XIETONG_CHROMIUM`, else the first of the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("XIETONG_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A headless Chromium with one page, ended when dropped.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium (no network, a fresh profile) with a 1366×768 window.
    pub fn launch(chromium: &PathBuf) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1366,768",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let ws = loop {
            let line = lines
                .next()
                .expect("Chromium ended before opening DevTools")
                .unwrap();
            if let Some(at) = line.find("ws://") {
                break line[at..].trim().to_string();
            }
        };
        // Chromium keeps logging; a full pipe would stall it.
        std::thread::spawn(move || lines.for_each(drop));
        let (socket, _) = tungstenite::connect(ws.as_str()).unwrap();
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.send("Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = browser.send(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        browser.page("Page.enable", json!({}));
        browser.page("Runtime.enable", json!({}));
        browser
    }

    fn call(&mut self, method: &str, params: Value, session: Option<String>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s);
        }
        self.socket.send(Message::text(msg.to_string())).unwrap();
        loop {
            let reply = self.socket.read().unwrap();
            let Message::Text(text) = reply else { continue };
            let v: Value = serde_json::from_str(text.as_str()).unwrap();
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("{method} failed: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    /// A browser-level command.
    pub fn send(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params, None)
    }

    /// A command to the page.
    pub fn page(&mut self, method: &str, params: Value) -> Value {
        let s = self.session.clone();
        self.call(method, params, Some(s))
    }

    /// Opens `url` and waits until its document has loaded.
    pub fn goto(&mut self, url: &str) {
        self.page("Page.navigate", json!({ "url": url }));
        self.wait_for("document.readyState === 'complete'");
    }

    /// Reloads the page and waits for it.
    pub fn reload(&mut self) {
        self.eval("location.reload(); true");
        std::thread::sleep(Duration::from_millis(300));
        self.wait_for("document.readyState === 'complete'");
    }

    /// The value of a JavaScript expression (promises awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.page(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expression} threw: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until `condition` (JavaScript) is true; panics with it after [`PATIENCE`].
    pub fn wait_for(&mut self, condition: &str) {
        let start = Instant::now();
        let check = format!(
            "(() => {{ try {{ return !!({condition}); }} catch (_) {{ return false; }} }})()"
        );
        while self.eval(&check) != Value::Bool(true) {
            if start.elapsed() > PATIENCE {
                let status = self.eval("document.getElementById('status') && document.getElementById('status').textContent");
                panic!("waited in vain for {condition} (status: {status})");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses a key as the keyboard would (`key` as in KeyboardEvent.key); `modifiers` is
    /// CDP's bit set (2 = Ctrl, 8 = Shift).
    pub fn press(&mut self, key: &str, modifiers: u32) {
        let (code, vk, text) = match key {
            "Enter" => ("Enter".to_string(), 13, "\r".to_string()),
            "Escape" => ("Escape".to_string(), 27, String::new()),
            "ArrowDown" => ("ArrowDown".to_string(), 40, String::new()),
            "ArrowUp" => ("ArrowUp".to_string(), 38, String::new()),
            " " => ("Space".to_string(), 32, " ".to_string()),
            k => {
                let c = k.chars().next().unwrap().to_ascii_uppercase();
                let code = if c.is_ascii_digit() {
                    format!("Digit{c}")
                } else {
                    format!("Key{c}")
                };
                (
                    code,
                    c as u32,
                    if modifiers & 2 == 0 {
                        k.to_string()
                    } else {
                        String::new()
                    },
                )
            }
        };
        let mut down = json!({
            "type": if text.is_empty() { "rawKeyDown" } else { "keyDown" },
            "key": key, "code": code, "windowsVirtualKeyCode": vk, "modifiers": modifiers,
        });
        if !text.is_empty() {
            down["text"] = Value::String(text);
        }
        self.page("Input.dispatchKeyEvent", down);
        self.page(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk, "modifiers": modifiers }),
        );
    }

    /// Types text into the focused field.
    pub fn type_text(&mut self, text: &str) {
        self.page("Input.insertText", json!({ "text": text }));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
