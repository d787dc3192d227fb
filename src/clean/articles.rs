//! Finds where articles start and what they are called: the front matter of a document
//! (masthead, title, byline), further titles inside a compilation, and titles that the page
//! layout reprinted in the middle of another article's text.

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::Furniture;
use super::lines::Line;
use super::paragraphs::LINE_CANNOT_START;
use crate::chars::{display_width, ends_mid_sentence, ends_sentence};
use crate::lexicon::{is_box_title, is_caption, is_section_name, starts_with_lead_verb};
use crate::numbering::block_marker;

/// Front-matter lines are at most this wide (half-width units).
const FRONT_MAX_WIDTH: usize = 80;

/// What a kept line is, as far as article structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Content.
    Body,
    /// Part of an article title; consecutive title lines form one title.
    Title,
    /// The author line under a title.
    Byline,
}

/// The structural role of every line, plus lines reclassified as furniture.
#[derive(Debug, Default)]
pub struct Layout {
    /// Role of each line (index-aligned with the lines; meaningful for kept lines only).
    pub roles: Vec<Role>,
    /// Titles reprinted mid-text: `(title, first line index)`.
    pub reprinted: Vec<(String, usize)>,
}

static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^第\s*[0-9０-９]+\s*期$|^[0-9]{4}\s*年(?:\s*[0-9]{1,2}\s*月)?(?:\s*[0-9]{1,2}\s*日)?$",
        r"|^中共.{2,20}(?:委员会|部|委|办公厅|研究室)$|编$|主办$|^总第\s*[0-9]+\s*期",
        // A publication name and its issue on one line: `江苏社科成果要报    2024年第12期`.
        r"|^\S{2,20}\s+[0-9]{4}\s*年\s*第\s*[0-9]+\s*期$"
    ))
    .expect("masthead pattern is a valid regex")
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:作者|撰稿|执笔)[:：]\s*|文[/／]\s*)?",
        r"(?:\p{Han}{2,20}(?:会|院|所|部|委|局|厅|办|校|大学|中心|学院|党校|公司|集团|协会|研究会)\s+)?",
        r"\p{Han}(?:\s?\p{Han}){1,3}$"
    ))
    .expect("byline pattern is a valid regex")
});

/// Author lines of research groups and titled researchers: `江苏省社科院课题组`,
/// `课题组 研究员 张三`, `课题组负责人：李四`, `执笔：王五`, `研究员 赵六`.
static GROUP_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\S{0,20}课题组(?:\s|[:：]|负责人|成员|组长|$)",
        r"|(?:执笔|课题负责人|课题组成员|作者单位)[:：]",
        r"|(?:副?研究员|副?教授|博士|讲师|助理研究员)\s*\p{Han}(?:\s?\p{Han}){1,3}$)"
    ))
    .expect("group byline pattern is a valid regex")
});

/// Longest line, in characters, read as a research-group byline.
const GROUP_BYLINE_CHARS: usize = 40;

/// A note printed under a title: the date and occasion of a speech
/// (`——2024年3月5日在第十四届全国人民代表大会第二次会议上`,
/// `1957年6月26日在第一届全国人民代表大会第四次会议上`) or of an adoption
/// (`（2020年5月28日第十三届全国人民代表大会第三次会议通过）`).
static TITLE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:——|—|－－)\S",
        r"|^[（(][^（）()]{0,60}(?:通过|批准|会议上)[）)]$",
        r"|^[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日\s*在.{2,40}上$"
    ))
    .expect("title note pattern is a valid regex")
});

/// True for a note under a title that dates the speech or the adoption it heads.
pub fn is_title_note(text: &str) -> bool {
    TITLE_NOTE.is_match(text.trim())
}

/// True for an author line: a personal name of two to four characters, optionally after an
/// institution and a space (`省人大常委会 朱晓明`, `南京市社科院 黄 南`), or a short line naming
/// a research group or a researcher by title (`省社科院课题组`, `课题组 研究员 张三`).
pub fn is_byline(text: &str) -> bool {
    BYLINE.is_match(text)
        || (text.chars().count() <= GROUP_BYLINE_CHARS
            && !ends_sentence(text)
            && GROUP_BYLINE.is_match(text))
}

