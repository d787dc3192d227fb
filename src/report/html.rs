//! HTML output: one self-contained page (no network: inline CSS, an inline SVG map and a
//! small inline script, and a Content-Security-Policy that forbids loading anything) with
//! the corpus summary, the cluster list, the map, a document × cluster coverage table and
//! every cluster (theme) with its largest overlap groups and its members, key terms marked.
//!
//! The page stays usable at 100,000 proposals: the script shows one theme at a time (a pager
//! and the cluster list move between them; without the script every theme shows, one under
//! the other) and a theme's overlap groups ten at a time, and what the page holds is bounded:
//! at most [`MEMBERS_SHOWN`] proposals per theme and among those not clustered,
//! [`OVERLAPS_LISTED`] groups per theme, [`COVERAGE_ROWS`] documents in the coverage table and
//! [`map::MAP_POINTS`] points on the map. JSON and CSV carry everything.
//!
//! Every string that comes from a document is written through [`escape::html`] (text and
//! attributes alike); the script reads only numeric `data-` attributes, and no document text
//! is ever placed inside `<script>` or `<style>`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::highlight::mark_terms;
use super::{escape, map, section_path, Render};
use crate::corpus::Corpus;
use crate::engine::{Analysis, Cluster};
use crate::Result;

/// Key terms shown and marked per cluster.
const TERMS: usize = 8;
/// Most central proposals listed per theme (and among those not clustered).
pub const MEMBERS_SHOWN: usize = 100;
/// Largest overlap groups listed per theme, paged by [`GROUP_PAGE`].
pub const OVERLAPS_LISTED: usize = 50;
/// Overlap groups shown at a time.
const GROUP_PAGE: usize = 10;
/// Documents (articles) in the coverage table, those with the most clustered proposals first.
pub const COVERAGE_ROWS: usize = 200;

