//! Recognises lines that are page or web furniture rather than content: running headers, page
//! numbers, breadcrumbs, post metadata, sharing buttons, copyright notices, contact and
//! advertising blocks, related-article lists, bulletin colophons, author notes and sidebars.
//!
//! Each removed line keeps its reason so that `xietong segment` can show users what was dropped
//! and why.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::lines::Line;
use crate::chars::char_len;
use crate::numbering::block_marker;

/// Why a line was kept out of the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Furniture {
    /// A header or footer repeated on pages, or a publication's running title.
    RunningHeader,
    /// A bare page number.
    PageNumber,
    /// `当前位置:首页 > …`
    Breadcrumb,
    /// Author, date, source and view-count lines of a web post.
    PostMeta,
    /// Sharing, printing and follow buttons, and a post's `END` mark.
    Share,
    /// Copyright and disclaimer notices.
    Copyright,
    /// Contact or advertising lines (phone numbers, WeChat ids).
    Contact,
    /// A related-articles list and everything after it.
    RelatedList,
    /// The distribution list and print notes of an internal bulletin, and what follows.
    Colophon,
    /// `（作者系…）` notes about the author or the source.
    AuthorNote,
    /// A boxed sidebar such as `小贴士：…`.
    Sidebar,
    /// A paper's keyword line (`关键词：…`).
    Keywords,
    /// Notes and references (`注释：`, `参考文献：` and the entries after it).
    Notes,
    /// Fields of a proposal form or a filing (`提案人：…`, `案由：…`, `办理单位：…`).
    FormField,
    /// The masthead of a bulletin or journal (issue number, date, publisher).
    Masthead,
    /// An article title reprinted in the middle of the text by the page layout.
    ReprintedTitle,
    /// Document metadata: a 公文's 版头, 发文字号, 主送, 署名, 成文日期 and 版记, a database
    /// export's header, a standard's cover and contents (kept in [`super::meta::DocMeta`]).
    Metadata,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($pat).expect("furniture pattern is a valid regex"));
    };
}

