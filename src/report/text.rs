//! Plain-text reports for the terminal.

use std::fmt::Write;

use crate::corpus::Corpus;
use crate::segment::Kind;

/// Characters of unit text shown per unit unless the full text is asked for.
const PREVIEW_CHARS: usize = 70;

/// `n` and the noun, plural unless `n` is 1 (`1 document`, `5 documents`).
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Key terms of its cluster shown beside each member, as the reason it is there.
const SHARED_SHOWN: usize = 3;

/// The first `n` single-word terms of a cluster (most distinctive first) that the text uses:
/// why a member belongs. Word pairs are left out, as their words are listed on their own.
fn shared_terms<'a>(terms: &'a [(String, f32)], text: &str, n: usize) -> Vec<&'a str> {
    let text = crate::text::normalize(text);
    terms
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| !t.contains(' ') && text.contains(t))
        .take(n)
        .collect()
}

/// Shortens text to `max` characters, marking the cut, on one line.
pub fn preview(text: &str, max: usize) -> String {
    let one_line = text.replace('\n', " ");
    let mut out: String = one_line.chars().take(max).collect();
    if one_line.chars().count() > max {
        out.push('…');
    }
    out
}

/// The `segment` report: every document with its units, kind, heading path and lines.
pub fn segmentation(c: &Corpus, full: bool, show_removed: bool) -> String {
    let mut out = String::new();
    for d in &c.documents {
        let units: Vec<_> = c.units.iter().filter(|u| u.document == d.id).collect();
        let count = |k: Kind| units.iter().filter(|u| u.unit.kind == k).count();
        let _ = writeln!(
            out,
            "{}  {}\n  {} · {}{} · {} article{} · {} units: {} recommendation, {} problem, {} background, {} case",
            d.path,
            if d.articles.iter().any(|a| a.title.is_some()) {
                format!("《{}》", d.title)
            } else {
                "(no title)".to_string()
            },
            d.format.name(),
            d.encoding,
            if d.wrapped { " · hard-wrapped" } else { "" },
            d.articles.len(),
            if d.articles.len() == 1 { "" } else { "s" },
            units.len(),
            count(Kind::Recommendation),
            count(Kind::Problem),
            count(Kind::Background),
            count(Kind::Case),
        );
        out.push_str(&meta_block(d));
        for u in units {
            let loc = u.unit.location;
            let lines = if loc.first_line == loc.last_line {
                format!("L{}", loc.first_line)
            } else {
                format!("L{}-{}", loc.first_line, loc.last_line)
            };
            let _ = writeln!(
                out,
                "  #{:<4} {:<14} {:<9} {}",
                u.id,
                u.unit.kind.as_str(),
                lines,
                u.unit.path.join(" › ")
            );
            let body = if full {
                u.unit.text.replace('\n', "\n         ")
            } else {
                preview(&u.unit.text, PREVIEW_CHARS)
            };
            let _ = writeln!(out, "         {body}");
        }
        if show_removed && !d.removed.is_empty() {
            let _ = writeln!(out, "  removed lines:");
            for r in &d.removed {
                let _ = writeln!(
                    out,
                    "    L{:<5} {:<16} {}",
                    r.line,
                    format!("{:?}", r.reason),
                    preview(&r.text, 50)
                );
            }
        }
        out.push('\n');
    }
    for w in &c.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// A document's metadata under its header line: one `label: value` line per field, then the
/// articles of a document that holds several (a notice and the 办法 it prints), each with the
/// fields it has of its own.
fn meta_block(d: &crate::corpus::Document) -> String {
    let mut out = String::new();
    for (field, value) in d.meta.fields() {
        let _ = writeln!(out, "  {}: {}", field.label(), preview(&value, 100));
    }
    if d.articles.len() > 1 {
        for (i, a) in d.articles.iter().enumerate() {
            let title = a.title.as_deref().unwrap_or("(no title)");
            let _ = writeln!(out, "  article {}: 《{}》", i + 1, title);
            // The first article's fields are the document's, shown above.
            if i > 0 {
                for (field, value) in a.meta.fields() {
                    let _ = writeln!(out, "    {}: {}", field.label(), preview(&value, 100));
                }
            }
        }
    }
    out
}

/// ANSI styling for a terminal; plain text when off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Styling on or off.
    pub fn new(on: bool) -> Style {
        Style { on }
    }

    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn heading(&self, text: &str) -> String {
        self.wrap("1;36", text)
    }

    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }

    fn star(&self, text: &str) -> String {
        self.wrap("33", text)
    }
}

