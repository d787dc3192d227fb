//! Marking a cluster's key terms in a unit's text for HTML: the matching is done on the raw
//! text and every piece is escaped afterwards, so a term can never cut an entity or a tag.

use super::escape;

/// The text as escaped HTML with every occurrence of a term wrapped in `<mark>`. Terms are
/// matched longest first at each position (so `产业转移` wins over `产业`), without overlaps.
/// Word-pair terms (`产业 转移`) are matched with the space removed, as they appear in
/// Chinese text. Empty terms are ignored.
pub fn mark_terms(text: &str, terms: &[&str]) -> String {
    let mut needles: Vec<String> = terms
        .iter()
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect();
    needles.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    needles.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    let mut plain_from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(n) = needles.iter().find(|n| rest.starts_with(n.as_str())) {
            out.push_str(&escape::html(&text[plain_from..i]));
            out.push_str("<mark>");
            out.push_str(&escape::html(n));
            out.push_str("</mark>");
            i += n.len();
            plain_from = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&escape::html(&text[plain_from..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_term_wins_and_pairs_match_without_space() {
        let got = mark_terms("推动产业转移，产业升级。", &["产业", "产业 转移"]);
        assert_eq!(got, "推动<mark>产业转移</mark>，<mark>产业</mark>升级。");
    }

    #[test]
    fn markup_in_text_and_terms_is_escaped() {
        let got = mark_terms("<b>协同</b> & \"协同\"", &["协同", "", "&"]);
        assert_eq!(
            got,
            "&lt;b&gt;<mark>协同</mark>&lt;/b&gt; <mark>&amp;</mark> &quot;<mark>协同</mark>&quot;"
        );
        assert_eq!(mark_terms("没有关键词", &["协同"]), "没有关键词");
    }
}
