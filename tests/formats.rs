//! Structural tests of every `report` format on the seeds plus a hostile fixture whose
//! text and title are full of markup: CSV parses back, Markdown has every cluster and member,
//! HTML has the documented structure and the hostile text survives only as text.

use std::collections::BTreeSet;
use std::process::Command;

use scraper::{Html, Selector};
use xietong::corpus::Corpus;
use xietong::engine::{analyse, Analysis, Settings};
use xietong::ingest::{read_inputs, Format, ReadOptions, Source};
use xietong::report::{self, json, renderer, text, OutputFormat};

const HOSTILE: &str = include_str!("fixtures/hostile.txt");
const HOSTILE_PATH: &str = "fixtures/a\"<b>&'x.txt";

fn seeds_and_hostile() -> (Corpus, Analysis) {
    let loaded = read_inputs(&["seeds".to_string()], &ReadOptions::default())
        .unwrap_or_else(|e| panic!("reading seeds: {e}"));
    let mut sources = loaded.sources;
    sources.push(Source {
        path: HOSTILE_PATH.into(),
        format: Format::Text,
        encoding: "UTF-8",
        text: HOSTILE.into(),
    });
    let corpus = Corpus::from_sources(sources, Vec::new());
    let analysis = analyse(&corpus, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    (corpus, analysis)
}

fn render(format: OutputFormat, c: &Corpus, a: &Analysis) -> Vec<u8> {
    renderer(format)
        .render(c, a)
        .unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

fn hostile_units(c: &Corpus, a: &Analysis) -> Vec<usize> {
    let doc = c.documents.len() - 1;
    let ids: Vec<usize> = a
        .units
        .iter()
        .copied()
        .filter(|&u| c.units[u].document == doc)
        .collect();
    assert_eq!(ids.len(), 3, "the fixture's three proposals are analysed");
    ids
}

/// A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV ends with CRLF"
    );
    rows
}

#[test]
fn text_and_json_renderers_wrap_the_existing_output() {
    let (c, a) = seeds_and_hostile();
    assert_eq!(
        render(OutputFormat::Text, &c, &a),
        text::clusters(&c, &a).into_bytes()
    );
    assert_eq!(
        render(OutputFormat::Json, &c, &a),
        json::to_bytes(&json::report_output(&c, &a))
    );
}

#[test]
fn csv_has_one_row_per_proposal_and_parses_back() {
    let (c, a) = seeds_and_hostile();
    let bytes = render(OutputFormat::Csv, &c, &a);
    let s = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
    let body = s.strip_prefix('\u{FEFF}').unwrap_or_else(|| panic!("BOM"));
    let rows = parse_csv(body);
    assert_eq!(rows[0], report::csv::HEADER);
    assert_eq!(rows.len() - 1, a.units.len());
    // Cluster members first, then the units left out (empty cluster and label).
    let members: Vec<(Option<usize>, usize, f32)> = a
        .clusters
        .iter()
        .flat_map(|k| {
            k.members
                .iter()
                .zip(&k.similarity)
                .map(|(&m, &s)| (Some(k.id), m, s))
        })
        .chain(a.unclustered.iter().map(|u| (None, u.unit, u.similarity)))
        .collect();
    assert_eq!(members.len(), rows.len() - 1);
    for (row, (k, m, sim)) in rows[1..].iter().zip(members) {
        let u = &c.units[m];
        let d = &c.documents[u.document];
        assert_eq!(row.len(), report::csv::HEADER.len(), "{row:?}");
        assert_eq!(row[0], k.map_or(String::new(), |k| (k + 1).to_string()));
        assert_eq!(row[1], k.map_or("", |k| a.clusters[k].label.as_str()));
        assert_eq!(row[2], d.path);
        assert_eq!(row[3], c.title_of(m));
        assert_eq!(row[4], report::section_path(&c, m, " > "));
        assert_eq!(row[5], u.unit.heading.clone().unwrap_or_default());
        assert_eq!(row[6], u.unit.text);
        assert_eq!(row[7], u.unit.location.first_line.to_string());
        assert_eq!(row[8], u.unit.location.last_line.to_string());
        assert_eq!(row[9], format!("{sim:.3}"));
    }
    // The fixture's text with commas and quotes comes back whole.
    let texts: Vec<&str> = rows.iter().map(|r| r[6].as_str()).collect();
    let third = &c.units[hostile_units(&c, &a)[2]].unit.text;
    assert!(third.contains("\"利益共享\",机制"), "{third}");
    assert!(texts.contains(&third.as_str()));
    assert!(rows.iter().any(|r| r[2] == HOSTILE_PATH));
}

