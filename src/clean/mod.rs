//! Cleaning: from decoded source text to articles made of clean paragraphs.
//!
//! The cleaner owns everything about layout: repairing lines (doubled bold runs, Markdown),
//! removing page and web furniture, finding article titles and bylines, and rebuilding
//! paragraphs from hard-wrapped lines. What it returns is content only, and every byte of it
//! can be traced to a source line.

pub mod articles;
pub mod derived_title;
pub mod furniture;
pub mod lines;
pub mod meta;
pub mod paragraphs;

use serde::Serialize;

pub use furniture::Furniture;
pub use meta::DocMeta;
pub use paragraphs::Paragraph;

use articles::Role;
use lines::Line;

/// A source line kept out of the content, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedLine {
    /// 1-based source line.
    pub line: u32,
    /// Why it was removed.
    pub reason: Furniture,
    /// The line's repaired text.
    pub text: String,
}

/// One article of a cleaned document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CleanArticle {
    /// The article title, when the document shows one.
    pub title: Option<String>,
    /// The author line under the title.
    pub byline: Option<String>,
    /// What the article says about itself (发文字号, dates, source…), title included.
    pub meta: DocMeta,
    /// The content paragraphs, in source order.
    pub paragraphs: Vec<Paragraph>,
}

/// A cleaned document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cleaned {
    /// Articles in source order; a plain report has one.
    pub articles: Vec<CleanArticle>,
    /// Lines removed as furniture.
    pub removed: Vec<RemovedLine>,
    /// Whether the text was hard-wrapped (PDF extraction).
    pub wrapped: bool,
    /// The document's metadata: its first article's, completed by what later articles and
    /// the 版记 say.
    pub meta: DocMeta,
}

impl Cleaned {
    /// The cleaned document text: every paragraph of every article, one per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in self.articles.iter().flat_map(|a| &a.paragraphs) {
            out.push_str(&p.text);
            out.push('\n');
        }
        out
    }
}

