//! Web main-content extraction, one general page pattern per test: the furniture a portal,
//! video site, encyclopedia or self-media platform sets around its article, and articles
//! split over sibling blocks. Pages are small, written in the shape of real ones.

use xietong::ingest::html_to_text;

fn assert_absent(text: &str, junk: &[&str]) {
    for j in junk {
        assert!(!text.contains(j), "{j} leaked:\n{text}");
    }
}

fn assert_kept(text: &str, kept: &[&str]) {
    for k in kept {
        assert!(text.contains(k), "{k} lost:\n{text}");
    }
}

const BODY: &str =
    "<p>国务院近日印发通知，部署推进长三角一体化发展，提出加快产业协同、共建科创走廊。</p>\
    <p>通知要求，各地要建立利益共享机制，推动要素自由流动，完善跨区域合作平台。</p>\
    <p>通知强调，要以重点领域突破带动整体推进，确保各项任务落到实处。</p>";

#[test]
fn the_byline_and_date_line_under_the_title_is_dropped() {
    let page = format!(
        "<body><div class='text'><div class='text-title'><h1>国务院部署推进长三角一体化发展</h1>\
         <div class='article-info'><span class='time'>2024-05-20 06:48</span>\
         <div class='area'><span>发布于：</span><span>北京市</span></div></div></div>\
         <article class='article'>{BODY}</article></div></body>"
    );
    let text = html_to_text(&page);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"国务院部署推进长三角一体化发展"));
    assert_kept(&text, &["建立利益共享机制"]);
    assert_absent(&text, &["2024-05-20", "发布于"]);
}

#[test]
fn a_long_block_with_a_meta_class_is_kept() {
    // `info` names a byline only while the block is short: here it holds the article.
    let page =
        format!("<body><div class='news-info'>{BODY}</div><div class='nav'>首页 新闻</div></body>");
    let text = html_to_text(&page);
    assert_kept(&text, &["部署推进长三角一体化发展", "确保各项任务落到实处"]);
}

#[test]
fn an_embedded_video_player_leaves_no_controls() {
    let page = format!(
        "<body><div class='article'><div class='video-player'><div class='mplayer'>\
         <div class='hintTip'>正在为您切换到高清 480P,请稍候...</div><div>播放速度：2X</div>\
         <div>倍速</div><div>1.75X</div><div>很抱歉，当前视频播放失败</div></div></div>{BODY}</div></body>"
    );
    let text = html_to_text(&page);
    assert_kept(&text, &["推动要素自由流动"]);
    assert_absent(&text, &["播放速度", "1.75X", "请稍候", "播放失败"]);
}

#[test]
fn platform_disclaimers_and_reaction_bars_are_dropped() {
    let page = format!(
        "<body><div class='main'><article>{BODY}</article>\
         <div class='statement'>平台声明：该文观点仅代表作者本人，本平台仅提供信息存储空间服务。</div>\
         <div id='article-like'><em>首赞</em><span>+1</span></div>\
         <div class='reward'>喜欢作者就赞赏一下吧</div></div></body>"
    );
    let text = html_to_text(&page);
    assert_kept(&text, &["国务院近日印发通知"]);
    assert_absent(&text, &["平台声明", "首赞", "赞赏"]);
}

#[test]
fn an_encyclopedia_page_drops_infobox_edit_links_and_references() {
    let page = format!(
        "<body><div id='content'><h1 id='firstHeading'>长三角一体化</h1>\
         <div class='mw-parser-output'><table class='infobox'><tr><td>所属地区 华东</td></tr></table>\
         <h2>概况<span class='mw-editsection'>[编辑]</span></h2>{BODY}\
         <div class='reflist'><ol class='references'><li>^ 国务院关于长三角一体化的通知. 新华社. 2019-12-01.</li>\
         </ol></div><div class='navbox'>华东地区 上海 江苏 浙江 安徽</div></div></div></body>"
    );
    let text = html_to_text(&page);
    assert_kept(&text, &["概况", "完善跨区域合作平台"]);
    assert_absent(&text, &["[编辑]", "所属地区", "新华社. 2019", "华东地区"]);
}

