//! Runs `xietong review` on the seeds for the review app's tests, and speaks plain HTTP to it.

#![allow(dead_code)] // each test file uses part of it

pub mod cdp;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `xietong review`, stopped when dropped.
pub struct App {
    child: Child,
    /// `http://127.0.0.1:PORT/TOKEN/`.
    pub address: String,
    /// The port.
    pub port: u16,
    /// The token.
    pub token: String,
    /// The decisions file.
    pub decisions: PathBuf,
    /// The temporary folder holding it.
    pub dir: tempfile::TempDir,
    inputs: Vec<String>,
}

impl App {
    /// Starts the app on the seeds with a fresh decisions file.
    pub fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let decisions = dir.path().join("xietong.review.json");
        App::start_with(dir, decisions)
    }

    /// Starts the app on the seeds with the given decisions file.
    pub fn start_with(dir: tempfile::TempDir, decisions: PathBuf) -> App {
        App::start_on(&["seeds"], dir, decisions)
    }

    /// Starts the app on the given inputs (relative to the crate) with a decisions file.
    pub fn start_on(inputs: &[&str], dir: tempfile::TempDir, decisions: PathBuf) -> App {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xietong"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("review")
            .args(inputs)
            .args(["--no-open", "--quiet", "--review"])
            .arg(&decisions)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("xietong review: ")
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let rest = address.strip_prefix("http://127.0.0.1:").unwrap();
        let (port, token) = rest.split_once('/').unwrap();
        App {
            child,
            port: port.parse().unwrap(),
            token: token.trim_end_matches('/').to_string(),
            address,
            decisions,
            dir,
            inputs: inputs.iter().map(|i| i.to_string()).collect(),
        }
    }

    /// Stops the app and starts it again on the same decisions file.
    pub fn restart(mut self) -> App {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        let decisions = self.decisions.clone();
        let inputs = std::mem::take(&mut self.inputs);
        drop(self);
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        App::start_on(&inputs, dir, decisions)
    }

    /// The decisions file's contents.
    pub fn decisions_json(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(&self.decisions).unwrap()).unwrap()
    }

    /// `Host` as the browser sends it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends one raw request (target and headers exactly as given) and returns the status and
    /// body. HTTP/1.0, so the answer is never chunked and the test reads it to the end.
    pub fn raw(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut req = format!("{method} {target} HTTP/1.0\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        s.write_all(req.as_bytes()).unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// GET of a route below the token, as the page makes it.
    pub fn get(&self, route: &str) -> (u16, String) {
        let host = self.host();
        self.raw(
            "GET",
            &format!("/{}{route}", self.token),
            &[("Host", &host)],
            "",
        )
    }

    /// POST of JSON to a route below the token, as the page makes it.
    pub fn post(&self, route: &str, body: &str) -> (u16, String) {
        let host = self.host();
        let origin = format!("http://{host}");
        self.raw(
            "POST",
            &format!("/{}{route}", self.token),
            &[
                ("Host", &host),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body,
        )
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `xietong report seeds --review FILE --format json` and returns its output.
pub fn report_json(decisions: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_xietong"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "seeds", "--quiet", "--format", "json", "--review"])
        .arg(decisions)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