/// The `report` text: every cluster with its label, key terms, documents and all members.
pub fn clusters(c: &Corpus, a: &crate::engine::Analysis) -> String {
    clusters_styled(c, a, Style::new(false))
}

/// [`clusters`] with terminal styling.
pub fn clusters_styled(c: &Corpus, a: &crate::engine::Analysis, style: Style) -> String {
    let mut out = String::new();
    let header = format!(
        "xietong: {} of {} in {}{} (seed {}{})",
        count(a.units.len(), "unit"),
        count(c.documents.len(), "document"),
        count(a.clusters.len(), "cluster"),
        match a.unclustered.len() {
            0 => String::new(),
            n => format!(", {n} not clustered"),
        },
        a.settings.seed,
        match a.settings.k {
            Some(_) => String::new(),
            None => format!(", k chosen by silhouette over {} values", a.k_scores.len()),
        }
    );
    let _ = writeln!(out, "{}", style.bold(&header));
    if let Some(choice) = &a.k_choice {
        let _ = writeln!(out, "{}", style.dim(&k_choice_line(choice)));
    }
    if !a.k_scores.is_empty() {
        let scores: Vec<String> = a
            .k_scores
            .iter()
            .map(|s| format!("{}:{:.2}", s.k, s.silhouette))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!("silhouette by k: {}", scores.join(" ")))
        );
    }
    out.push('\n');
    let themes = super::theme_of(a);
    for k in &a.clusters {
        let titles = c.titles_of(&k.members);
        let line = format!(
            "── Cluster {} · {} · {} from {}",
            k.id + 1,
            k.label,
            count(k.members.len(), "member"),
            super::documents_label(k.documents.len(), titles.len()),
        );
        let _ = writeln!(out, "{}", style.heading(&line));
        let terms: Vec<String> = k
            .terms
            .iter()
            .take(8)
            .map(|(t, w)| format!("{t} {w:.2}"))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!("   terms: {}", terms.join(", ")))
        );
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!("   from: {}", titles.join(" ")))
        );
        overlap_block(&mut out, c, a, Some(k.id), &themes, style);
        for (i, (&m, sim)) in k.members.iter().zip(&k.similarity).enumerate() {
            let star = if i == 0 {
                style.star("★")
            } else {
                " ".to_string()
            };
            let why = shared_terms(&k.terms, &c.units[m].unit.text, SHARED_SHOWN);
            let why = if why.is_empty() {
                String::new()
            } else {
                style.dim(&format!("  [{}]", why.join(" ")))
            };
            let new = match a.is_new(m) {
                true => style.star("  [new]"),
                false => String::new(),
            };
            let _ = writeln!(out, "   {star} {sim:.2}  {}{why}{new}", locate(c, m));
            if i == 0 {
                let _ = writeln!(out, "            {}", preview(&c.units[m].unit.text, 90));
            }
        }
        out.push('\n');
    }
    if !a.unclustered.is_empty() {
        let line = format!(
            "── Not clustered · {} unit{} sharing too little with every cluster",
            a.unclustered.len(),
            if a.unclustered.len() == 1 { "" } else { "s" },
        );
        let _ = writeln!(out, "{}", style.heading(&line));
        for u in &a.unclustered {
            let nearest = match u.nearest {
                Some(n) => format!(
                    "nearest: cluster {} at {:.3}, joins from {:.3}",
                    n + 1,
                    u.similarity,
                    a.clusters.get(n).map_or(0.0, |k| k.floor)
                ),
                None => "nearest: none".to_string(),
            };
            let _ = writeln!(out, "     {}", locate(c, u.unit));
            let _ = writeln!(out, "{}", style.dim(&format!("            {nearest}")));
        }
        out.push('\n');
    }
    if a.overlaps_in(None).next().is_some() {
        let _ = writeln!(
            out,
            "{}",
            style.heading("── Overlap groups among proposals not clustered")
        );
        overlap_block(&mut out, c, a, None, &themes, style);
        out.push('\n');
    }
    for w in &c.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// How k was chosen, in one line: the range, how it was searched and on how many units.
