//! Web main-content extraction: article body, title and portal junk on small realistic pages,
//! and sanity checks over the annotated pages of `../shared/data/web-main-content`.

use std::path::Path;

use xietong::ingest::html_to_text;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_absent(text: &str, junk: &[&str]) {
    for j in junk {
        assert!(!text.contains(j), "{j} leaked:\n{text}");
    }
}

#[test]
fn a_wechat_post_with_hidden_js_content_keeps_title_and_body() {
    // `<body class="… comment_feature …">` and `#js_content` hidden until scripts run.
    let text = html_to_text(&fixture("web_wechat_hidden.html"));
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"关于推进数字乡村建设的三点建议"));
    assert_eq!(lines.len(), 5, "{text}");
    assert!(text.contains("三是提升乡村治理数字化水平"), "{text}");
    assert_absent(&text, &["扫一扫", "留言", "乡村振兴研究", "msg_title"]);
}

#[test]
fn a_portal_page_keeps_its_article_and_drops_lists_comments_and_toolbars() {
    let text = html_to_text(&fixture("web_portal_related.html"));
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    // The article `<h1>`, not the logo `<h1>` nor the `<title>` with column and site.
    assert_eq!(lines.first(), Some(&"加快建设全国统一大市场的几点思考"));
    for kept in [
        "建设全国统一大市场是构建新发展格局",
        "一要完善",
        "二要推进",
        "三要打破",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    assert_absent(
        &text,
        &[
            "客户端下载",
            "设为首页",
            "理论频道",
            "下载 打印",
            "字号",
            "扫码阅读全文",
            "你可能会喜欢",
            "以科技创新引领",
            "网友评论",
            "希望各地",
            "热门新闻排行榜",
            "多地出台措施",
            "关注公众号",
            "ICP",
        ],
    );
}

#[test]
fn every_annotated_page_with_text_yields_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/web-main-content");
    let Ok(raw) = std::fs::read_to_string(dir.join("base.json")) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let base: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
    let Some(pages) = base.as_object() else {
        panic!("base.json is not an object");
    };
    let mut empty = Vec::new();
    for (hash, page) in pages {
        let annotated = page["content"].as_str().unwrap_or("");
        let Ok(html) = std::fs::read_to_string(dir.join("htmls").join(format!("{hash}.html")))
        else {
            continue;
        };
        let text = html_to_text(&html);
        // Beyond the title line, some of the annotated body must come through, and survive
        // cleaning as content.
        let cleaned = xietong::clean::clean(&text);
        let has_body = cleaned.articles.iter().any(|a| !a.paragraphs.is_empty());
        if annotated.trim().chars().count() >= 20
            && (text.lines().filter(|l| !l.is_empty()).count() < 2 || !has_body)
        {
            empty.push(hash.clone());
        }
    }
    assert!(empty.is_empty(), "pages with no body text: {empty:?}");
}