/// Assigns roles to lines. `furniture` is updated with mastheads and reprinted titles.
pub fn analyse(lines: &[Line], furniture: &mut [Option<Furniture>], wrap: Option<usize>) -> Layout {
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| furniture[i].is_none() && !lines[i].text.is_empty())
        .collect();
    let mut layout = Layout {
        roles: vec![Role::Body; lines.len()],
        reprinted: Vec::new(),
    };
    let front_end = front_matter(lines, &kept, furniture, &mut layout.roles, wrap);
    let blank_separated = super::paragraphs::blank_separated(lines);

    // Later titles are bold runs covering whole lines (PDF compilations). A bold block that
    // interrupts a sentence is a title the layout reprinted, not the start of an article.
    let mut k = front_end;
    while k < kept.len() {
        let i = kept[k];
        let line = &lines[i];
        if is_plain_title(lines, &kept, k, blank_separated) {
            // Plain-text compilations have no bold: a title is a short line after a finished
            // sentence with its byline under it.
            layout.roles[i] = Role::Title;
            layout.roles[kept[k + 1]] = Role::Byline;
            k += 2;
            continue;
        }
        let starts_block = line.bold.whole
            && block_marker(&line.text).is_none()
            && (k == 0 || !lines[kept[k - 1]].bold.whole);
        if !starts_block {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < kept.len() && lines[kept[end]].bold.whole && lines[kept[end]].bold.any {
            if block_marker(&lines[kept[end]].text).is_some() {
                break;
            }
            end += 1;
        }
        let after_sentence = k == 0 || ends_sentence(&lines[kept[k - 1]].text);
        if after_sentence && !body_follows(lines, &kept, end) {
            // A bold caption over a table or chart (`2019年我国部分城市地铁运营状况` over its
            // cells) is part of the article it illustrates.
            k = end;
            continue;
        }
        if after_sentence {
            for &j in &kept[k..end] {
                layout.roles[j] = Role::Title;
            }
            if let Some(&next) = kept.get(end) {
                if is_byline(&lines[next].text) {
                    layout.roles[next] = Role::Byline;
                    end += 1;
                }
            }
        } else {
            let title = join_title(kept[k..end].iter().map(|&j| lines[j].text.as_str()));
            for &j in &kept[k..end] {
                furniture[j] = Some(Furniture::ReprintedTitle);
            }
            layout.reprinted.push((title, i));
        }
        k = end;
    }
    layout
}

/// Longest line read as an article title without bold, in characters.
const PLAIN_TITLE_CHARS: usize = 40;

/// True when kept line `k` starts an article of a plain-text compilation: a short line that is
/// no sentence and no numbered heading, after a line that ends a sentence, with a byline next.
/// Where the text separates its paragraphs with blank lines, a title starts after one: a
/// short line glued under a paragraph is a link the page set on a line of its own
/// (`…健康发展。` / `党的十八届六中全会` / `正式明确` / `习近平` / `总书记的…`).
fn is_plain_title(lines: &[Line], kept: &[usize], k: usize, blank_separated: bool) -> bool {
    let (Some(&prev), Some(&next)) = (k.checked_sub(1).and_then(|p| kept.get(p)), kept.get(k + 1))
    else {
        return false;
    };
    let line = &lines[kept[k]];
    let t = line.text.as_str();
    let byline = lines[next].text.as_str();
    // Bold titles are found by their bold; `对策建议` reads like a two-to-four character name.
    // A link broken out of a sentence onto its own line (`切实贯彻《` / `会计法` / `》，提高…`)
    // looks like a title over a name: the sentence going on after the name gives it away.
    let sentence_goes_on = kept
        .get(k + 2)
        .is_some_and(|&after| lines[after].text.starts_with(LINE_CANNOT_START));
    !line.bold.any
        && (line.after_blank || !blank_separated)
        // A title has words: a lone dash (`——` over a linked `改革开放`) opens an item.
        && t.chars().any(char::is_alphanumeric)
        && t.chars().count() <= PLAIN_TITLE_CHARS
        && !ends_sentence(t)
        && !ends_mid_sentence(t)
        && !t.contains(['。', '！', '？'])
        && !sentence_goes_on
        && !is_box_title(t)
        && !is_caption(t)
        && body_follows(lines, kept, k + 2)
        && !t.ends_with(['：', ':', '；'])
        && block_marker(t).is_none()
        && !is_byline(t)
        && ends_sentence(&lines[prev].text)
        && is_byline(byline)
        && !is_section_name(byline)
}

/// Kept lines looked at under a title and its byline for the article's first sentence.
const BODY_LOOKAHEAD: usize = 4;

/// True when the text from kept line `from` on reads as an article's body (or the text ends):
/// a sentence or a long line comes within a few lines. A caption over a table has short
/// unpunctuated cells under it (`计量单位`, `产量`, `较上年±%`), one of which looks like a name.
fn body_follows(lines: &[Line], kept: &[usize], from: usize) -> bool {
    let next: Vec<&str> = kept
        .iter()
        .skip(from)
        .take(BODY_LOOKAHEAD)
        .map(|&i| lines[i].text.as_str())
        .collect();
    next.is_empty()
        || next.iter().any(|t| {
            t.contains(['。', '，', '；', '：', '！', '？', ',', ';'])
                || t.chars().count() > PLAIN_TITLE_CHARS
                || block_marker(t).is_some()
        })
}

/// Most short lines read as the masthead, title and byline block.
const FRONT_MAX_LINES: usize = 12;