fn k_choice_line(choice: &crate::cluster::KChoice) -> String {
    let rows = if choice.sampled {
        format!("a sample of {}", count(choice.rows, "unit"))
    } else {
        count(choice.rows, "unit")
    };
    match choice.search {
        crate::cluster::KSearch::Exhaustive => format!(
            "k = {}: best silhouette of every k in {}..={}, on {rows}",
            choice.k, choice.k_min, choice.k_max
        ),
        crate::cluster::KSearch::CoarseToFine => format!(
            "k = {}: best silhouette in {}..={}, a coarse grid of {} values ({}) then the \
             best region bisected, on {rows}",
            choice.k,
            choice.k_min,
            choice.k_max,
            choice.coarse.len(),
            choice
                .coarse
                .iter()
                .map(|s| format!("{}:{:.2}", s.k, s.silhouette))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// A theme's largest overlap groups (at most [`super::OVERLAPS_SHOWN`]), each with how many
/// documents repeat it and its members; a member that k-means put in another theme says which.
fn overlap_block(
    out: &mut String,
    c: &Corpus,
    a: &crate::engine::Analysis,
    theme: Option<usize>,
    themes: &std::collections::HashMap<usize, usize>,
    style: Style,
) {
    let groups: Vec<_> = a.overlaps_in(theme).collect();
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "   {} (proposals of different documents that say the same thing):",
        count(groups.len(), "overlap group")
    );
    for o in groups.iter().take(super::OVERLAPS_SHOWN) {
        let line = format!(
            "   ≡ {} repeat it · {} · cosine ≥ {:.2} · {}",
            count(o.documents.len(), "document"),
            count(o.members.len(), "proposal"),
            o.min_similarity,
            super::overlap_title(c, o)
        );
        let _ = writeln!(out, "{}", style.bold(&line));
        for &m in &o.members {
            let elsewhere = match themes.get(&m) {
                Some(&t) if Some(t) != theme => format!("  (cluster {})", t + 1),
                None if theme.is_some() => "  (not clustered)".to_string(),
                _ => String::new(),
            };
            // One space before the path: member lines of the theme are the ones indented by two.
            let _ = writeln!(out, "     · {}{}", locate(c, m), style.dim(&elsewhere));
        }
    }
    if groups.len() > super::OVERLAPS_SHOWN {
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!(
                "   … and {} more (all in --format json)",
                count(groups.len() - super::OVERLAPS_SHOWN, "group")
            ))
        );
    }
}

/// One line locating a unit: document, lines and heading path (or the start of its text).
fn locate(c: &Corpus, id: usize) -> String {
    let u = &c.units[id];
    let d = &c.documents[u.document];
    let loc = u.unit.location;
    let lines = if loc.first_line == loc.last_line {
        format!("L{}", loc.first_line)
    } else {
        format!("L{}-{}", loc.first_line, loc.last_line)
    };
    // The article title is on the cluster's `from:` line; the rest of the path places the unit.
    let title = c.title_of(id);
    let path: Vec<&str> = u
        .unit
        .path
        .iter()
        .map(String::as_str)
        .skip_while(|&p| p == title)
        .collect();
    // The unit's own heading first (it names the proposal), then the section it sits in.
    let head = match (u.unit.heading.as_deref(), path.as_slice()) {
        (Some(h), [.., parent, _]) => format!("{}  ‹ {}", preview(h, 36), preview(parent, 20)),
        (Some(h), _) => preview(h, 36),
        (None, [.., parent]) => format!("{}  ‹ {}", preview(&u.unit.text, 30), preview(parent, 20)),
        (None, []) => preview(&u.unit.text, 30),
    };
    format!("{}  {lines}  {head}", d.path)
}

