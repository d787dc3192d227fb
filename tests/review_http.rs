//! `xietong review` over plain HTTP: the guard refuses what a hostile page or DNS name could
//! send, and the API changes the decisions file and nothing else.

mod review_support;

use review_support::App;

#[test]
fn the_page_and_its_state_are_served_under_the_token() {
    let app = App::start();
    let (status, page) = app.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"zh-CN\">"), "{page}");
    // Everything the page loads is its own: no CDN, no font service.
    assert!(
        !page.contains("//"),
        "the page references another host: {page}"
    );
    for asset in ["/app.js", "/app.css"] {
        let (status, body) = app.get(asset);
        assert_eq!(status, 200, "{asset}");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{asset} fetches from the network"
        );
    }
    let (status, state) = app.get("/api/state");
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["documents"].as_array().unwrap().len(), 5);
    assert!(!state["groups"].as_array().unwrap().is_empty());
}

#[test]
fn a_missing_or_wrong_token_is_refused() {
    let app = App::start();
    let host = app.host();
    let wrong = format!("/{}/", "0".repeat(app.token.len()));
    let short = format!("/{}/", &app.token[..app.token.len() - 1]);
    let in_query = format!("/?token={}", app.token);
    for target in ["/", "/api/state", "/app.js", &wrong, &short, &in_query] {
        let (status, body) = app.raw("GET", target, &[("Host", &host)], "");
        assert_eq!(status, 403, "{target}: {body}");
        assert!(!body.contains(&app.token));
    }
}

#[test]
fn dns_rebinding_hosts_are_refused() {
    let app = App::start();
    let target = format!("/{}/api/state", app.token);
    let other_port = format!("127.0.0.1:{}", app.port.wrapping_add(1));
    let rebound = format!("attacker.example:{}", app.port);
    for host in [
        rebound.as_str(),
        other_port.as_str(),
        "127.0.0.1",
        "attacker.example",
    ] {
        let (status, _) = app.raw("GET", &target, &[("Host", host)], "");
        assert_eq!(status, 403, "Host {host}");
    }
    let (status, _) = app.raw("GET", &target, &[], "");
    assert_eq!(status, 403, "no Host");
    let localhost = format!("localhost:{}", app.port);
    assert_eq!(app.raw("GET", &target, &[("Host", &localhost)], "").0, 200);
}

#[test]
fn foreign_origins_cannot_read_or_edit() {
    let app = App::start();
    let host = app.host();
    let target = format!("/{}/api/edit", app.token);
    let edit = r#"{"op":"rename","group":"g0","title":"被篡改"}"#;
    for origin in ["http://attacker.example", "null", "https://127.0.0.1"] {
        let (status, _) = app.raw(
            "POST",
            &target,
            &[
                ("Host", &host),
                ("Origin", origin),
                ("Content-Type", "application/json"),
            ],
            edit,
        );
        assert_eq!(status, 403, "Origin {origin}");
    }
    let (status, _) = app.raw(
        "GET",
        &format!("/{}/api/state", app.token),
        &[("Host", &host), ("Sec-Fetch-Site", "cross-site")],
        "",
    );
    assert_eq!(status, 403);
    // A form post (no JSON content type) is refused even with the token.
    let (status, _) = app.raw(
        "POST",
        &target,
        &[("Host", &host), ("Content-Type", "text/plain")],
        edit,
    );
    assert_eq!(status, 415);
    assert!(
        !app.decisions.exists(),
        "a refused request wrote the decisions file"
    );
}

#[test]
fn no_route_reads_or_writes_another_file() {
    let app = App::start();
    for route in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/web/app.js",
        "/seeds/000_72a7b87fc3321f6e.txt",
        "/api/state/../../../etc/passwd",
        "/api/export?path=/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        let (status, body) = app.get(route);
        assert!(status == 404 || status == 403, "{route}: {status}");
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{route} leaked a file"
        );
    }
    // Edits name groups and proposals, never files: an unknown field is refused.
    let (status, _) = app.post(
        "/api/edit",
        r#"{"op":"rename","group":"g0","title":"x","path":"/tmp/x"}"#,
    );
    assert_eq!(status, 400);
    let (status, _) = app.post("/api/edit", r#"{"op":"write","path":"/tmp/x"}"#);
    assert_eq!(status, 400);
}