re!(
    PAGE_NUMBER,
    r"^(?:[-—–－]\s*)?[0-9０-９]{1,4}(?:\s*[-—–－])?$|^第\s*[0-9]+\s*页(?:\s*共\s*[0-9]+\s*页)?$"
);
re!(
    PUBLICATION,
    r"(?:选编|汇编|文集|专报|要报|快报|简报|通讯|专刊|内参|动态)(?:（第?\s*[一二三四五六七八九十百〇0-9]+\s*期?）|\(第?\s*[一二三四五六七八九十百〇0-9]+\s*期?\))?$"
);
re!(
    BREADCRUMB,
    r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)|首页\s*[>＞»]"
);
re!(
    POST_META,
    r"(?:发布时间|发布日期|发表时间|更新时间|发表于|来源[:：]|作者[:：]|编辑[:：]|责任编辑|(?:责编|审核|校对|排版|美编|初审|复审|终审|统筹|监制)[:：]|^原创\s|浏览(?:次数|量)?[:：]?\s*[（(]?\s*[0-9]|阅读(?:量|数)?[:：]?\s*[（(]?\s*[0-9]|点击(?:量|数)?[:：]\s*[0-9]|[0-9]+\s*(?:个月|天|小时|分钟)前|^admin|字[体号][:：]?\s*[【\[]?\s*大\s*中\s*小|[【\[](?:打印|关闭|收藏)[】\]])"
);
re!(
    SHARE,
    r"^(?:分享到|分享给|分享：|分享:|一键分享|打印本页|打印|关闭窗口|收藏本文|【打印】|【关闭】|\[打印\]|\[关闭\])"
);
re!(
    SOCIAL,
    concat!(
        r"^(?:(?:分享|收藏|在看|点赞|转发|评论|留言|阅读原文|赞赏)\s*)+$",
        r"|^(?:点击|点)(?:上方|下方|上面|标题下|左下角)?\S{0,8}(?:蓝字|名片|关注)",
        r"|关注我们$|^长按(?:识别|扫描|扫码)?(?:图中)?二维码",
        // Follow-the-account, scan-to-read and app-download prompts of portals.
        r"|^(?:扫码|扫描二维码|长按)?关注\S{0,6}(?:公众号|服务号|视频号)|^(?:扫码|扫一扫)(?:阅读|查看|打开)",
        r"|^(?:下载|打开)\S{0,8}客户端|客户端下载$",
        r"|^[-—–_·\s]*(?:END|End|end)[-—–_·\s]*$"
    )
);
re!(
    COPYRIGHT,
    r"版权声明|版权所有|Copyright|©|免责声明|转载请注明|如有侵权|未经授权"
);
// A licence footer: a library's statement of the work's copyright status
// (`本作品是中华人民共和国的法律、法规…属于公有领域`, `本作品在全世界都属于公有领域`), printed
// after the text; everything from it to the end is the library's, not the document's.
re!(
    LICENCE_START,
    r"^(?:本作品|此作品|该作品)(?:是|在|采用|属于|依据|根据|来自|已|于|的著作权|版权)"
);
re!(
    PHONE,
    r"(?:\+?86[-\s]?)?(?:1[3-9][0-9]{9}|400[-\s]?[0-9]{3,4}[-\s]?[0-9]{3,4}|0[0-9]{2,3}[-\s]?[0-9]{7,8})"
);
re!(
    CONTACT_CUE,
    r"微信|扫一扫|二维码|联系人|联系电话|联系方式|手机号|手机[:：]|热线|咨询电话|QQ[:：]|邮箱[:：]"
);
re!(
    RELATED,
    r"^[【\[]?(?:相关文章|相关阅读|相关新闻|相关推荐|推荐阅读|热门文章|热门推荐|猜你喜欢|延伸阅读|热点推荐|更多阅读|精彩推荐|往期推荐|往期回顾|往期精选|精彩回顾)[】\]]?[:：]?$"
);
re!(PREV_NEXT, r"^(?:上一篇|下一篇)[:：]?");
// A line that is only a date: the date under a signature or a post, never content.
re!(
    DATE_LINE,
    r"^[（(]?\s*(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日)?\s*[)）]?$|^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$"
);
re!(
    COLOPHON_START,
    r"^(?:本期送|本期报|本刊送|抄送|分送|报[:：]|送[:：])"
);
re!(PRINT_NOTE, r"^共印\s*[0-9]+\s*份$");
re!(
    AUTHOR_NOTE,
    r"^[（(]\s*(?:作者|本文|文章|注[:：]|本报告)[^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*[）)]$"
);
re!(KEYWORDS, r"^(?:关键词|关键字|[Kk]ey\s*[Ww]ords)\s*[:：]");
re!(
    FORM_FIELD,
    concat!(
        r"^(?:提案人|提出人|领衔人|附议人|联名人|提案者|案由|案号|提案号|提案编号|编号|类别|分类|",
        r"办理单位|承办单位|主办单位|协办单位|会办单位|答复单位|办理类型|办理结果|报送单位|",
        r"签发人|签发|密级|紧急程度)\s*[:：]"
    )
);
re!(
    NOTES_START,
    r"^[【\[]?(?:注释|注解|附注|尾注|参考文献|主要参考文献|资料来源|注)[】\]]?\s*[:：]?$"
);
// A note or reference entry: `[1] 张三.…`, `①数据来源于…`, `(2) …`.
re!(
    NOTE_ENTRY,
    r"^(?:[\[［〔][0-9]{1,3}[\]］〕]|[①-⑳]|[（(][0-9]{1,3}[)）]\s*\p{Han}{1,4}[.．,，])"
);
re!(
    SIDEBAR_START,
    r"^(?:小贴士|小知识|知识链接|背景链接|相关链接|名词解释|延伸阅读)\s*[:：]?"
);

/// Longest line that several contact cues make a contact block (an ad's `联系人…手机号…` line);
/// longer lines are sentences that mention a hotline or WeChat.
const CONTACT_BLOCK_CHARS: usize = 80;