/// Marks the masthead, title and byline at the top of the document; returns the index in
/// `kept` where the body starts.
fn front_matter(
    lines: &[Line],
    kept: &[usize],
    furniture: &mut [Option<Furniture>],
    roles: &mut [Role],
    wrap: Option<usize>,
) -> usize {
    let max_width = wrap.map_or(FRONT_MAX_WIDTH, |w| w * 3 / 4);
    let mut n = 0;
    while n < kept.len() && n < FRONT_MAX_LINES {
        let line = &lines[kept[n]];
        let t = line.text.as_str();
        // A masthead may be padded wide (`江苏社科成果要报        2024年第12期`).
        let fits = display_width(t) <= max_width || line.bold.whole || MASTHEAD.is_match(t);
        let sentence = ends_sentence(t) || t.ends_with('；');
        // A bare section name (`存在的主要问题`) under the title opens the body.
        if !fits || sentence || block_marker(t).is_some() || n > 0 && is_section_name(t) {
            break;
        }
        n += 1;
    }
    // Short lines that go on into a sentence (`…所作的` / `政府工作报告` / `。会议…`: a scraped
    // link broken out onto its own line) open the body, not a title; only a title above a
    // note that closes it (`（…会议通过）`) stands.
    let runs_on = kept.get(n).is_some_and(|&next| {
        lines[next].text.starts_with(LINE_CANNOT_START)
            || n > 0 && ends_mid_sentence(&lines[kept[n - 1]].text)
    });
    if runs_on {
        n = kept[..n]
            .iter()
            .position(|&i| is_title_note(&lines[i].text))
            .map_or(0, |p| p + 1);
    }
    if n == 0 {
        return 0;
    }
    // A page of short lines only (a one-line post, a list, a journal issue's contents) has no
    // front matter above a body: the short lines are its text, under the first as its title.
    if n >= 2 && (n == kept.len() || n == FRONT_MAX_LINES) {
        roles[kept[0]] = Role::Title;
        return 1;
    }
    let mut title_start = 0;
    for (p, &i) in kept[..n].iter().enumerate() {
        if MASTHEAD.is_match(&lines[i].text) {
            furniture[i] = Some(Furniture::Masthead);
            title_start = p + 1;
        }
    }
    let mut title_end = n;
    let note = kept[title_start..n]
        .iter()
        .position(|&i| is_title_note(&lines[i].text));
    if let Some(p) = note.filter(|&p| p > 0) {
        // The note and the speaker's lines under it (`国务院总理` / `李强`) are the byline.
        title_end = title_start + p;
        for &i in &kept[title_end..n] {
            roles[i] = Role::Byline;
        }
    } else if n - title_start >= 2 && is_byline(&lines[kept[n - 1]].text) {
        roles[kept[n - 1]] = Role::Byline;
        title_end = n - 1;
    }
    for &i in &kept[title_start..title_end] {
        roles[i] = Role::Title;
    }
    n
}

/// Joins the lines of a title that is one phrase broken by the layout (a 公文 title over
/// three lines), with a space only before a standard's part title (`第1部分：…`).
pub fn join_phrase<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() && is_part_title(part) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// A standard's part title (GB/T 1.1: `第1部分：通用要求`).
fn is_part_title(part: &str) -> bool {
    part.starts_with('第') && part.contains("部分")
}

/// Joins the lines of a multi-line title: with a space between the two parts of a two-part
/// title (`共建长江口产业创新协同区` + `推进长三角一体化发展`, each led by a verb), without one
/// where the layout broke a phrase (`…带头人` + `队伍建设的实现路径`).
pub fn join_title<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        // A standard's part title goes on its own line (`核电厂定期安全评价` + `第1部分：通用要求`).
        if !out.is_empty() && (starts_with_lead_verb(part) || is_part_title(part)) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        for s in [
            "吴新明",
            "省人大常委会 朱晓明",
            "南京市社科院 黄 南",
            "作者：李明",
            "江苏省社科院课题组",
            "课题组 研究员 张三",
            "课题组负责人：李四",
            "课题组成员：王五、赵六",
            "执笔：王五",
            "研究员 赵六",
            "副教授 钱七",
        ] {
            assert!(is_byline(s), "{s}");
        }
        for s in [
            "江苏先进制造业集群建设的突出短板 及对策建议",
            "推进长三角一体化发展",
            "深化南北产业协作促进区域高质量协同发展",
            "关于加强课题组管理的若干建议",
            "组建跨区域联合课题组，开展协同攻关。",
            "研究员制度改革的对策建议",
        ] {
            assert!(!is_byline(s), "{s}");
        }
    }

    #[test]
    fn multi_line_titles() {
        assert_eq!(
            join_title(["促进江苏省开放型区域创新体系建设的", "对策建议"].into_iter()),
            "促进江苏省开放型区域创新体系建设的对策建议"
        );
        assert_eq!(
            join_title(["共建长江口产业创新协同区", "推进长三角一体化发展"].into_iter()),
            "共建长江口产业创新协同区 推进长三角一体化发展"
        );
    }
}
