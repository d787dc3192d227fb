//! Word headings without numbers. A paragraph Word shows as a heading (style `标题 1` /
//! `heading 2`, or an outline level set on the paragraph or its style, inherited through
//! `w:basedOn`) often carries no `一、` in its text and no list numbering. The segmenter reads
//! structure from markers, so this module gives such headings the marker official writing
//! uses for their depth (`一、`, `（一）`, `1.`, `（1）`), counted per parent heading.

use std::collections::HashMap;

use super::error::SkipReason;
use super::wordml::{attr, attr_u32};
use crate::numbering::block_marker;

/// Word's outline levels are 0-8; 9 means body text.
const BODY_TEXT: u32 = 9;
/// How many heading depths get a marker: the four forms of official writing.
const DEPTHS: usize = 4;
/// Longest `basedOn` chain followed (a cycle in a damaged file must not loop).
const MAX_CHAIN: usize = 16;

/// The outline level of each paragraph style of a document, by style id.
#[derive(Debug, Default)]
pub(crate) struct HeadingStyles {
    levels: HashMap<String, u8>,
}

/// One style as written in `styles.xml`.
#[derive(Default)]
struct RawStyle {
    id: String,
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u32>,
}

impl HeadingStyles {
    /// Reads the paragraph styles of `styles.xml`.
    pub(crate) fn parse(xml: &str) -> Result<HeadingStyles, SkipReason> {
        let mut raw: HashMap<String, RawStyle> = HashMap::new();
        let mut current: Option<RawStyle> = None;
        super::docx_numbering::for_each_element(xml, |name, e| match name {
            b"style" => {
                if let Some(s) = current.take() {
                    raw.insert(s.id.clone(), s);
                }
                let paragraph = attr(e, b"type").is_none_or(|t| t == "paragraph");
                current = attr(e, b"styleId")
                    .filter(|_| paragraph)
                    .map(|id| RawStyle {
                        id,
                        ..RawStyle::default()
                    });
            }
            b"name" => {
                if let Some(s) = current.as_mut() {
                    s.name = attr(e, b"val");
                }
            }
            b"basedOn" => {
                if let Some(s) = current.as_mut() {
                    s.based_on = attr(e, b"val");
                }
            }
            b"outlineLvl" => {
                if let Some(s) = current.as_mut() {
                    s.outline = attr_u32(e, b"val");
                }
            }
            _ => {}
        })?;
        if let Some(s) = current.take() {
            raw.insert(s.id.clone(), s);
        }
        let levels = raw
            .keys()
            .filter_map(|id| style_level(&raw, id).map(|l| (id.clone(), l)))
            .collect();
        Ok(HeadingStyles { levels })
    }

    /// The outline level of a paragraph: its own `w:outlineLvl`, else its style's.
    pub(crate) fn level(&self, own: Option<u32>, style: Option<&str>) -> Option<u8> {
        match own {
            Some(l) => outline(l),
            None => style.and_then(|s| self.levels.get(s).copied()),
        }
    }
}

/// A style's level: its own outline level, else the one its name gives (`heading 2`,
/// `标题 2`), else its base style's.
fn style_level(raw: &HashMap<String, RawStyle>, id: &str) -> Option<u8> {
    let mut style = raw.get(id)?;
    for _ in 0..MAX_CHAIN {
        if let Some(l) = style.outline {
            return outline(l);
        }
        if let Some(l) = style.name.as_deref().and_then(name_level) {
            return Some(l);
        }
        style = raw.get(style.based_on.as_deref()?)?;
    }
    None
}

fn outline(level: u32) -> Option<u8> {
    (level < BODY_TEXT).then_some(level as u8)
}

/// `heading 1` (Word's built-in name, whatever the display language) or `标题 1`: level 0.
fn name_level(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let n = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u32 = n.trim().parse().ok()?;
    (1..=BODY_TEXT).contains(&n).then(|| (n - 1) as u8)
}

/// What the reader knows of one kept paragraph.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Outline {
    /// Its outline level, when Word shows it as a heading.
    pub level: Option<u8>,
    /// Bytes of the marker Word's list numbering put before its text (0 when none).
    pub list_marker: usize,
}