/// The page's style sheet. Fonts are the reader's own CJK fonts: nothing is downloaded.
const STYLE: &str = r#"
:root { --ink:#1f2328; --muted:#59636e; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.7;
  font: 15px/1.7 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.summary { color: var(--muted); margin: 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 8px;
  vertical-align: -1px; flex: none; }
ol.clusters { list-style: none; padding: 0; margin: 0; columns: 2 420px; column-gap: 32px; }
ol.clusters li { break-inside: avoid; padding: 3px 0; display: flex; align-items: baseline; }
ol.clusters a { color: var(--ink); text-decoration: none; }
ol.clusters a:hover { text-decoration: underline; }
.size { color: var(--muted); font-size: 13px; margin-left: auto; padding-left: 12px; white-space: nowrap; }
svg.map { width: 100%; height: auto; display: block; background: var(--bg); border-radius: 6px; }
svg.map .frame { fill: none; stroke: var(--line); }
svg.map circle.pt { stroke: #fff; stroke-width: 1.2; fill-opacity: .9; cursor: pointer; }
svg.map circle.rep { stroke: #1f2328; stroke-width: 1.5; }
svg.map circle.hot { stroke: #000; stroke-width: 3; }
svg.map circle.out { fill: #fff; stroke: #6e7781; stroke-width: 1.5; }
svg.map.dim g.cluster:not(.on) circle { fill-opacity: .12; }
svg.map .labels text { font-size: 22px; font-weight: 700; text-anchor: middle; dominant-baseline: middle;
  paint-order: stroke; stroke: #fff; stroke-width: 5px; stroke-linejoin: round; pointer-events: none; }
.note { color: var(--muted); font-size: 13px; }
.scroll { overflow-x: auto; }
table.coverage { border-collapse: collapse; font-size: 14px; }
table.coverage th, table.coverage td { border: 1px solid var(--line); padding: 4px 8px; }
table.coverage thead th { text-align: center; min-width: 34px; }
table.coverage tbody th { text-align: left; font-weight: normal; max-width: 420px; }
table.coverage td { text-align: center; }
section.cluster h2 { display: flex; align-items: center; }
.meta { color: var(--muted); margin: 0 0 4px; }
.terms span { display: inline-block; background: #fff3bf; border-radius: 3px; padding: 0 6px; margin: 2px 4px 2px 0; }
ol.members { padding-left: 26px; }
li.member { margin: 10px 0; padding: 8px 12px; border-left: 4px solid var(--c, var(--line)); background: var(--bg); border-radius: 0 6px 6px 0; }
li.member.rep { background: #eef4fb; }
li.member.flash { outline: 3px solid #f28e2b; }
li.member p { margin: 0 0 4px; }
.star { color: #b07a00; font-weight: 700; margin-right: 4px; }
.new { color: #fff; background: #1a7f37; border-radius: 3px; padding: 0 4px; font-size: 0.85em; }
.source { color: var(--muted); font-size: 13px; }
mark { background: #ffe066; padding: 0 1px; border-radius: 2px; }
.warnings { color: #9a3412; }
.pager { display: flex; gap: 16px; color: var(--muted); font-size: 14px; margin: 8px 0; }
.pager a { color: var(--ink); }
body.paged section.cluster:not(.current) { display: none; }
body.paged ol.groups li.later { display: none; }
ol.groups { list-style: none; padding: 0; margin: 8px 0 16px; }
li.group { margin: 8px 0; padding: 6px 12px; border: 1px solid var(--line); border-left: 4px solid var(--c, var(--line)); border-radius: 0 6px 6px 0; }
li.group p.gtitle { margin: 0 0 2px; font-weight: 600; }
li.group .repeat { background: var(--c, #4e79a7); color: #fff; border-radius: 10px; padding: 0 8px; margin-right: 6px; font-size: 13px; }
li.group ul { margin: 0; padding-left: 18px; font-size: 14px; }
li.group ul a { color: var(--ink); }
.elsewhere { color: #9a3412; font-size: 13px; }
"#;

/// The page's behaviour: a click on a point scrolls to its proposal, hovering a proposal
/// rings its point, hovering a cluster in the list dims the other clusters on the map. It
/// reads only numeric `data-` attributes.
const SCRIPT: &str = r#"
(function () {
  var svg = document.querySelector('svg.map');
  // One theme at a time: the one the address names (a theme, or a proposal in it).
  var themes = document.querySelectorAll('section.cluster');
  function show(hash) {
    if (!themes.length) return null;
    var target = hash ? document.getElementById(hash.slice(1)) : null;
    var sec = target && target.closest ? target.closest('section.cluster') : null;
    if (!sec && !document.querySelector('section.cluster.current')) sec = themes[0];
    if (sec) {
      themes.forEach(function (t) { t.classList.toggle('current', t === sec); });
      var later = target && target.closest ? target.closest('li.later') : null;
      if (later) later.classList.remove('later');
    }
    return target;
  }
  if (themes.length) {
    document.body.classList.add('paged');
    // Hiding the other themes moved the target: scroll to it again.
    var first = show(location.hash);
    if (first) first.scrollIntoView({ block: 'start' });
    window.addEventListener('hashchange', function () {
      var t = show(location.hash);
      if (t) t.scrollIntoView({ block: 'start' });
    });
  }
  document.querySelectorAll('a.more').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var hidden = a.parentNode.parentNode.querySelectorAll('li.later');
      for (var i = 0; i < hidden.length && i < 10; i++) hidden[i].classList.remove('later');
      if (hidden.length <= 10) a.parentNode.style.display = 'none';
    });
  });
  document.querySelectorAll('circle.pt').forEach(function (p) {
    p.addEventListener('click', function () {
      var li = show('#u' + p.getAttribute('data-unit'));
      if (!li) return;
      li.scrollIntoView({ block: 'center', behavior: 'smooth' });
      li.classList.add('flash');
      setTimeout(function () { li.classList.remove('flash'); }, 1500);
    });
  });
  document.querySelectorAll('li.member').forEach(function (li) {
    var p = document.querySelector('circle.pt[data-unit="' + li.getAttribute('data-unit') + '"]');
    if (!p) return;
    li.addEventListener('mouseenter', function () { p.classList.add('hot'); });
    li.addEventListener('mouseleave', function () { p.classList.remove('hot'); });
  });
  document.querySelectorAll('ol.clusters li').forEach(function (li) {
    var g = svg && svg.querySelector('g.cluster[data-cluster="' + li.getAttribute('data-cluster') + '"]');
    if (!g) return;
    li.addEventListener('mouseenter', function () { svg.classList.add('dim'); g.classList.add('on'); });
    li.addEventListener('mouseleave', function () { svg.classList.remove('dim'); g.classList.remove('on'); });
  });
})();
"#;

/// The HTML renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlReport;

impl Render for HtmlReport {
    fn render(&self, corpus: &Corpus, analysis: &Analysis) -> Result<Vec<u8>> {
        Ok(to_html(corpus, analysis).into_bytes())
    }
}

/// The page.
pub fn to_html(c: &Corpus, a: &Analysis) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Defence in depth: even a mistake in escaping could not load anything from the network.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>xietong report · {} clusters</title>",
        a.clusters.len()
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    header(&mut out, c, a);
    cluster_list(&mut out, a);
    let _ = writeln!(
        out,
        "<section id=\"map\">\n<h2>Map</h2>\n{}<p class=\"note\">Each point is one proposal, \
         coloured by cluster; ringed points are the most central of their cluster, hollow points \
         the proposals not clustered, numbers mark cluster centres. Nearby points use similar words: the axes are the two directions of the \
         TF-IDF vectors that best separate the clusters, compressed towards the edges so that an \
         outlying cluster does not crowd the others. Click a point to jump to its text.</p>\n</section>",
        map::svg(c, a)
    );
    coverage(&mut out, c, a);
    let themes = super::theme_of(a);
    for k in &a.clusters {
        cluster_section(&mut out, c, a, k, &themes);
    }
    unclustered_section(&mut out, c, a);
    if !c.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul class=\"warnings\">"
        );
        for w in &c.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape::html(&w.to_string()));
        }
        let _ = writeln!(out, "</ul>\n</section>");
    }
    let _ = writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

fn header(out: &mut String, c: &Corpus, a: &Analysis) {
    let k_note = match a.settings.k {
        Some(_) => "k given".to_string(),
        None => match &a.k_choice {
            Some(ch) if ch.search == crate::cluster::KSearch::CoarseToFine => format!(
                "k chosen by silhouette in {}..={} (coarse grid of {} values, then {} finer)",
                ch.k_min,
                ch.k_max,
                ch.coarse.len(),
                a.k_scores.len()
            ),
            _ => format!("k chosen by silhouette over {} values", a.k_scores.len()),
        },
    };
    let groups = a.overlaps.len();
    let _ =
        writeln!(
        out,
        "<header>\n<h1>xietong report</h1>\n<p class=\"summary\">{} proposals from {} documents \
         in {} clusters{} · {groups} overlap group{} · seed {} · {}</p>\n</header>",
        a.units.len(),
        c.documents.len(),
        a.clusters.len(),
        if a.unclustered.is_empty() {
            String::new()
        } else {
            format!(" and {} <a href=\"#unclustered\">not clustered</a>", a.unclustered.len())
        },
        if groups == 1 { "" } else { "s" },
        a.settings.seed,
        k_note
    );
}

fn cluster_list(out: &mut String, a: &Analysis) {
    let _ = writeln!(out, "<nav>\n<h2>Clusters</h2>\n<ol class=\"clusters\">");
    for k in &a.clusters {
        let _ = writeln!(
            out,
            "<li data-cluster=\"{n}\"><span class=\"swatch\" style=\"background:{col}\"></span>\
             <a href=\"#c{n}\">{n}. {label}</a><span class=\"size\">{m} proposals · {d} document{s}{g}</span></li>",
            n = k.id + 1,
            col = map::colour(k.id),
            label = escape::html(&k.label),
            m = k.members.len(),
            d = k.documents.len(),
            s = if k.documents.len() == 1 { "" } else { "s" },
            g = match a.overlaps_in(Some(k.id)).count() {
                0 => String::new(),
                1 => " · 1 overlap".to_string(),
                n => format!(" · {n} overlaps"),
            },
        );
    }
    let _ = writeln!(out, "</ol>\n</nav>");
}

/// Rows are documents (articles, in a compilation of several), columns clusters; a cell counts
/// the row's proposals in the cluster and is shaded by that count.
fn coverage(out: &mut String, c: &Corpus, a: &Analysis) {
    // One row per (document, article) holding any unit, named by its first unit.
    let mut rows: BTreeMap<(usize, usize), (usize, Vec<usize>)> = BTreeMap::new();
    for u in &c.units {
        rows.entry((u.document, u.unit.article))
            .or_insert_with(|| (u.id, vec![0; a.clusters.len()]));
    }
    for k in &a.clusters {
        for &m in &k.members {
            let u = &c.units[m];
            if let Some((_, counts)) = rows.get_mut(&(u.document, u.unit.article)) {
                counts[k.id] += 1;
            }
        }
    }
    // At scale, the documents with the most clustered proposals: thousands of rows are no
    // overview.
    let hidden = rows.len().saturating_sub(COVERAGE_ROWS);
    if hidden > 0 {
        let mut by_total: Vec<((usize, usize), usize)> = rows
            .iter()
            .map(|(&key, (_, r))| (key, r.iter().sum::<usize>()))
            .collect();
        by_total.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let keep: std::collections::BTreeSet<(usize, usize)> = by_total
            .iter()
            .take(COVERAGE_ROWS)
            .map(|&(key, _)| key)
            .collect();
        rows.retain(|key, _| keep.contains(key));
    }
    let max = rows
        .values()
        .flat_map(|(_, r)| r.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(
        out,
        "<section id=\"coverage\">\n<h2>Coverage</h2>\n<p class=\"note\">Proposals of each \
         document (each article of a compilation) in each cluster.</p>\n<div class=\"scroll\">\n\
         <table class=\"coverage\">\n<thead><tr><th>Document</th>"
    );
    for k in &a.clusters {
        let _ = write!(
            out,
            "<th title=\"{}\" style=\"color:{}\">{}</th>",
            escape::html(&k.label),
            map::colour(k.id),
            k.id + 1
        );
    }
    let _ = writeln!(out, "<th>Total</th></tr></thead>\n<tbody>");
    for ((d, _), (first, row)) in &rows {
        let _ = write!(
            out,
            "<tr><th title=\"{}\">{}</th>",
            escape::html(&c.documents[*d].path),
            escape::html(c.shown_title(*first).unwrap_or(&c.documents[*d].path))
        );
        for &n in row {
            if n == 0 {
                out.push_str("<td></td>");
            } else {
                let alpha = 0.15 + 0.6 * n as f64 / max as f64;
                let _ = write!(
                    out,
                    "<td style=\"background:rgba(78,121,167,{alpha:.2})\">{n}</td>"
                );
            }
        }
        let _ = writeln!(out, "<td>{}</td></tr>", row.iter().sum::<usize>());
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    if hidden > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">The {COVERAGE_ROWS} documents with the most clustered proposals; \
             {hidden} more are in the JSON and CSV output.</p>"
        );
    }
    let _ = writeln!(out, "</section>");
}

/// The proposals left out of every cluster, with the cluster each came closest to.
fn unclustered_section(out: &mut String, c: &Corpus, a: &Analysis) {
    if a.unclustered.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"unclustered\" id=\"unclustered\">\n<h2>Not clustered</h2>\n<p class=\"meta\">{} \
         proposals share too little with every cluster to join one.</p>\n<ol class=\"members\">",
        a.unclustered.len()
    );
    for u in a.unclustered.iter().take(MEMBERS_SHOWN) {
        let unit = &c.units[u.unit];
        let _ = write!(out, "<li class=\"member\" id=\"u{}\">", u.unit);
        for para in unit.unit.text.lines().filter(|l| !l.trim().is_empty()) {
            let _ = write!(out, "<p>{}</p>", escape::html(para));
        }
        let nearest = match u.nearest {
            Some(n) => format!(
                " · nearest: <a href=\"#c{}\">cluster {}</a> at {:.2}",
                n + 1,
                n + 1,
                u.similarity
            ),
            None => String::new(),
        };
        let path = section_path(c, u.unit, " › ");
        let _ = writeln!(
            out,
            "<div class=\"source\" title=\"{}\">{}{}{} · {}{nearest}</div></li>",
            escape::html(&c.documents[unit.document].path),
            escape::html(&c.source_name(u.unit)),
            if path.is_empty() { "" } else { " › " },
            escape::html(&path),
            super::lines_label(c, u.unit),
        );
    }
    let _ = writeln!(out, "</ol>");
    more_note(out, a.unclustered.len());
    let _ = writeln!(out, "</section>");
}

/// A note under a list cut at [`MEMBERS_SHOWN`].
fn more_note(out: &mut String, total: usize) {
    if total > MEMBERS_SHOWN {
        let _ = writeln!(
            out,
            "<p class=\"note\">The {MEMBERS_SHOWN} most central of {total} proposals; the JSON \
             and CSV output list every one.</p>"
        );
    }
}

/// Links to the previous and next theme (the script shows one theme at a time).
fn pager(out: &mut String, n: usize, total: usize) {
    let prev = if n > 1 {
        format!("<a href=\"#c{}\">← {}</a>", n - 1, n - 1)
    } else {
        String::new()
    };
    let next = if n < total {
        format!("<a href=\"#c{}\">{} →</a>", n + 1, n + 1)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<p class=\"pager\">{prev}<span>theme {n} of {total}</span>{next}</p>"
    );
}

/// A theme's largest overlap groups ([`OVERLAPS_LISTED`], [`GROUP_PAGE`] at a time), each with
/// how many documents repeat it and its proposals linked to their text.
fn overlap_groups(
    out: &mut String,
    c: &Corpus,
    a: &Analysis,
    theme: usize,
    themes: &std::collections::HashMap<usize, usize>,
) {
    let groups: Vec<_> = a.overlaps_in(Some(theme)).collect();
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} overlap group{}: proposals of different documents that say the \
         same thing (every two at cosine ≥ {}), largest first.</p>\n<ol class=\"groups\">",
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        a.settings.threshold
    );
    for (i, o) in groups.iter().take(OVERLAPS_LISTED).enumerate() {
        let _ = write!(
            out,
            "<li class=\"group{}\" id=\"g{}\"><p class=\"gtitle\"><span class=\"repeat\">{} documents</span>{}</p>\
             <p class=\"source\">{} proposals · lowest cosine between two {:.2}</p><ul>",
            if i >= GROUP_PAGE { " later" } else { "" },
            o.id + 1,
            o.documents.len(),
            escape::html(&super::overlap_title(c, o)),
            o.members.len(),
            o.min_similarity
        );
        for &m in &o.members {
            let elsewhere = match themes.get(&m) {
                Some(&t) if t != theme => format!(
                    " <span class=\"elsewhere\">(in <a href=\"#c{}\">theme {}</a>)</span>",
                    t + 1,
                    t + 1
                ),
                None => " <span class=\"elsewhere\">(not clustered)</span>".to_string(),
                _ => String::new(),
            };
            let _ = write!(
                out,
                "<li><a href=\"#u{m}\">{}</a> · {}{elsewhere}</li>",
                escape::html(&c.source_name(m)),
                super::lines_label(c, m)
            );
        }
        let _ = writeln!(out, "</ul></li>");
    }
    let _ = writeln!(out, "</ol>");
    let listed = groups.len().min(OVERLAPS_LISTED);
    if listed > GROUP_PAGE {
        let _ = writeln!(
            out,
            "<p class=\"pager\"><a class=\"more\" href=\"#c{}\">more groups</a></p>",
            theme + 1
        );
    }
    if groups.len() > OVERLAPS_LISTED {
        let _ = writeln!(
            out,
            "<p class=\"note\">The {OVERLAPS_LISTED} largest of {} groups; the JSON output lists \
             every one.</p>",
            groups.len()
        );
    }
}

fn cluster_section(
    out: &mut String,
    c: &Corpus,
    a: &Analysis,
    k: &Cluster,
    themes: &std::collections::HashMap<usize, usize>,
) {
    let n = k.id + 1;
    let col = map::colour(k.id);
    let _ = writeln!(
        out,
        "<section class=\"cluster\" id=\"c{n}\" style=\"--c:{col}\">\n<h2><span class=\"swatch\" \
         style=\"background:{col}\"></span>{n}. {}</h2>",
        escape::html(&k.label)
    );
    pager(out, n, a.clusters.len());
    let docs: Vec<String> = c
        .titles_of(&k.members)
        .iter()
        .map(|t| escape::html(t))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} proposals from {}: {}</p>",
        k.members.len(),
        super::documents_label(k.documents.len(), docs.len()),
        docs.join("、")
    );
    let terms: Vec<&str> = k
        .terms
        .iter()
        .take(TERMS)
        .map(|(t, _)| t.as_str())
        .collect();
    let chips: Vec<String> = terms
        .iter()
        .map(|t| format!("<span>{}</span>", escape::html(t)))
        .collect();
    let _ = writeln!(out, "<p class=\"terms\">Key terms: {}</p>", chips.join(""));
    overlap_groups(out, c, a, k.id, themes);
    let _ = writeln!(out, "<ol class=\"members\">");
    for (rank, (&m, sim)) in k
        .members
        .iter()
        .zip(&k.similarity)
        .take(MEMBERS_SHOWN)
        .enumerate()
    {
        let u = &c.units[m];
        let d = &c.documents[u.document];
        let _ = write!(
            out,
            "<li class=\"member{}\" id=\"u{m}\" data-unit=\"{m}\">",
            if rank == 0 { " rep" } else { "" }
        );
        for (i, para) in u
            .unit
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
        {
            let star = if rank == 0 && i == 0 {
                "<span class=\"star\" title=\"most central\">★</span>"
            } else {
                ""
            };
            let _ = write!(out, "<p>{star}{}</p>", mark_terms(para, &terms));
        }
        let path = section_path(c, m, " › ");
        let _ = writeln!(
            out,
            "<div class=\"source\" title=\"{}\">{}{}{}{} · {} · similarity {:.2}</div></li>",
            escape::html(&d.path),
            match a.is_new(m) {
                true => "<span class=\"new\">new since the last review</span> ",
                false => "",
            },
            escape::html(&c.source_name(m)),
            if path.is_empty() { "" } else { " › " },
            escape::html(&path),
            super::lines_label(c, m),
            sim
        );
    }
    let _ = writeln!(out, "</ol>");
    more_note(out, k.members.len());
    let _ = writeln!(out, "</section>");
}