#[test]
fn markdown_has_a_section_per_cluster_and_every_member() {
    let (c, a) = seeds_and_hostile();
    let md =
        String::from_utf8(render(OutputFormat::Markdown, &c, &a)).unwrap_or_else(|e| panic!("{e}"));
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    let left_out = usize::from(!a.unclustered.is_empty());
    assert_eq!(sections.len(), a.clusters.len() + left_out);
    if left_out == 1 {
        assert_eq!(sections.last(), Some(&"## Not clustered"));
    }
    for (k, line) in a.clusters.iter().zip(&sections) {
        assert!(line.starts_with(&format!("## {}. ", k.id + 1)), "{line}");
    }
    let items = md.lines().filter(|l| l.starts_with("- ")).count();
    // Three summary items per cluster, then one item per member.
    assert_eq!(items, 3 * a.clusters.len() + a.units.len());
    for &u in &a.units {
        let first = c.units[u].unit.text.lines().next().unwrap_or_default();
        let want = format!("- {}", report::escape::markdown_line(first));
        assert!(md.contains(&want), "member {u} missing: {want}");
        let source = format!(
            "*Source:* {}",
            report::escape::markdown_line(&c.source_name(u))
        );
        assert!(md.contains(&source), "member {u}: no {source}");
    }
    // A document with no title (seed 003) is named by its path, never by its file name in
    // 《》 as if that were a title; one-line units say `line N`.
    let untitled = a
        .units
        .iter()
        .copied()
        .find(|&u| c.documents[c.units[u].document].path.contains("003_"))
        .unwrap_or_else(|| panic!("seed 003 has proposals"));
    assert_eq!(
        c.source_name(untitled),
        c.documents[c.units[untitled].document].path
    );
    assert!(!md.contains("《003_"), "{md}");
    let loc = c.units[untitled].unit.location;
    assert_eq!(
        loc.first_line, loc.last_line,
        "003's proposals are one line each"
    );
    assert!(md.contains(&format!("· line {} ·", loc.first_line)), "{md}");
    assert!(
        !md.contains(&format!("lines {0}–{0}", loc.first_line)),
        "{md}"
    );
    // Every `<`, `*`, `[` and `#` of document text is escaped: none can open markup.
    let chars: Vec<char> = md.chars().collect();
    for (i, ch) in chars.iter().enumerate() {
        if matches!(ch, '<' | '[' | '&') {
            assert_eq!(
                chars.get(i.wrapping_sub(1)),
                Some(&'\\'),
                "unescaped {ch} at {i}"
            );
        }
    }
    assert!(md.contains(r"\[链接\](http://x) \# 不是标题"), "{md}");
}

