//! Page furniture in HTML: which elements (navigation, headers, footers,
//! ads, share bars, scripts...) are dropped with their whole subtree.
//!
//! Furniture rule for `class`/`id`: each class token and the id are split on
//! `-` and `_` into words (lower-cased). The element is furniture when a word
//! is a *strong* marker (nav, menu, breadcrumb, sidebar, share, comment,
//! related, recommend, advert, ad, ads, copyright, ...), or a *weak* marker
//! (header, footer, head, foot, banner) while the same token has no content
//! word (article, content, post, entry, text, title, detail, ...). So
//! `site-header` and `ad-box` go, `article-header-title`, `read`, `thread` and
//! `shadow` stay. `<header>` elements are furniture except inside `<article>`
//! or `<main>`, where they hold the article's own heading.
//!
//! Also furniture: `hidden`, `aria-hidden="true"`, navigation/banner/
//! contentinfo/complementary roles and inline `display:none`.

use scraper::node::Element;

/// Elements whose whole subtree is never text of the article.
const REMOVED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav", "footer",
    "aside", "select", "textarea", "canvas", "video", "audio", "object", "embed", "dialog", "menu",
    "head", "title", "math",
];

/// Class/id words that always mark furniture.
const STRONG_FURNITURE: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "sidebar",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "recommend",
    "recommended",
    "recommendation",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "copyright",
    "toolbar",
    "dqwz",
    "daohang",
];

/// Class/id words that mark furniture unless a content word is beside them.
const WEAK_FURNITURE: &[&str] = &["header", "footer", "head", "foot", "banner", "topbar"];

/// Words that make a weak marker refer to the article itself.
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "post", "entry", "text", "title", "detail", "zhengwen", "story",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
];

/// True when the element and its subtree are page furniture; see the module doc.
pub(crate) fn is_furniture(el: &Element, inside_article: bool) -> bool {
    let tag = el.name();
    if REMOVED_TAGS.contains(&tag) || (tag == "header" && !inside_article) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    if el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    el.classes().chain(el.id()).any(token_marks_furniture)
}

fn token_marks_furniture(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let has_content_word = words.iter().any(|w| CONTENT_WORDS.contains(w));
    words
        .iter()
        .any(|w| STRONG_FURNITURE.contains(w) || (WEAK_FURNITURE.contains(w) && !has_content_word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_tokens_match_words_not_substrings() {
        for token in [
            "site-header",
            "nav",
            "ad-box",
            "top_ad",
            "breadcrumb",
            "main-nav",
        ] {
            assert!(token_marks_furniture(token), "{token}");
        }
        for token in [
            "article-header-title",
            "read",
            "thread",
            "shadow",
            "header-content",
        ] {
            assert!(!token_marks_furniture(token), "{token}");
        }
    }
}