/// Leads each heading of `paragraphs` that has no marker the segmenter reads with the one its
/// depth takes.
///
/// Depth is the heading's place in Word's outline: the number of open headings above it, so a
/// document whose headings start at `heading 2` still opens with `一、`. Title lines are no
/// section: the headings that open the document before any body text when no later heading
/// shares their level (公文 lead with their 标题, sometimes under a label such as `附件1`), and
/// a heading that repeats the cover's title (a standard prints its name again above its first
/// chapter, GB/T 1.1), which is dropped; the headings under such a repeat count from the top
/// again. The title
/// of a table of contents (`目次`, `目录`) is left as written: the cleaner knows it by its
/// words. A heading Word numbers in a form the segmenter does not read (a standard's clause
/// numbers `5.1　`) keeps that number after the depth marker.
pub(crate) fn mark_headings(paragraphs: &mut Vec<String>, outline: &[Outline]) {
    let n = paragraphs.len().min(outline.len());
    let mut title = vec![false; n];
    for i in leading_title(outline) {
        title[i] = true;
    }
    let repeats = title_repeats(paragraphs, outline);
    for &i in &repeats {
        title[i] = true;
    }
    let mut open: Vec<u8> = Vec::new();
    let mut counts = [0u32; DEPTHS];
    for i in 0..n {
        let Some(level) = outline[i].level else {
            continue;
        };
        if title[i] {
            open.clear();
            continue;
        }
        if is_contents_title(&paragraphs[i]) {
            continue;
        }
        while open.last().is_some_and(|&l| l >= level) {
            open.pop();
        }
        let depth = open.len();
        open.push(level);
        if depth >= DEPTHS {
            continue;
        }
        counts[depth] += 1;
        counts[depth + 1..].iter_mut().for_each(|c| *c = 0);
        // A heading both in a list and at an outline level takes its depth from the outline:
        // the list's marker (`1.` at list level 0 on a `标题 2`) would nest it by its form.
        // A clause number (`5.1　`) already says its depth.
        let listed = outline[i].list_marker.min(paragraphs[i].len());
        if listed > 0
            && paragraphs[i].is_char_boundary(listed)
            && !block_marker(&paragraphs[i])
                .is_some_and(|m| matches!(m.form, crate::numbering::BlockForm::Clause(_)))
        {
            paragraphs[i].replace_range(..listed, "");
            let trimmed = paragraphs[i].trim_start().len();
            let cut = paragraphs[i].len() - trimmed;
            paragraphs[i].replace_range(..cut, "");
        }
        if has_own_number(&paragraphs[i]) {
            continue;
        }
        let mut m = marker(depth, counts[depth]);
        if paragraphs[i].starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            // `1.` before Word's `5.2.1` would read as one number.
            m.push(' ');
        }
        paragraphs[i].insert_str(0, &m);
    }
    // The repeated title is neither a section nor content.
    let mut i = 0;
    paragraphs.retain(|_| {
        i += 1;
        !repeats.contains(&(i - 1))
    });
}

/// Most title lines a document opens with (a label, the title, a subtitle).
const MAX_TITLE_LINES: usize = 3;

/// The headings that open the document before any body text, all at one level that no later
/// heading takes or goes above: its title lines.
fn leading_title(outline: &[Outline]) -> std::ops::Range<usize> {
    let Some(top) = outline.first().and_then(|o| o.level) else {
        return 0..0;
    };
    let run = outline.iter().take_while(|o| o.level == Some(top)).count();
    let later = outline[run..]
        .iter()
        .any(|o| o.level.is_some_and(|l| l <= top));
    if run > MAX_TITLE_LINES || later || run == outline.len() {
        return 0..0;
    }
    0..run
}

/// Paragraphs examined for the cover's title, at most.
const COVER_PARAGRAPHS: usize = 40;
/// Share of the longer of two titles the shorter must spell in order to repeat it (a
/// standard's body drops a word of its cover name: `…评价指南` above, `…评价` below).
const REPEAT_SHARE: f64 = 0.85;
/// Shortest heading compared with the cover, in letters.
const REPEAT_MIN_CHARS: usize = 6;

/// Headings that repeat the title printed on the cover (the paragraphs before the first
/// heading and before any table of contents), over one to three of its paragraphs.
fn title_repeats(paragraphs: &[String], outline: &[Outline]) -> Vec<usize> {
    let first_heading = outline
        .iter()
        .position(|o| o.level.is_some())
        .unwrap_or(outline.len());
    // The cover ends where a table of contents begins: its entries name the sections, and
    // a section is no title.
    let cover: Vec<Vec<char>> = paragraphs[..first_heading.min(COVER_PARAGRAPHS)]
        .iter()
        .take_while(|p| !is_contents_title(p))
        .filter(|p| block_marker(p).is_none())
        .map(|p| letters(p))
        .collect();
    (first_heading..paragraphs.len().min(outline.len()))
        .filter(|&i| outline[i].level.is_some())
        .filter(|&i| {
            let h = letters(&paragraphs[i]);
            h.len() >= REPEAT_MIN_CHARS && repeats_cover(&h, &cover)
        })
        .collect()
}