/// Cleans a decoded document.
///
/// ```
/// let doc = xietong::clean::clean("当前位置:首页 > 产业信息\n\n深化南北产业协作\n\n  大力加强苏北地区承接力建设。加快苏北地区硬环境建设。\n\n分享给朋友:\n");
/// assert_eq!(doc.articles[0].title.as_deref(), Some("深化南北产业协作"));
/// assert_eq!(doc.text(), "大力加强苏北地区承接力建设。加快苏北地区硬环境建设。\n");
/// ```
pub fn clean(source: &str) -> Cleaned {
    let mut lines = lines::repair_lines(source);
    let mut furniture = furniture::classify(&lines);
    let scan = meta::scan(&lines, &mut furniture);
    let wrap = paragraphs::wrap_width(
        lines
            .iter()
            .zip(&furniture)
            .filter(|(l, f)| f.is_none() && !l.bold.whole)
            .map(|(l, _)| l),
    );
    let blank_separated = paragraphs::blank_separated(&lines);
    let mut layout = articles::analyse(&lines, &mut furniture, wrap);
    for &i in scan.title.iter().chain(&scan.attached_titles) {
        layout.roles[i] = Role::Title;
    }
    if let Some(&last) = scan.title.last() {
        // The recognised header settles where the title ends: what the generic front-matter
        // rules took for more title lines (`前  言`) is body.
        for i in last + 1..lines.len() {
            if furniture[i].is_some() || lines[i].text.is_empty() {
                continue;
            }
            if layout.roles[i] != Role::Title || scan.attached_titles.contains(&i) {
                break;
            }
            layout.roles[i] = Role::Body;
        }
    }
    // A note under the title (`——2023年3月5日在…会议上`) closes it, whoever found the title:
    // the note and the speaker's lines under it are the byline.
    if let Some(note) = scan
        .title
        .iter()
        .position(|&i| articles::is_title_note(&lines[i].text))
    {
        for &i in scan.title.iter().skip(note).filter(|_| note > 0) {
            layout.roles[i] = Role::Byline;
        }
    }
    for &(_, at) in &layout.reprinted {
        let next = (at..lines.len()).find(|&i| furniture[i].is_none() && !lines[i].text.is_empty());
        if let Some(i) = next {
            lines[i].continues_sentence = true;
        }
    }

    let mut drafts: Vec<Draft> = Vec::new();
    // Metadata above the first title (版头, 发文字号, a database header) is the first article's.
    let mut pending = DocMeta::default();
    for (i, line) in lines.iter().enumerate() {
        for (field, value) in &scan.fields[i] {
            // The 版记 closes the whole document, after any attachment: it is the notice's.
            let whole = matches!(field, meta::Field::CopiedTo | meta::Field::Printed);
            let target = match drafts.first_mut() {
                Some(first) if whole => &mut first.meta,
                _ => drafts.last_mut().map_or(&mut pending, |d| &mut d.meta),
            };
            if *field == meta::Field::CopiedTo && target.copied_to.is_some() {
                target.extend_copied(value);
            } else {
                target.set(*field, value);
            }
        }
        if line.text.is_empty() || furniture[i].is_some() {
            continue;
        }
        match layout.roles[i] {
            Role::Title => {
                let continuing = drafts.last().is_some_and(|d| {
                    d.body.is_empty() && d.byline.is_none() && !d.title.is_empty()
                });
                if !continuing {
                    drafts.push(Draft {
                        meta: std::mem::take(&mut pending),
                        ..Draft::default()
                    });
                }
                if let Some(d) = drafts.last_mut() {
                    d.title.push(line.text.clone());
                    // A 公文 title broken over lines is one phrase: no space at the breaks.
                    d.one_phrase |= scan.title.contains(&i) || scan.attached_titles.contains(&i);
                }
            }
            Role::Byline => {
                if drafts.is_empty() {
                    drafts.push(Draft {
                        meta: std::mem::take(&mut pending),
                        ..Draft::default()
                    });
                }
                if let Some(d) = drafts.last_mut() {
                    // A byline over lines (a speech's date note, office, name) reads as one.
                    d.byline = Some(match d.byline.take() {
                        Some(b) => format!("{b} {}", line.text),
                        None => line.text.clone(),
                    });
                }
            }
            Role::Body => {
                if drafts.is_empty() {
                    drafts.push(Draft {
                        meta: std::mem::take(&mut pending),
                        ..Draft::default()
                    });
                }
                let text = furniture::strip_source_note(&line.text);
                let line = Line {
                    text: chars_trim(text),
                    ..line.clone()
                };
                if let Some(d) = drafts.last_mut() {
                    d.body.push(line);
                }
            }
        }
    }

    let mut articles: Vec<CleanArticle> = drafts
        .into_iter()
        .map(|d| {
            let refs: Vec<&Line> = d.body.iter().collect();
            let title = (!d.title.is_empty()).then(|| {
                if d.one_phrase {
                    articles::join_phrase(d.title.iter().map(String::as_str))
                } else {
                    articles::join_title(d.title.iter().map(String::as_str))
                }
            });
            let mut meta = d.meta;
            meta.title.clone_from(&title);
            CleanArticle {
                title,
                byline: d.byline,
                meta,
                paragraphs: paragraphs::join_lines(&refs, wrap, blank_separated),
            }
        })
        .collect();
    let mut doc_meta = DocMeta::default();
    for a in &articles {
        doc_meta.merge(&a.meta);
    }
    doc_meta.merge(&pending);
    for (title, idx) in &layout.reprinted {
        split_at_reprinted_title(&mut articles, title, lines[*idx].no);
    }
    articles.retain(|a| !a.paragraphs.is_empty());
    // A document that prints no title (a speech opening on `各位代表：`, a resolution, a plan
    // whose cover was not kept) is named by what its opening says it is.
    if let Some(first) = articles.first_mut().filter(|a| a.title.is_none()) {
        if let Some(title) = derived_title::derive(&first.paragraphs) {
            first.title = Some(title.clone());
            first.meta.title = Some(title.clone());
            if doc_meta.title.is_none() {
                doc_meta.title = Some(title);
            }
        }
    }

    let removed = lines
        .iter()
        .zip(&furniture)
        .filter_map(|(l, f)| {
            f.map(|reason| RemovedLine {
                line: l.no,
                reason,
                text: l.text.clone(),
            })
        })
        .collect();
    Cleaned {
        articles,
        removed,
        wrapped: wrap.is_some(),
        meta: doc_meta,
    }
}

#[derive(Default)]
struct Draft {
    title: Vec<String>,
    byline: Option<String>,
    meta: DocMeta,
    one_phrase: bool,
    body: Vec<Line>,
}

fn chars_trim(s: &str) -> String {
    crate::chars::trim_all(s).to_string()
}