#[test]
fn an_edit_is_saved_at_once_and_undo_restores_it() {
    let app = App::start();
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let group = state["groups"][0]["key"].as_str().unwrap().to_string();
    let edit = format!(r#"{{"op":"rename","group":"{group}","title":"人才引进与流动"}}"#);
    let (status, body) = app.post("/api/edit", &edit);
    assert_eq!(status, 200, "{body}");
    let saved = std::fs::read_to_string(&app.decisions).unwrap();
    assert!(saved.contains("人才引进与流动"), "{saved}");
    let after: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(after["groups"][0]["title"], "人才引进与流动");
    assert_eq!(after["undo"], 1);
    let (status, body) = app.post("/api/undo", "{}");
    assert_eq!(status, 200);
    let undone: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(undone["groups"][0]["title"].is_null());
    // The rename left the log (it is kept among the undone, so redo survives a restart).
    let file = app.decisions_json();
    let renames = |list: &serde_json::Value| {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|op| op["op"] == "rename")
            .count()
    };
    assert_eq!(renames(&file["ops"]), 0);
    assert_eq!(renames(&file["undone"]), 1);
    let (_, body) = app.post("/api/redo", "{}");
    let redone: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(redone["groups"][0]["title"], "人才引进与流动");
}

#[test]
fn decisions_made_in_the_app_hold_when_it_is_started_again() {
    let app = App::start();
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let groups = state["groups"].as_array().unwrap();
    let (first, second) = (
        groups[0]["key"].as_str().unwrap(),
        groups[1]["key"].as_str().unwrap(),
    );
    let member = groups[0]["members"][0]["key"].as_str().unwrap();
    let excluded = groups[1]["members"][0]["key"].as_str().unwrap();
    for edit in [
        format!(r#"{{"op":"rename","group":"{second}","title":"科技创新协同"}}"#),
        format!(r#"{{"op":"move","member":"{member}","to":"{second}"}}"#),
        format!(r#"{{"op":"exclude","member":"{excluded}","reason":"off_topic"}}"#),
    ] {
        let (status, body) = app.post("/api/edit", &edit);
        assert_eq!(status, 200, "{edit}: {body}");
    }
    let before: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let again = app.restart();
    let after: serde_json::Value = serde_json::from_str(&again.get("/api/state").1).unwrap();
    assert_eq!(after["groups"], before["groups"]);
    assert_eq!(after["excluded"], before["excluded"]);
    let find = |key: &str| {
        after["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == key)
            .cloned()
    };
    let renamed = find(second).unwrap();
    assert_eq!(renamed["title"], "科技创新协同");
    assert!(renamed["members"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["key"] == member));
    let left = find(first).unwrap();
    assert!(left["members"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["key"] != member));
    assert_eq!(after["excluded"][0]["key"], excluded);
    assert_eq!(after["excluded"][0]["excluded"]["reason"], "off_topic");
    assert_eq!(after["undo"], 3, "undo reaches back across the restart");
}

#[test]
fn a_damaged_decisions_file_stops_the_app_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xietong.review.json");
    let damaged = "{\"format\": \"xietong-review\", \"version\": 1, \"ops\": [";
    std::fs::write(&path, damaged).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xietong"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["review", "seeds", "--no-open", "--quiet", "--review"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("xietong.review.json"), "{err}");
    assert!(out.stdout.is_empty(), "no server was started");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);
}

#[test]
fn a_proposal_of_an_official_document_shows_its_doc_number() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("xietong.review.json");
    let app = App::start_on(
        &["seeds", "tests/fixtures/gongwen_hunan_banotou.txt"],
        dir,
        decisions,
    );
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let members = state["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().clone())
        .chain(state["unplaced"].as_array().unwrap().clone());
    let numbered: Vec<serde_json::Value> = members
        .filter(|m| m["source"].as_str().unwrap().contains("毕业生就业"))
        .collect();
    assert!(!numbered.is_empty(), "the notice's proposals are reviewed");
    for m in &numbered {
        assert_eq!(m["number"], "湘政办发〔2009〕24号", "{m}");
        assert!(
            !m["source"].as_str().unwrap().contains("〔"),
            "number shown once: {m}"
        );
    }
}

#[test]
fn proposals_of_documents_added_since_the_last_review_are_marked_new() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("xietong.review.json");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for seed in std::fs::read_dir(root.join("seeds")).unwrap() {
        let seed = seed.unwrap().path();
        std::fs::copy(&seed, docs.join(seed.file_name().unwrap())).unwrap();
    }
    let docs_arg = docs.display().to_string();
    let app = App::start_on(&[&docs_arg], dir, decisions);
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let group = state["groups"][0]["key"].as_str().unwrap().to_string();
    let edit = format!(r#"{{"op":"rename","group":"{group}","title":"人才"}}"#);
    assert_eq!(app.post("/api/edit", &edit).0, 200);
    let all_new = |s: &serde_json::Value| -> Vec<String> {
        s["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["members"].as_array().unwrap().clone())
            .chain(s["unplaced"].as_array().unwrap().clone())
            .filter(|m| m["new"] == true)
            .map(|m| m["source"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(all_new(&state).is_empty(), "a first review has nothing new");

    let added = root.join("tests/fixtures/review/added_elderly_care.txt");
    std::fs::copy(&added, docs.join("added_elderly_care.txt")).unwrap();
    let again = app.restart();
    let state: serde_json::Value = serde_json::from_str(&again.get("/api/state").1).unwrap();
    let new = all_new(&state);
    assert!(
        !new.is_empty(),
        "the added document's proposals are marked new"
    );
    let added_title = std::fs::read_to_string(&added).unwrap();
    let title = added_title
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim();
    assert!(
        new.iter().all(|s| s.contains(title)),
        "{new:?} not all from {title}"
    );
    // They stay marked after an edit in the same session (the editor still has to see them).
    let edit = format!(r#"{{"op":"rename","group":"{group}","title":"人才与养老"}}"#);
    let (status, body) = again.post("/api/edit", &edit);
    assert_eq!(status, 200);
    let after: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(all_new(&after), new);
    assert_eq!(after["groups"][0]["title"], "人才与养老");
}

#[test]
fn an_edit_that_cannot_be_saved_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A decisions file in a folder that does not exist: reading finds no decisions, writing fails.
    let decisions = dir
        .path()
        .join("missing-folder")
        .join("xietong.review.json");
    let app = App::start_on(&["seeds"], dir, decisions);
    let (_, before) = app.get("/api/state");
    let state: serde_json::Value = serde_json::from_str(&before).unwrap();
    let group = state["groups"][0]["key"].as_str().unwrap().to_string();
    let edit = format!(r#"{{"op":"rename","group":"{group}","title":"不会保存"}}"#);
    let (status, body) = app.post("/api/edit", &edit);
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("xietong.review.json"),
        "the error names the file: {body}"
    );
    assert_eq!(
        app.get("/api/state").1,
        before,
        "the page still shows what is saved"
    );
    assert_eq!(
        app.post("/api/undo", "{}").0,
        200,
        "nothing to undo is not an error"
    );
}

#[test]
fn the_compilation_downloads_with_the_editors_groups() {
    let app = App::start();
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let group = state["groups"][0]["key"].as_str().unwrap().to_string();
    let edit = format!(r#"{{"op":"rename","group":"{group}","title":"人才引进与流动"}}"#);
    assert_eq!(app.post("/api/edit", &edit).0, 200);
    let (status, md) = app.get("/api/export/md");
    assert_eq!(status, 200);
    assert!(md.contains("人才引进与流动"), "{md}");
    let (status, docx) = app.get("/api/export/docx");
    assert_eq!(status, 200);
    assert!(docx.starts_with("PK"), "a .docx is a zip");
    let (status, html) = app.get("/api/export/html");
    assert_eq!(status, 200);
    assert!(html.contains("人才引进与流动"));
    for route in [
        "/api/export/pdf",
        "/api/export/",
        "/api/export/../../Cargo.toml",
    ] {
        assert_eq!(app.get(route).0, 404, "{route}");
    }
    let listed = std::fs::read_dir(app.dir.path()).unwrap().count();
    assert_eq!(listed, 1, "a download writes no file");
}