#[test]
fn an_article_split_over_sibling_sections_is_read_whole() {
    // The text sits in a `content` block inside its own section; translation and commentary
    // are sections beside it, sharing one class (so each looks like a list entry).
    let page = "<body><div class='menu'>首页 唐诗 宋词</div><div class='prose-left'>\
        <div class='section1'><h1>夜雨</h1></div><div class='section2'><p>作者：白居易</p>\
        <div class='content'>我有所念人，隔在远远乡。<br>我有所感事，结在深深肠。<br>乡远去不得，无日不瞻望。</div></div>\
        <div class='shangxi'><h3>译文</h3><div>我有着深深思念的人，却相隔在远远的异乡。<br>我有所感怀的事情，深深的刻在心上。<br>故乡遥远回不去，我没有一天不遥望它。</div></div>\
        <div class='shangxi'><h3>创作背景</h3><div><p>此诗写于元和六年，时年白居易四十岁。从“独宿在空堂”可以看出，此诗是为一个与作者相爱的女子而写。</p></div></div>\
        <div class='shangxi'><h3>赏析</h3><div><p>这首诗不是唐代所流行的工整的今体诗，它共有七句话，前四句大量的重复用字，也并不合乎诗歌的习惯。</p></div></div>\
        </div><div class='right-side'><a href='/1'>静夜思</a><a href='/2'>春晓</a></div></body>";
    let text = html_to_text(page);
    assert_kept(
        &text,
        &[
            "我有所念人",
            "故乡遥远回不去",
            "此诗写于元和六年",
            "工整的今体诗",
        ],
    );
    assert_absent(&text, &["首页 唐诗", "静夜思"]);
}

#[test]
fn an_embedded_clip_box_beside_the_text_is_dropped() {
    // A folded video box: the clip's title, duration and fold/unfold toggles sit in the
    // article block above the text; they are the player's, not the article's.
    let page = format!(
        "<body><div id='contentNews' class='mod-content'><h1>国务院部署推进长三角一体化发展</h1>\
         <div class='pic-content'><div class='pic-video unfold'><div class='video-fold'>\
         <span class='video-title'>一体化发展专题片今晚播出</span><span>时长：01:45</span>\
         <div class='unfold'><a>展开</a></div></div><div class='video-unfold'>\
         <h4 class='video-title'><span>一体化发展专题片今晚播出</span><a class='fold'>收起</a></h4>\
         </div></div>{BODY}</div></div></body>"
    );
    let text = html_to_text(&page);
    assert_kept(&text, &["国务院近日印发通知", "确保各项任务落到实处"]);
    assert_absent(&text, &["专题片", "收起", "时长"]);
    // A block whose class names the clip's text is kept.
    let page = format!("<body><div class='video-content'>{BODY}</div></body>");
    assert_kept(&html_to_text(&page), &["推动要素自由流动"]);
}

#[test]
fn a_lead_block_above_the_body_joins_it() {
    // The summary sits in its own block between the byline and the body, named by its class.
    let page = format!(
        "<body><div class='art'><h1>国务院部署推进长三角一体化发展</h1>\
         <div class='art_summary'>核心提示：通知围绕产业协同和要素流动提出了一系列新举措。</div>\
         <div class='editPrompt'>本页缺少配图，补充相关内容使页面更完整，赶紧来编辑吧！</div>\
         <div class='art_content'>{BODY}</div></div></body>"
    );
    let text = html_to_text(&page);
    assert_kept(&text, &["核心提示：通知围绕产业协同", "推动要素自由流动"]);
    // An unnamed block there is a prompt or a notice, not the lead.
    assert_absent(&text, &["赶紧来编辑"]);
}