fn repeats_cover(heading: &[char], cover: &[Vec<char>]) -> bool {
    (0..cover.len()).any(|start| {
        let mut window: Vec<char> = Vec::new();
        for p in cover.iter().skip(start).take(MAX_TITLE_LINES) {
            window.extend(p);
            if window.len() as f64 * REPEAT_SHARE > heading.len() as f64 + 1.0
                && heading.len() as f64 * REPEAT_SHARE > window.len() as f64 + 1.0
            {
                break;
            }
            let longer = window.len().max(heading.len()) as f64;
            if common_subsequence(heading, &window) as f64 >= REPEAT_SHARE * longer {
                return true;
            }
        }
        false
    })
}

/// The letters and digits of a text: what two spellings of one title share.
fn letters(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Length of the longest common subsequence of two short texts.
fn common_subsequence(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diag = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { above.max(row[j]) };
            diag = above;
        }
    }
    row[b.len()]
}

/// `目次` or `目录`, however spaced.
fn is_contents_title(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t == "目次" || t == "目录"
}

/// A heading that numbers itself: a block marker, a written-out chapter (`第三章`), or an
/// appendix named by its label (`附表：…`, `附录A`, `附件2`), which stands outside the
/// numbered sections.
fn has_own_number(text: &str) -> bool {
    let text = text.trim_start();
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(2)
        .collect();
    block_marker(text).is_some()
        || matches!(squeezed.as_str(), "附表" | "附录" | "附件" | "附图")
        || text.strip_prefix('第').is_some_and(|rest| {
            rest.chars()
                .take(6)
                .any(|c| matches!(c, '章' | '节' | '编' | '部' | '篇'))
        })
}

fn marker(depth: usize, n: u32) -> String {
    let cn = super::docx_numbering::chinese(n);
    match depth {
        0 => format!("{cn}、"),
        1 => format!("（{cn}）"),
        2 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    #[test]
    fn levels_come_from_names_outline_levels_and_base_styles() {
        let styles = format!(
            "<w:styles {W}>\
             <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"标题 2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Big\"><w:name w:val=\"大标题\"/>\
               <w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"我的\"/><w:basedOn w:val=\"Big\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Body\"><w:name w:val=\"heading 3\"/>\
               <w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"L1\"><w:basedOn w:val=\"L2\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"L2\"><w:basedOn w:val=\"L1\"/></w:style>\
             <w:style w:type=\"character\" w:styleId=\"c\"><w:name w:val=\"heading 1 Char\"/></w:style>\
             </w:styles>"
        );
        let h = HeadingStyles::parse(&styles).unwrap_or_default();
        assert_eq!(h.level(None, Some("1")), Some(0));
        assert_eq!(h.level(None, Some("a5")), Some(1));
        assert_eq!(h.level(None, Some("Big")), Some(2));
        assert_eq!(h.level(None, Some("Mine")), Some(2));
        assert_eq!(h.level(None, Some("Body")), None);
        assert_eq!(h.level(None, Some("L1")), None);
        assert_eq!(h.level(None, Some("c")), None);
        assert_eq!(h.level(Some(9), Some("1")), None);
        assert_eq!(h.level(Some(1), None), Some(1));
    }

    #[test]
    fn unnumbered_headings_get_markers_counted_per_parent() {
        let mut paragraphs: Vec<String> = [
            "关于推进集群发展的意见",
            "总体要求",
            "正文。",
            "重点任务",
            "培育机构",
            "正文。",
            "完善机制",
            "三、保障措施",
            "加强组织",
        ]
        .map(String::from)
        .to_vec();
        let at = |level: Option<u8>| Outline {
            level,
            list_marker: 0,
        };
        let outline = [
            at(Some(0)),
            at(Some(1)),
            at(None),
            at(Some(1)),
            at(Some(2)),
            at(None),
            at(Some(2)),
            at(Some(1)),
            at(Some(2)),
        ];
        mark_headings(&mut paragraphs, &outline);
        assert_eq!(
            paragraphs,
            [
                "关于推进集群发展的意见",
                "一、总体要求",
                "正文。",
                "二、重点任务",
                "（一）培育机构",
                "正文。",
                "（二）完善机制",
                "三、保障措施",
                "（一）加强组织",
            ]
        );
    }
}