/// Classifies every line; `None` keeps it. Blank lines are never furniture.
///
/// Some furniture swallows the lines after it: a related-articles list and a colophon run to
/// the end of the document, and a sidebar runs until the next title, the next numbered heading
/// or the end.
pub fn classify(lines: &[Line]) -> Vec<Option<Furniture>> {
    let repeated = repeated_short_lines(lines);
    let mut out = vec![None; lines.len()];
    let mut swallow: Option<Furniture> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.text.as_str();
        if t.is_empty() {
            continue;
        }
        if let Some(kind) = swallow {
            let sidebar_ends = kind == Furniture::Sidebar
                && (line.bold.whole && !line.text.starts_with("小贴士")
                    || block_marker(t).is_some());
            // Notes end where the entries do: a compilation's next article follows them.
            let notes_end = kind == Furniture::Notes && !NOTE_ENTRY.is_match(t);
            if !sidebar_ends && !notes_end {
                out[i] = Some(kind);
                continue;
            }
            swallow = None;
        }
        if LICENCE_START.is_match(t) {
            swallow = Some(Furniture::Copyright);
            out[i] = swallow;
            continue;
        }
        if RELATED.is_match(t) {
            swallow = Some(Furniture::RelatedList);
            out[i] = swallow;
            continue;
        }
        if COLOPHON_START.is_match(t) {
            swallow = Some(Furniture::Colophon);
            out[i] = swallow;
            continue;
        }
        if NOTES_START.is_match(t) {
            swallow = Some(Furniture::Notes);
            out[i] = swallow;
            continue;
        }
        if SIDEBAR_START.is_match(t) {
            swallow = Some(Furniture::Sidebar);
            out[i] = swallow;
            continue;
        }
        out[i] = classify_line(t, repeated.get(t).copied().unwrap_or(0));
    }
    out
}

/// Furniture judged from one line alone.
pub fn classify_line(t: &str, repeats: usize) -> Option<Furniture> {
    let n = char_len(t);
    if PAGE_NUMBER.is_match(t) {
        return Some(Furniture::PageNumber);
    }
    if n <= 40 && (repeats >= 3 || PUBLICATION.is_match(t) && block_marker(t).is_none()) {
        return Some(Furniture::RunningHeader);
    }
    if DATE_LINE.is_match(t) {
        return Some(Furniture::PostMeta);
    }
    if n <= 80 && BREADCRUMB.is_match(t) {
        return Some(Furniture::Breadcrumb);
    }
    // A page's info bar strings several cues together (`发布时间：… 来源：… 浏览次数：…
    // 【字体：大 中 小】【打印】`), so a longer line is meta when it has more of them.
    let meta = POST_META.find_iter(t).count();
    if meta >= 1 && n <= 60 || meta >= 3 && n <= 160 {
        return Some(Furniture::PostMeta);
    }
    if n <= 40 && (SHARE.is_match(t) || PREV_NEXT.is_match(t) || SOCIAL.is_match(t)) {
        return Some(Furniture::Share);
    }
    if n <= 120 && COPYRIGHT.is_match(t) {
        return Some(Furniture::Copyright);
    }
    // Several cues make a short line a contact block; a long line of prose that explains a
    // hotline or a WeChat service step by step is content.
    let cues = CONTACT_CUE.find_iter(t).count();
    if PHONE.is_match(t) || (n <= 30 && cues >= 1) || (cues >= 2 && n <= CONTACT_BLOCK_CHARS) {
        return Some(Furniture::Contact);
    }
    if PRINT_NOTE.is_match(t) {
        return Some(Furniture::Colophon);
    }
    if n <= 120 && KEYWORDS.is_match(t) {
        return Some(Furniture::Keywords);
    }
    if n <= 80 && FORM_FIELD.is_match(t) {
        return Some(Furniture::FormField);
    }
    if n <= 120 && AUTHOR_NOTE.is_match(t) {
        return Some(Furniture::AuthorNote);
    }
    None
}

/// Strips a trailing source note such as `（省社科规划办公室供稿）` from a content line.
pub fn strip_source_note(t: &str) -> &str {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[（(][^（）()]{2,40}(?:供稿|来稿|撰稿|整理|摘编|编发)[）)]$")
            .expect("source-note pattern is a valid regex")
    });
    match NOTE.find(t) {
        Some(m) => &t[..m.start()],
        None => t,
    }
}

