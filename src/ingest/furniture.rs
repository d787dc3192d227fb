//! Page furniture in HTML: which elements (navigation, headers, footers,
//! ads, share bars, scripts...) are dropped with their whole subtree.
//!
//! Furniture rule for `class`/`id`: each class token and the id are split on
//! `-` and `_` into words (lower-cased). The element is furniture when a word
//! is a *strong* marker (nav, menu, breadcrumb, sidebar, share, comment,
//! related, recommend, advert, ad, ads, copyright, ...), or a *weak* marker
//! (header, footer, head, foot, banner, video) while the same token has no content
//! word (article, content, post, entry, text, title, detail, ...). So
//! `site-header` and `ad-box` go, `article-header-title`, `read`, `thread` and
//! `shadow` stay. `<header>` elements are furniture except inside `<article>`
//! or `<main>`, where they hold the article's own heading.
//!
//! `<body>` and `<html>` are never furniture, whatever their classes say.
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
    // Embedded media players: their controls and status messages are text.
    "player",
    "mplayer",
    // Reference lists, infoboxes and edit links of wiki and encyclopedia pages.
    "reference",
    "references",
    "reflist",
    "infobox",
    "navbox",
    "editsection",
    "catlinks",
    "noprint",
    // Platform disclaimers and reader-reaction bars (likes, rewards).
    "statement",
    "disclaimer",
    "like",
    "likes",
    "dislike",
    "zan",
    "dianzan",
    "reward",
    "dashang",
    "qrcode",
    "erweima",
];

/// Class/id words that mark furniture unless a content word is beside them.
/// `video` marks an embedded clip's box (its title, duration, fold/unfold toggles) set
/// beside the text, unless the token names the clip's text (`video-content`).
const WEAK_FURNITURE: &[&str] = &[
    "header", "footer", "head", "foot", "banner", "topbar", "video",
];

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

/// Why an element is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FurnitureKind {
    /// Its tag, role, hidden state or a class/id word other than navigation.
    Always,
    /// Only a navigation or header class/id word (`nav`, `menu`,
    /// `breadcrumb`, `header`...): the caller keeps it when it holds a lot
    /// of prose, since an unclosed breadcrumb `<div>` swallows the article.
    Navigation,
    /// Only a meta-line class/id word (`info`, `time`, `author`, `source`...):
    /// the byline and date line of the article, furniture while it is short.
    Meta,
}

/// Class/id words of the article's byline, date and source line. They mark
/// the element whatever other words say (`article-info` is a meta line).
const META_WORDS: &[&str] = &[
    "info", "time", "date", "author", "source", "byline", "meta", "pubtime", "publish", "ptime",
    "from", "editor",
];

/// Class/id words of navigation and page headers.
const NAVIGATION_WORDS: &[&str] = &[
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
    "dqwz",
    "daohang",
    "header",
    "head",
    "banner",
    "topbar",
];

/// Whether and why the element is furniture; see the module doc.
pub(crate) fn furniture_kind(el: &Element, inside_article: bool) -> Option<FurnitureKind> {
    let tag = el.name();
    if REMOVED_TAGS.contains(&tag) || (tag == "header" && !inside_article) {
        return Some(FurnitureKind::Always);
    }
    // The page itself is never furniture: WeChat sets `comment_feature` and
    // similar switches on `<body>`.
    if tag == "body" || tag == "html" {
        return None;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return Some(FurnitureKind::Always);
    }
    if el
        .attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return Some(FurnitureKind::Always);
    }
    if el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return Some(FurnitureKind::Always);
    }
    let mut kind = None;
    for token in el.classes().chain(el.id()) {
        match token_furniture(token) {
            Some(FurnitureKind::Always) => return Some(FurnitureKind::Always),
            Some(FurnitureKind::Navigation) => kind = Some(FurnitureKind::Navigation),
            Some(FurnitureKind::Meta) if kind.is_none() => kind = Some(FurnitureKind::Meta),
            _ => {}
        }
    }
    kind
}

#[cfg(test)]
fn token_marks_furniture(token: &str) -> bool {
    token_furniture(token).is_some()
}

fn token_furniture(token: &str) -> Option<FurnitureKind> {
    let lower = token.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let has_content_word = words.iter().any(|w| CONTENT_WORDS.contains(w));
    let marking: Vec<&&str> = words
        .iter()
        .filter(|w| {
            STRONG_FURNITURE.contains(w) || (WEAK_FURNITURE.contains(w) && !has_content_word)
        })
        .collect();
    if marking.is_empty() {
        words
            .iter()
            .any(|w| META_WORDS.contains(w))
            .then_some(FurnitureKind::Meta)
    } else if marking.iter().all(|w| NAVIGATION_WORDS.contains(w)) {
        Some(FurnitureKind::Navigation)
    } else {
        Some(FurnitureKind::Always)
    }
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