/// The `similar` text: near-duplicate pairs, each side with its source and why they match.
/// Term ids are read in `vocabulary`.
pub fn duplicates(
    c: &Corpus,
    pairs: &[crate::engine::Duplicate],
    threshold: f32,
    vocabulary: &crate::vectorize::Vocabulary,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "xietong: {} pairs of units from different documents with cosine ≥ {threshold}\n",
        pairs.len()
    );
    for p in pairs {
        let _ = writeln!(out, "{:.2}  {}", p.score, locate(c, p.a));
        let _ = writeln!(out, "   ⇄  {}", locate(c, p.b));
        let _ = writeln!(
            out,
            "      shared: {}",
            vocabulary.names(&p.terms).join(", ")
        );
        let _ = writeln!(out, "      A: {}", preview(&c.units[p.a].unit.text, 80));
        let _ = writeln!(out, "      B: {}\n", preview(&c.units[p.b].unit.text, 80));
    }
    if pairs.is_empty() {
        let _ = writeln!(out, "(none: lower --threshold to see weaker overlaps)");
    }
    out
}

/// The `similar --query` text: the units ranked against the user's text.
/// Term ids are read in `vocabulary`.
pub fn query(
    c: &Corpus,
    text: &str,
    hits: &[crate::engine::Neighbor],
    vocabulary: &crate::vectorize::Vocabulary,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "xietong: units most similar to “{}”\n",
        preview(text, 40)
    );
    for (i, h) in hits.iter().enumerate() {
        let _ = writeln!(out, "{:>2}. {:.2}  {}", i + 1, h.score, locate(c, h.unit));
        let _ = writeln!(
            out,
            "          shared: {}",
            vocabulary.names(&h.terms).join(", ")
        );
        let _ = writeln!(out, "          {}", preview(&c.units[h.unit].unit.text, 80));
    }
    out
}

/// The `assign` text: each new unit with the saved cluster it falls into.
pub fn assignments(
    c: &Corpus,
    model: &crate::model::SavedModel,
    placed: &[crate::model::Placement],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "xietong: {} of {} placed into {} saved clusters\n",
        count(placed.len(), "unit"),
        count(c.documents.len(), "document"),
        model.clusters.len()
    );
    for p in placed {
        let saved = |id: usize| model.clusters.iter().find(|k| k.id == id);
        let label = |id: usize| saved(id).map_or("", |k| k.label.as_str());
        let (place, note) = match (p.cluster, p.nearest) {
            (Some(id), _) => (format!("cluster {:>2}", id + 1), label(id).to_string()),
            (None, Some(near)) => (
                "unclustered".to_string(),
                format!(
                    "nearest: cluster {} {}, joins from {:.3}",
                    near + 1,
                    label(near),
                    saved(near).map_or(0.0, |k| k.floor)
                ),
            ),
            (None, None) => (
                "unclustered".to_string(),
                "shares no term with any cluster".to_string(),
            ),
        };
        let _ = writeln!(out, "{place} {:.2}  {}", p.similarity, locate(c, p.unit));
        let _ = writeln!(out, "           ({note})");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_terms_are_the_cluster_words_the_text_uses_in_cluster_order() {
        let terms: Vec<(String, f32)> = [
            ("人才", 0.3),
            ("科技 创新", 0.2),
            ("社保", 0.1),
            ("医疗", 0.1),
            ("政策", 0.05),
        ]
        .iter()
        .map(|&(t, w)| (t.to_string(), w))
        .collect();
        let text = "破除人才认定标准不一、社保和医疗标准差距等障碍，推动科技创新。";
        assert_eq!(shared_terms(&terms, text, 3), ["人才", "社保", "医疗"]);
        assert_eq!(shared_terms(&terms, text, 1), ["人才"]);
        assert!(shared_terms(&terms, "发展海洋经济。", 3).is_empty());
    }
}