/// Short lines that occur many times in one document are running headers or footers.
fn repeated_short_lines(lines: &[Line]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        if !l.text.is_empty() && char_len(&l.text) <= 40 {
            *counts.entry(l.text.as_str()).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::lines::repair_lines;

    fn kinds(src: &str) -> Vec<(String, Option<Furniture>)> {
        let lines = repair_lines(src);
        let k = classify(&lines);
        lines
            .into_iter()
            .zip(k)
            .filter(|(l, _)| !l.text.is_empty())
            .map(|(l, k)| (l.text, k))
            .collect()
    }

    #[test]
    fn web_furniture_from_seed_004() {
        use Furniture::*;
        let cases = [
            ("当前位置:首页 > 镇江产业信息 > 正文内容", Breadcrumb),
            ("admin8个月前 (09-24)镇江产业信息6", PostMeta),
            ("葛毅明微信号", Contact),
            ("产业招商/厂房土地租售:400 0123 021", Contact),
            ("或微信/手机:13391219793", Contact),
            (
                "请说明您的需求、用途、税收、公司、联系人、手机号,以便快速帮您对接资源。",
                Contact,
            ),
            ("长按/扫一扫加葛毅明的微信号", Contact),
            (
                "版权声明:本文由网络蜘蛛自动收集于网络,如需转载请查明并注明出处",
                Copyright,
            ),
            ("分享给朋友:", Share),
            ("发布时间：2023-09-24 浏览次数：126", PostMeta),
            (
                "发布时间：2024-03-05 10:20  来源：省政协办公厅  浏览次数：1234  【字体：大 中 小】 【打印】 【关闭】",
                PostMeta,
            ),
            ("(作者为苏北发展研究院执行院长;本文为苏南产业溢出及南北产业协作的对策研究〈22WTA009〉阶段性成果)", AuthorNote),
            ("（作者系中共南通市委书记）", AuthorNote),
        ];
        for (line, want) in cases {
            assert_eq!(classify_line(line, 1), Some(want), "{line}");
        }
    }

    #[test]
    fn furniture_of_a_wechat_post() {
        use Furniture::*;
        let cases = [
            ("点击上方蓝字 关注我们", Share),
            ("点击蓝字关注我们", Share),
            ("长按识别二维码关注我们", Share),
            (
                "原创 省社科院 江苏智库 2024-05-20 08:00 发表于江苏",
                PostMeta,
            ),
            ("审核：李大华", PostMeta),
            ("责编：张三", PostMeta),
            ("END", Share),
            ("- END -", Share),
            ("阅读原文", Share),
            ("分享 收藏 在看 点赞", Share),
        ];
        for (line, want) in cases {
            assert_eq!(classify_line(line, 1), Some(want), "{line}");
        }
        for line in [
            "关注民生需求，完善公共服务。",
            "加强原创性、引领性科技攻关。",
            "推动企业端到端数字化改造。",
            "点亮夜间经济，打造消费新场景。",
        ] {
            assert_eq!(classify_line(line, 1), None, "{line}");
        }
        assert!(RELATED.is_match("往期推荐"));
    }

    #[test]
    fn notes_and_references_run_while_their_entries_do() {
        let k = kinds(
            "正文最后一段①。\n注释：\n①数据来源于统计年鉴。\n参考文献：\n[1] 张三. 新质生产力[J]. 经济研究, 2024.\n［2］李四. 县域经济[M]. 2023.\n推动长三角一体化发展\n正文二。",
        );
        let got: Vec<Option<Furniture>> = k.iter().map(|(_, f)| *f).collect();
        let n = Some(Furniture::Notes);
        assert_eq!(got, [None, n, n, n, n, n, None, None]);
        assert_eq!(
            classify_line("关键词：新质生产力；县域经济", 1),
            Some(Furniture::Keywords)
        );
        assert_eq!(classify_line("关键在于落实。", 1), None);
        for date in [
            "2024年3月5日",
            "二〇二四年三月五日",
            "（2023年12月）",
            "2024-03-05",
        ] {
            assert_eq!(classify_line(date, 1), Some(Furniture::PostMeta), "{date}");
        }
        assert_eq!(classify_line("2024年3月5日，省委召开会议。", 1), None);
        for line in [
            "提案人：王某某（省政协委员，某某大学教授）",
            "案由：加快推进城乡养老服务体系建设",
            "办理单位：省民政厅、省卫健委",
        ] {
            assert_eq!(classify_line(line, 1), Some(Furniture::FormField), "{line}");
        }
        assert_eq!(classify_line("编制区域发展规划：明确功能定位。", 1), None);
    }

    #[test]
    fn related_list_swallows_the_rest() {
        let k = kinds(
            "正文最后一段。\n相关文章\n“微产业”领跑!高州镇江镇\n  高州市镇江镇是传统的农业大镇…",
        );
        assert_eq!(k[0].1, None);
        assert!(k[1..]
            .iter()
            .all(|(_, f)| *f == Some(Furniture::RelatedList)));
    }

    #[test]
    fn colophon_of_a_bulletin() {
        let k = kinds("最后一段。\n本期送：省委、省政府领导同志\n本部各部领导、各处室\n共印 360 份\n苏简字 1003 号");
        assert_eq!(k[0].1, None);
        assert!(k[1..].iter().all(|(_, f)| *f == Some(Furniture::Colophon)));
    }

    #[test]
    fn headers_and_page_numbers() {
        assert_eq!(
            classify_line("省社科应用研究成果选编（三十）", 1),
            Some(Furniture::RunningHeader)
        );
        assert_eq!(classify_line("- 12 -", 1), Some(Furniture::PageNumber));
        assert_eq!(
            classify_line("某某研究院工作报告", 4),
            Some(Furniture::RunningHeader)
        );
        assert_eq!(classify_line("某某研究院工作报告", 1), None);
    }

    #[test]
    fn sidebar_runs_until_the_next_title() {
        let src = "高税率。\n小贴士小贴士：：扬子江城市群扬子江城市群\n扬子江城市群，涵盖江苏南京、镇\n良好基础和条件。\n促进江苏省开放型区域创新体系建设的促进江苏省开放型区域创新体系建设的\n构建开放型的区域创新体系";
        let k = kinds(src);
        assert_eq!(k[0].1, None);
        assert_eq!(k[1].1, Some(Furniture::Sidebar));
        assert_eq!(k[3].1, Some(Furniture::Sidebar));
        assert_eq!(k[4].1, None, "a bold title closes the sidebar");
    }

    #[test]
    fn content_mentioning_wechat_is_kept() {
        let t =
            "推动政务服务向微信小程序延伸，打造“一网通办”移动端，让企业和群众办事更加便捷高效。";
        assert_eq!(classify_line(t, 1), None);
        assert_eq!(
            strip_source_note("鼓励推动科技工作者多点执业。（省社科规划办公室供稿）"),
            "鼓励推动科技工作者多点执业。"
        );
    }

    #[test]
    fn a_step_by_step_hotline_paragraph_is_content() {
        // Cues repeat in prose that explains a service: long lines stay, short ones go.
        let t =
            "1、致电政务服务便民热线进行投诉。拨打【12345】便民热线，进行投诉。疫情期间，12345热线\
                 提供24小时全天候人工服务，有任何咨询、建议、投诉都可以直接拨打此电话处理解决。";
        assert_eq!(classify_line(t, 1), None);
        let t = "打开【微信】，找到微信界面右下方【我的】选项，接着点击【支付】，选择界面上方的\
                 【城市服务】，打开定位或手动选择相关城市，再选择【疫情专区】板块，进入后按提示留言即可。";
        assert_eq!(classify_line(t, 1), None);
        assert_eq!(
            classify_line("加微信咨询，服务热线全天开通，欢迎来电", 1),
            Some(Furniture::Contact)
        );
    }

    #[test]
    fn view_counts_in_brackets_are_post_meta() {
        for line in ["阅读 (177万)", "浏览（1234）", "阅读量：35"] {
            assert_eq!(classify_line(line, 1), Some(Furniture::PostMeta), "{line}");
        }
        assert_eq!(classify_line("阅读（一）：古文选段", 1), None);
    }
}
