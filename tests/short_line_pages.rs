//! Pages made only of short lines (a one-line post, a journal issue's contents page) keep
//! their text: no title-and-byline block or table of contents swallows the whole page.

use xietong::clean::clean;

#[test]
fn a_page_of_short_lines_keeps_them_under_its_title() {
    let doc = clean("长三角生态价值评估代做\n\n1107436458 某鹅 说明来处\n");
    assert_eq!(doc.articles.len(), 1, "{doc:?}");
    assert_eq!(
        doc.articles[0].title.as_deref(),
        Some("长三角生态价值评估代做")
    );
    assert!(
        doc.text().contains("1107436458 某鹅 说明来处"),
        "{}",
        doc.text()
    );
}

#[test]
fn a_contents_page_with_no_body_after_it_is_the_text() {
    let src = "《区域经济研究》2022年第4期\n\n目录\n\n区域协调发展\n\n新发展格局下区域协调发展的战略骨架\n\n\
        孙久文;蒋治\n\n长三角一体化的制度逻辑\n\n张三\n\n公共服务\n\n基本公共服务均等化的政策逻辑\n\n袁威\n";
    let text = clean(src).text();
    for kept in [
        "区域协调发展的战略骨架",
        "长三角一体化的制度逻辑",
        "基本公共服务均等化",
    ] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
}

#[test]
fn contents_followed_by_their_body_stay_out_of_it() {
    let src = "区域协调发展研究报告\n\n目录\n\n一、总体要求\n\n二、主要任务\n\n\
        一、总体要求\n\n坚持全国一盘棋，推动区域协调发展。\n\n二、主要任务\n\n健全区域合作机制，完善利益补偿。\n";
    let text = clean(src).text();
    assert_eq!(text.matches("总体要求").count(), 1, "{text}");
    assert!(text.contains("健全区域合作机制"), "{text}");
}

#[test]
fn follow_scan_and_app_prompts_under_an_article_are_dropped() {
    let src = "加快建设全国统一大市场\n\n建设全国统一大市场是构建新发展格局的基础支撑。各地要打破地方保护。\n\n\
        关注公众号：东方财经\n\n扫码阅读全文\n\n下载人民日报客户端\n\n新闻客户端下载\n";
    let text = clean(src).text();
    assert!(text.contains("打破地方保护"), "{text}");
    for junk in ["关注公众号", "扫码阅读", "客户端"] {
        assert!(!text.contains(junk), "{junk} leaked:\n{text}");
    }
}