/// A title reprinted mid-text names an article that began earlier without its title: the
/// paragraph that opens with the title's first words. Split the article there; if no such
/// paragraph exists, the title names the article it sits in.
fn split_at_reprinted_title(articles: &mut Vec<CleanArticle>, title: &str, line: u32) {
    let Some(a) = articles
        .iter()
        .rposition(|a| a.paragraphs.first().is_some_and(|p| p.first_line() <= line))
    else {
        return;
    };
    let prefix: String = title.chars().take(7).collect();
    let start = articles[a]
        .paragraphs
        .iter()
        .rposition(|p| p.first_line() < line && p.text.starts_with(&prefix));
    match start {
        Some(0) | None => {
            if articles[a].title.is_none() {
                articles[a].title = Some(title.to_string());
            }
        }
        Some(p) => {
            let tail = articles[a].paragraphs.split_off(p);
            articles.insert(
                a + 1,
                CleanArticle {
                    title: Some(title.to_string()),
                    byline: None,
                    meta: DocMeta {
                        title: Some(title.to_string()),
                        ..DocMeta::default()
                    },
                    paragraphs: tail,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str) -> Option<String> {
        std::fs::read_to_string(format!("seeds/{name}")).ok()
    }

    #[test]
    fn compilation_seed_splits_into_three_titled_articles() {
        let Some(src) = seed("000_72a7b87fc3321f6e.txt") else {
            return;
        };
        let doc = clean(&src);
        let titles: Vec<_> = doc
            .articles
            .iter()
            .map(|a| a.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            titles,
            [
                "推动扬子江城市群产业协同 实现制造业高质量发展",
                "促进江苏省开放型区域创新体系建设的对策建议",
                "乡村振兴形势下农村基层党组织带头人队伍建设的实现路径",
            ]
        );
        assert_eq!(
            doc.articles[0].byline.as_deref(),
            Some("省人大常委会 朱晓明")
        );
        assert_eq!(
            doc.articles[1].byline.as_deref(),
            Some("南京市社科院 黄 南")
        );
        let text = doc.text();
        // The reprinted title is cut out and the sentence it interrupted is whole again.
        assert!(text.contains("另一方面综合采用多元激励考核机制，特别是精神激励机制"));
        for junk in ["小贴士", "成果选编", "涵盖江苏南京", "十九大报告"] {
            assert!(!text.contains(junk), "{junk} leaked into the content");
        }
    }

    #[test]
    fn a_research_group_byline_is_not_part_of_the_title() {
        for (src, byline) in [
            (
                "关于推进跨江融合的对策建议\n\n江苏省社科院课题组\n\n跨江融合是重点。提出如下建议。\n",
                "江苏省社科院课题组",
            ),
            (
                "关于推进跨江融合的对策建议\n课题组 研究员 张三\n跨江融合是重点。提出如下建议。\n",
                "课题组 研究员 张三",
            ),
        ] {
            let doc = clean(src);
            assert_eq!(doc.articles.len(), 1);
            let a = &doc.articles[0];
            assert_eq!(a.title.as_deref(), Some("关于推进跨江融合的对策建议"), "{src}");
            assert_eq!(a.byline.as_deref(), Some(byline));
            assert!(!doc.text().contains("课题组"), "{}", doc.text());
        }
    }

    #[test]
    fn a_plain_text_compilation_splits_at_title_and_byline_pairs() {
        let src = "社科成果选编（第3期）\n\n推动长三角科技创新共同体建设\n省社科院 王明\n\
            长三角科技创新共同体建设是国家战略。为此建议：\n1.共建重大科技基础设施。联合布局大科学装置。\n\
            2.推动科技资源开放共享。建立大型仪器共享平台。\n\n加快发展县域特色产业\n南京大学 李华\n\
            县域特色产业是县域经济的支柱。为此建议：\n1.培育特色产业集群。每个县重点培育特色产业。\n";
        let doc = clean(src);
        let got: Vec<(Option<&str>, Option<&str>)> = doc
            .articles
            .iter()
            .map(|a| (a.title.as_deref(), a.byline.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("推动长三角科技创新共同体建设"), Some("省社科院 王明")),
                (Some("加快发展县域特色产业"), Some("南京大学 李华")),
            ]
        );
        assert!(!doc.text().contains("选编"), "{}", doc.text());
        // A section name under a finished sentence is no byline, so no title above it.
        let one = clean("关于园区共建的建议\n园区共建是重点。\n存在问题与原因\n对策建议\n1.建立利益共享机制。\n");
        assert_eq!(one.articles.len(), 1);
    }

    #[test]
    fn bulletin_masthead_and_colophon() {
        let Some(src) = seed("002_a7581ce583f3e2a8.txt") else {
            return;
        };
        let doc = clean(&src);
        assert_eq!(doc.articles.len(), 1);
        assert_eq!(
            doc.articles[0].title.as_deref(),
            Some("江苏先进制造业集群建设的突出短板 及对策建议")
        );
        let text = doc.text();
        for junk in [
            "本期送",
            "共印",
            "苏简字",
            "第 32 期",
            "供稿",
            "宣传工作动态",
            "**",
        ] {
            assert!(!text.contains(junk), "{junk} leaked into the content");
        }
        assert!(text.contains("在发挥大数据、云计算、人工智能、5G 等技术的链接作用"));
    }

    #[test]
    fn web_page_keeps_only_the_article() {
        let Some(src) = seed("004_55434fdc5f3ead45.txt") else {
            return;
        };
        let doc = clean(&src);
        assert_eq!(
            doc.articles[0].title.as_deref(),
            Some("深化南北产业协作促进区域高质量协同发展")
        );
        let text = doc.text();
        for junk in [
            "当前位置",
            "admin",
            "微信",
            "400",
            "版权声明",
            "分享",
            "相关文章",
            "微产业",
            "晶澳",
            "作者为",
        ] {
            assert!(!text.contains(junk), "{junk} leaked into the content");
        }
        assert!(text.contains("优化结对帮扶合作机制,探索产业集群协作新模式。"));
        assert_eq!(doc.articles[0].paragraphs.len(), 13);
    }
}