#[test]
fn html_has_the_structure_and_hostile_text_stays_text() {
    let (c, a) = seeds_and_hostile();
    let raw =
        String::from_utf8(render(OutputFormat::Html, &c, &a)).unwrap_or_else(|e| panic!("{e}"));
    let page = Html::parse_document(&raw);
    let sel = |s: &str| Selector::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    let count = |s: &str| page.select(&sel(s)).count();

    // Clusters: list, sections, members.
    assert_eq!(count("ol.clusters > li"), a.clusters.len());
    assert_eq!(count("section.cluster"), a.clusters.len());
    for (k, h) in a
        .clusters
        .iter()
        .zip(page.select(&sel("section.cluster > h2")))
    {
        let title: String = h.text().collect();
        assert_eq!(title, format!("{}. {}", k.id + 1, k.label));
    }
    assert_eq!(count("li.member"), a.units.len());

    // Map: one circle per analysed unit, each unit once.
    let circles: BTreeSet<usize> = page
        .select(&sel("svg.map circle"))
        .filter_map(|e| e.value().attr("data-unit")?.parse().ok())
        .collect();
    assert_eq!(count("svg.map circle"), a.units.len());
    assert_eq!(circles, a.units.iter().copied().collect());
    assert_eq!(count("svg.map .labels text"), a.clusters.len());

    // Coverage: documents x (clusters + total), counts adding up to the clustered units.
    assert_eq!(count("table.coverage thead th"), a.clusters.len() + 2);
    let articles: BTreeSet<(usize, usize)> = c
        .units
        .iter()
        .map(|u| (u.document, u.unit.article))
        .collect();
    assert_eq!(count("table.coverage tbody tr"), articles.len());
    let mut total = 0;
    for tr in page.select(&sel("table.coverage tbody tr")) {
        let cells: Vec<String> = tr.select(&sel("td")).map(|t| t.text().collect()).collect();
        assert_eq!(cells.len(), a.clusters.len() + 1);
        let n: Vec<usize> = cells.iter().map(|s| s.parse().unwrap_or(0)).collect();
        assert_eq!(n[..n.len() - 1].iter().sum::<usize>(), n[n.len() - 1]);
        total += n[n.len() - 1];
    }
    assert_eq!(total, a.units.len() - a.unclustered.len());
    assert_eq!(count("section.unclustered li.member"), a.unclustered.len());

    // Marks hold only the cluster's terms.
    for s in page.select(&sel("section.cluster")) {
        let id: usize = s
            .value()
            .id()
            .and_then(|i| i[1..].parse().ok())
            .unwrap_or(0);
        let terms: Vec<String> = a.clusters[id - 1]
            .terms
            .iter()
            .map(|(t, _)| t.replace(' ', ""))
            .collect();
        for m in s.select(&sel("mark")) {
            let t: String = m.text().collect();
            assert!(terms.contains(&t), "mark {t} not a term of cluster {id}");
        }
    }

    // Hostile input: only our script, no injected element or event handler, and the text
    // is there as text.
    assert_eq!(count("script"), 1);
    assert_eq!(raw.matches("</script").count(), 1);
    assert_eq!(count("img"), 0);
    for e in page
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = e.value().name();
        assert!(
            [
                "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2",
                "p", "nav", "ol", "ul", "li", "span", "a", "section", "svg", "rect", "g", "circle",
                "text", "div", "table", "thead", "tbody", "tr", "th", "td", "mark", "script"
            ]
            .contains(&name),
            "unexpected element <{name}>"
        );
        for (attr, _) in e.value().attrs() {
            assert!(!attr.starts_with("on"), "event handler {attr} on <{name}>");
        }
    }
    let member_text: Vec<String> = page
        .select(&sel("li.member"))
        .map(|li| li.text().collect())
        .collect();
    let hostile = hostile_units(&c, &a);
    for &u in &hostile {
        let id = format!("li#u{u} p");
        let shown: String = page.select(&sel(&id)).flat_map(|p| p.text()).collect();
        assert_eq!(
            shown.replace('★', ""),
            c.units[u].unit.text.replace('\n', "")
        );
    }
    assert!(member_text
        .iter()
        .any(|t| t.contains("<script>alert(1)</script>")));
    assert!(member_text.iter().any(|t| t.contains("\" onmouseover=\"x")));
    assert!(member_text.iter().any(|t| t.contains("&amp;平台")));
    let titles: Vec<&str> = page
        .select(&sel("table.coverage tbody th"))
        .filter_map(|th| th.value().attr("title"))
        .collect();
    assert!(titles.contains(&HOSTILE_PATH), "{titles:?}");
}

#[test]
fn every_format_is_deterministic() {
    let (c, a) = seeds_and_hostile();
    let (c2, a2) = seeds_and_hostile();
    for f in [
        OutputFormat::Text,
        OutputFormat::Json,
        OutputFormat::Csv,
        OutputFormat::Markdown,
        OutputFormat::Html,
    ] {
        let once = render(f, &c, &a);
        assert_eq!(once, render(f, &c, &a), "{f:?} twice");
        assert_eq!(once, render(f, &c2, &a2), "{f:?} after a second analysis");
    }
}

#[test]
fn cli_writes_report_formats_and_refuses_them_for_segment() {
    let bin = env!("CARGO_BIN_EXE_xietong");
    let repo = env!("CARGO_MANIFEST_DIR");
    let o = Command::new(bin)
        .args(["report", "--format", "csv"])
        .current_dir(repo)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success());
    assert!(o.stdout.starts_with("\u{FEFF}cluster,label,".as_bytes()));
    let o = Command::new(bin)
        .args(["segment", "--format", "html"])
        .current_dir(repo)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
}
