//! `xietong review` driven in headless Chromium as an editor would use it: rename, merge, move,
//! exclude, undo, reload; each change must be in the decisions file at once.
//!
//! Skips (saying so) when no Chromium is installed; `.ci/run` installs one.

mod review_support;

use review_support::cdp::{find_chromium, Browser};
use review_support::App;

const CTRL: u32 = 2;

fn count(b: &mut Browser, selector: &str) -> u64 {
    b.eval(&format!("document.querySelectorAll({selector:?}).length"))
        .as_u64()
        .unwrap()
}

fn status(b: &mut Browser) -> String {
    b.eval("document.getElementById('status').textContent")
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Waits for the answer to the last change (the status line says what was saved).
fn wait_saved(b: &mut Browser, what: &str) {
    b.wait_for(&format!(
        "document.getElementById('status').textContent.startsWith({what:?})"
    ));
}

fn group_names(b: &mut Browser) -> Vec<String> {
    let v = b.eval(
        "[...document.querySelectorAll('.group-item:not(.special) .name')].map(e => e.textContent)",
    );
    serde_json::from_value(v).unwrap()
}

/// Picks an option of a `<select>` as the browser does when the editor chooses one.
fn choose(b: &mut Browser, select: &str, value: &serde_json::Value) {
    b.eval(&format!(
        "(() => {{ const s = {select}; s.value = {value}; s.dispatchEvent(new Event('change')); return true; }})()"
    ));
}

#[test]
fn an_editor_session_in_chromium_is_saved_and_survives_a_reload() {
    let Some(chromium) = find_chromium() else {
        println!(
            "skipping browser tests: no Chromium found (install chromium or set XIETONG_CHROMIUM)"
        );
        return;
    };
    let app = App::start();
    let mut b = Browser::launch(&chromium);
    b.goto(&app.address);
    b.wait_for("document.querySelectorAll('.group-item').length > 2");
    let groups_at_start = group_names(&mut b).len();
    assert!(groups_at_start >= 3, "seeds give several groups");

    // Rename with the keyboard: R focuses the title, Enter saves.
    b.eval("document.querySelector('.group-item.current').focus()");
    b.press("r", 0);
    b.wait_for("document.activeElement.id === 'title-input'");
    b.type_text("人才引进与流动");
    b.press("Enter", 0);
    wait_saved(&mut b, "已改名");
    assert_eq!(group_names(&mut b)[0], "人才引进与流动");
    assert!(std::fs::read_to_string(&app.decisions)
        .unwrap()
        .contains("人才引进与流动"));

    // Merge the third group into the first.
    let third = b.eval("document.querySelectorAll('.group-item:not(.special)')[2].dataset.key");
    let first = b.eval("document.querySelectorAll('.group-item:not(.special)')[0].dataset.key");
    let first_size =
        b.eval("document.querySelectorAll('.group-item')[0].querySelector('.count').textContent");
    b.eval(&format!(
        "document.querySelector('.group-item[data-key={third}]').click(); true"
    ));
    b.wait_for(&format!(
        "document.querySelector('.group-item.current').dataset.key === {third}"
    ));
    let moving = count(&mut b, "#group-pane .member");
    choose(&mut b, "document.getElementById('merge-select')", &first);
    wait_saved(&mut b, "已合并");
    assert_eq!(group_names(&mut b).len(), groups_at_start - 1);
    b.eval(&format!(
        "document.querySelector('.group-item[data-key={first}]').click(); true"
    ));
    b.wait_for(&format!(
        "document.querySelector('.group-item.current').dataset.key === {first}"
    ));
    let merged = count(&mut b, "#group-pane .member");
    assert!(merged > moving, "the first group took the merged members");
    assert_ne!(
        first_size,
        b.eval("document.querySelectorAll('.group-item')[0].querySelector('.count').textContent")
    );

    // Move the first member of this group to the second group, with the keyboard: J focuses
    // it, M focuses its "move to" list.
    b.eval("document.querySelector('.group-item.current').focus()");
    b.press("j", 0);
    b.wait_for("document.activeElement.classList.contains('member')");
    let moved = b.eval("document.activeElement.dataset.key");
    b.press("m", 0);
    b.wait_for("document.activeElement.classList.contains('move')");
    let second = b.eval("document.querySelectorAll('.group-item:not(.special)')[1].dataset.key");
    choose(&mut b, "document.activeElement", &second);
    wait_saved(&mut b, "已移动");
    assert_eq!(count(&mut b, "#group-pane .member"), merged - 1);
    b.eval(&format!(
        "document.querySelector('.group-item[data-key={second}]').click(); true"
    ));
    b.wait_for(&format!(
        "document.querySelector('.member[data-key={moved}]') !== null"
    ));

    // Exclude a member with X, then undo it with Ctrl+Z.
    b.eval("document.querySelector('.group-item.current').focus()");
    b.press("j", 0);
    b.wait_for("document.activeElement.classList.contains('member')");
    let excluded = b.eval("document.activeElement.dataset.key");
    b.press("x", 0);
    wait_saved(&mut b, "已排除");
    b.wait_for(&format!(
        "document.querySelector('.member[data-key={excluded}]') === null"
    ));
    let excluded_label =
        b.eval("document.querySelector('.group-item[data-key=__excluded] .count').textContent");
    assert_eq!(excluded_label, "1");
    b.press("z", CTRL);
    wait_saved(&mut b, "已撤销");
    b.wait_for(&format!(
        "document.querySelector('.member[data-key={excluded}]') !== null"
    ));
    assert_eq!(
        b.eval("document.querySelector('.group-item[data-key=__excluded] .count').textContent"),
        "0"
    );

    // A reload shows what was saved, not the machine's groups.
    b.reload();
    b.wait_for("document.querySelectorAll('.group-item').length > 2");
    assert_eq!(group_names(&mut b)[0], "人才引进与流动");
    assert_eq!(group_names(&mut b).len(), groups_at_start - 1);
    b.eval(&format!(
        "document.querySelector('.group-item[data-key={second}]').click(); true"
    ));
    b.wait_for(&format!(
        "document.querySelector('.member[data-key={moved}]') !== null"
    ));
    assert!(status(&mut b).contains("xietong.review.json"));

    // The file holds the decisions in order; the undone exclusion waits among the undone.
    let file = app.decisions_json();
    let ops: Vec<&str> = file["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["place", "rename", "merge", "move"]);
    assert_eq!(file["ops"][1]["title"], "人才引进与流动");
    assert_eq!(file["ops"][3]["proposal"]["fp"], moved);
    assert_eq!(file["undone"][0]["op"], "exclude");
    assert_eq!(file["undone"][0]["proposal"]["fp"], excluded);

    // The next `report` with this decisions file shows the editor's groups.
    let state: serde_json::Value = serde_json::from_str(&app.get("/api/state").1).unwrap();
    let view_groups = state["groups"].as_array().unwrap();
    let home = view_groups
        .iter()
        .find(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["key"] == moved)
        })
        .unwrap();
    let moved_text = home["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == moved)
        .unwrap()["text"]
        .clone();
    let home_name = home["title"].as_str().or(home["label"].as_str()).unwrap();
    let report = review_support::report_json(&app.decisions);
    let clusters = report["clusters"].as_array().unwrap();
    assert_eq!(clusters[0]["label"], "人才引进与流动");
    assert_eq!(clusters.len(), groups_at_start - 1, "the merge holds");
    let unit = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["text"] == moved_text)
        .unwrap()["id"]
        .clone();
    let cluster = clusters
        .iter()
        .find(|c| c["members"].as_array().unwrap().contains(&unit))
        .unwrap();
    assert_eq!(cluster["label"], home_name, "the move holds");

    // The near-duplicates and the documents × groups table are one key away.
    b.press("2", 0);
    b.wait_for("!document.getElementById('view-pairs').hidden");
    assert!(
        count(&mut b, ".pair") > 0,
        "the seeds have near-duplicate pairs"
    );
    // Confirm the first pair as the same proposal: it is folded, and the pair says so.
    b.eval("[...document.querySelectorAll('.pair')[0].querySelectorAll('button')].find(x => x.textContent === '标为同一建议').click(); true");
    wait_saved(&mut b, "已标为同一建议");
    b.wait_for("document.querySelectorAll('.pair')[0].textContent.includes('已是同一建议')");
    let file = app.decisions_json();
    let last = file["ops"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["op"], "same");
    b.press("3", 0);
    b.wait_for("!document.getElementById('view-table').hidden");
    assert_eq!(count(&mut b, ".matrix tbody tr"), 5);
}

#[test]
fn document_text_is_shown_as_text_never_run_as_html() {
    let Some(chromium) = find_chromium() else {
        println!(
            "skipping browser tests: no Chromium found (install chromium or set XIETONG_CHROMIUM)"
        );
        return;
    };
    let app = App::start();
    let mut b = Browser::launch(&chromium);
    b.goto(&app.address);
    b.wait_for("document.querySelectorAll('.group-item').length > 2");
    let title = "<img src=x onerror=\"window.pwned=1\"><b>粗体</b>";
    b.eval("document.querySelector('.group-item.current').focus()");
    b.press("r", 0);
    b.wait_for("document.activeElement.id === 'title-input'");
    b.type_text(title);
    b.press("Enter", 0);
    wait_saved(&mut b, "已改名");
    assert_eq!(group_names(&mut b)[0], title);
    assert_eq!(count(&mut b, "#group-list img, #group-list b"), 0);
    assert_eq!(b.eval("window.pwned === undefined"), true);
}
