//! The numbering grammar of Chinese official writing: the markers that open headings and
//! enumerated items (`一、` `（一）` `1.` `（1）` `①`) and the inline enumerations inside a
//! paragraph (`一是…二是…`, `一要…二要…`, `第一，…`, `一方面…另一方面…`).

/// The form of a block-level marker, which decides its level in the heading tree.
///
/// Levels are not fixed by the form: a document that starts at `1.` has `1.` at the top. The
/// segmenter nests forms in the order it meets them, as human readers do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockForm {
    /// `第一篇` (a part of a plan or a book): always above chapters.
    Part,
    /// `第一章`: always above sections and numbered headings.
    Chapter,
    /// `第一节`: always above numbered headings.
    Section,
    /// `一、`
    CnComma,
    /// `一` alone on its line, the heading on the next line.
    CnLone,
    /// `（一）` or `(一)`
    CnParen,
    /// `1.` `1．` `1、`
    Arabic,
    /// `（1）` or `(1)`
    ArabicParen,
    /// `①`
    Circled,
    /// A clause number of a standard (GB/T 1.1): `5.1`, `5.1.1`, `5.1.1.1`, or a chapter
    /// number `5` set off by an ideographic space or a tab. Its depth is the number of parts,
    /// whatever order the document introduces them in.
    Clause(u8),
    /// A proposal heading on its own line without any number (`加快培育集群促进机构`, as
    /// Word headings and web `<h3>` come out); made by the heading tree, never by
    /// [`block_marker`].
    Unmarked,
}

/// A block marker found at the start of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockMarker {
    /// Its form.
    pub form: BlockForm,
    /// Its number (1 for `一`, `1`, `①`).
    pub value: u32,
    /// Bytes the marker takes at the start of the text, including trailing spaces.
    pub len: usize,
}

/// The family of an inline enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InlineForm {
    /// `一是` / `一要` (mixed within one list in real documents: `一要…二要…三是…`).
    Shi,
    /// `第一，` / `第一、`
    Ordinal,
    /// `一方面…另一方面`
    Aspect,
    /// `其一，…其二，…`
    Qi,
    /// `首先，…其次，…再次，…最后，…` ([`LAST`] for `最后`).
    Sequence,
}

/// The value of `最后` in a [`InlineForm::Sequence`]: it closes the list at whatever length.
pub const LAST: u32 = u32::MAX;

/// Words of a `首先…其次…最后` list and their places.
const SEQUENCE: [(&str, u32); 4] = [("首先", 1), ("其次", 2), ("再次", 3), ("最后", LAST)];

/// An inline marker found at a sentence start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineMarker {
    /// Its family.
    pub form: InlineForm,
    /// Its number (`另一方面` counts as 2).
    pub value: u32,
    /// Bytes the marker takes, including a following comma.
    pub len: usize,
}

/// Parses a Chinese numeral from 一 to 九十九 at the start of `s`; returns its value and byte
/// length.
pub fn cn_numeral(s: &str) -> Option<(u32, usize)> {
    fn digit(c: char) -> Option<u32> {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    }
    let mut chars = s.char_indices().peekable();
    let (_, first) = chars.next()?;
    let (mut value, mut end) = if first == '十' {
        (10, '十'.len_utf8())
    } else {
        let d = digit(first).filter(|&d| d > 0)?;
        match chars.peek() {
            Some(&(i, '十')) => {
                chars.next();
                (d * 10, i + '十'.len_utf8())
            }
            _ => return Some((d, first.len_utf8())),
        }
    };
    if let Some(&(i, c)) = chars.peek() {
        if let Some(d) = digit(c).filter(|&d| d > 0) {
            value += d;
            end = i + c.len_utf8();
        }
    }
    Some((value, end))
}

/// Parses ASCII or full-width digits at the start of `s` (up to three).
fn arabic_numeral(s: &str) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        if i >= 6 {
            return None;
        }
        value = value * 10 + d;
        end = i + c.len_utf8();
    }
    (end > 0 && value > 0).then_some((value, end))
}

fn skip_spaces(s: &str, from: usize) -> usize {
    let rest = &s[from..];
    from + (rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len())
}

impl BlockForm {
    /// The fixed rank of the division forms of long documents (`第一篇` above `第一章` above
    /// `第一节`), which contain whatever numbering runs inside them; `None` for the forms whose
    /// level the document's order decides.
    pub fn rank(self) -> Option<u8> {
        match self {
            BlockForm::Part => Some(0),
            BlockForm::Chapter => Some(1),
            BlockForm::Section => Some(2),
            _ => None,
        }
    }
}

/// Longest heading after a `第X章` marker written without a space, in characters: a longer
/// text is a sentence that happens to start with the words.
const DIVISION_HEADING_MAX_CHARS: usize = 40;

/// Recognises a division of a long document: `第一篇`, `第十二章`, `第3节`, followed by a
/// space, nothing, or a short heading (`第一章发展环境`). Articles of a law (`第十二条`) are not
/// divisions: they are the law's text.
fn division_marker(s: &str) -> Option<BlockMarker> {
    let rest = s.strip_prefix('第')?;
    let (value, n) = cn_numeral(rest).or_else(|| arabic_numeral(rest))?;
    let after = &rest[n..];
    let unit = after.chars().next()?;
    let form = match unit {
        '篇' => BlockForm::Part,
        '章' => BlockForm::Chapter,
        '节' => BlockForm::Section,
        _ => return None,
    };
    let heading = &after[unit.len_utf8()..];
    let spaced = heading.is_empty() || heading.starts_with([' ', '\u{3000}', '\t']);
    let short = heading.chars().count() <= DIVISION_HEADING_MAX_CHARS && !heading.contains('。');
    // `第一篇文章` is a phrase; a part's heading is set apart by a space.
    let fits = spaced || short && form != BlockForm::Part;
    fits.then(|| BlockMarker {
        form,
        value,
        len: skip_spaces(s, '第'.len_utf8() + n + unit.len_utf8()),
    })
}

/// Recognises a block marker at the start of a paragraph or line.
///
/// `1.5万` and `2020年` are not markers: an Arabic number must be followed by a separator and
/// then by something other than a digit. A lone Chinese numeral counts only when it is the
/// whole text.
pub fn block_marker(s: &str) -> Option<BlockMarker> {
    let first = s.chars().next()?;
    if first == '第' {
        return division_marker(s);
    }
    if let Some((value, n)) = cn_numeral(s) {
        let rest = &s[n..];
        if rest.trim().is_empty() {
            return Some(BlockMarker {
                form: BlockForm::CnLone,
                value,
                len: s.len(),
            });
        }
        if rest.starts_with('、') {
            let len = skip_spaces(s, n + '、'.len_utf8());
            return Some(BlockMarker {
                form: BlockForm::CnComma,
                value,
                len,
            });
        }
        return None;
    }
    if first == '（' || first == '(' {
        let inner = &s[first.len_utf8()..];
        let (value, n, form) = match cn_numeral(inner) {
            Some((v, n)) => (v, n, BlockForm::CnParen),
            None => {
                let (v, n) = arabic_numeral(inner)?;
                (v, n, BlockForm::ArabicParen)
            }
        };
        let close = inner[n..].chars().next()?;
        if close != '）' && close != ')' {
            return None;
        }
        let len = skip_spaces(s, first.len_utf8() + n + close.len_utf8());
        return Some(BlockMarker { form, value, len });
    }
    if let Some(p) = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".chars().position(|c| c == first)
    {
        let len = skip_spaces(s, first.len_utf8());
        return Some(BlockMarker {
            form: BlockForm::Circled,
            value: p as u32 + 1,
            len,
        });
    }
    if let Some(m) = clause_marker(s) {
        return Some(m);
    }
    let (value, n) = arabic_numeral(s)?;
    if value > 99 {
        return None;
    }
    let sep = s[n..].chars().next()?;
    if matches!(sep, ')' | '）') {
        // `1)` is written for `（1）`, one level with it.
        return Some(BlockMarker {
            form: BlockForm::ArabicParen,
            value,
            len: skip_spaces(s, n + sep.len_utf8()),
        });
    }
    // `﹒` (small full stop) is what some database exports print for the full stop.
    if !matches!(sep, '.' | '．' | '、' | '﹒') {
        return None;
    }
    let after = n + sep.len_utf8();
    let next = s[after..].chars().next();
    if next.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    Some(BlockMarker {
        form: BlockForm::Arabic,
        value,
        len: skip_spaces(s, after),
    })
}

/// Deepest clause a standard numbers (GB/T 1.1 allows five levels below the chapter).
const CLAUSE_MAX_PARTS: u8 = 6;
/// Longest chapter heading after a one-part clause number, in characters.
const CHAPTER_HEADING_MAX_CHARS: usize = 40;

/// Words that make a number a quantity (`5.1 万`, `3.5 倍`, `2.0.1版`) or a reference
/// (`5.2.2节`), not a clause number.
fn is_quantity_word(c: char) -> bool {
    "万亿千百倍个%％‰年月日元吨米人家项次座台件亩克升度号版条章节款".contains(c)
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Longest clause heading glued to a two-part number, in characters.
const GLUED_HEADING_MAX_CHARS: usize = 30;

fn is_short_heading(text: &str) -> bool {
    text.chars().count() <= GLUED_HEADING_MAX_CHARS
        && !text.contains(['。', '，', '；', '：', ',', ';', ':'])
}

/// Recognises a clause number of a standard at the start of `s`: two parts or more (`5.1`,
/// `6.1.2`) followed by a space, or by the heading itself from three parts on (a two-part
/// number glued to its text is a decimal: `5.1万平方公里`); or one part set off by an
/// ideographic space or a tab and followed by a short heading (`1　范围`), as the standard
/// template writes chapters.
fn clause_marker(s: &str) -> Option<BlockMarker> {
    let mut parts = 0u8;
    let mut end = 0usize;
    loop {
        let (v, n) = arabic_numeral(&s[end..])?;
        if v > 99 {
            return None;
        }
        parts = parts.saturating_add(1);
        end += n;
        let rest = &s[end..];
        let Some(dot) = rest.chars().next().filter(|c| matches!(c, '.' | '．')) else {
            break;
        };
        let after = &rest[dot.len_utf8()..];
        if !after.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            break;
        }
        end += dot.len_utf8();
    }
    if parts > CLAUSE_MAX_PARTS {
        return None;
    }
    let rest = &s[end..];
    let spaced = rest.starts_with([' ', '\u{3000}', '\t']);
    let len = skip_spaces(s, end);
    let text = &s[len..];
    let first = text.chars().next()?;
    if first.is_ascii_digit() || ('０'..='９').contains(&first) || is_quantity_word(first) {
        return None;
    }
    let fits = match parts {
        1 => {
            rest.starts_with(['\u{3000}', '\t'])
                && !first.is_ascii_punctuation()
                && text.chars().count() <= CHAPTER_HEADING_MAX_CHARS
                && !text.contains('。')
        }
        // A decimal glued to a word is a quantity (`5.1万`, `3.5倍`); a short line that
        // is only a number and words is a clause heading (`6.2差异项分析及处置`).
        2 => spaced || is_ideograph(first) && is_short_heading(text),
        _ => spaced || !first.is_ascii_punctuation() && !"、，。．）)".contains(first),
    };
    fits.then_some(BlockMarker {
        form: BlockForm::Clause(parts),
        value: 1,
        len,
    })
}

/// Recognises an inline enumeration marker at the start of `s`, which the caller has already
/// placed at a sentence start.
pub fn inline_marker(s: &str) -> Option<InlineMarker> {
    for (word, value) in SEQUENCE {
        if let Some(rest) = s.strip_prefix(word) {
            return Some(InlineMarker {
                form: InlineForm::Sequence,
                value,
                len: with_comma(s, rest),
            });
        }
    }
    if let Some(rest) = s.strip_prefix('其') {
        let (value, n) = cn_numeral(rest)?;
        let after = &rest[n..];
        // `其一，` opens an item; `其一是` or `其中` do not.
        return matches!(after.chars().next(), Some('，' | ',' | '：' | ':')).then(|| {
            InlineMarker {
                form: InlineForm::Qi,
                value,
                len: with_comma(s, after),
            }
        });
    }
    if let Some(rest) = s.strip_prefix("另一方面") {
        return Some(InlineMarker {
            form: InlineForm::Aspect,
            value: 2,
            len: with_comma(s, rest),
        });
    }
    if let Some(rest) = s.strip_prefix("一方面") {
        return Some(InlineMarker {
            form: InlineForm::Aspect,
            value: 1,
            len: with_comma(s, rest),
        });
    }
    if let Some(rest) = s.strip_prefix('第') {
        let (value, n) = cn_numeral(rest)?;
        let after = &rest[n..];
        let sep = after.chars().next()?;
        if matches!(sep, '，' | ',' | '、') {
            let len = s.len() - after.len() + sep.len_utf8();
            return Some(InlineMarker {
                form: InlineForm::Ordinal,
                value,
                len,
            });
        }
        return None;
    }
    let (value, n) = cn_numeral(s)?;
    let rest = &s[n..];
    if rest.starts_with('是') || rest.starts_with('要') {
        let after = &rest['是'.len_utf8()..];
        // `一是` must open a clause: `一是到2020年` is fine, but `一是一` is not a list.
        if after.is_empty() {
            return None;
        }
        return Some(InlineMarker {
            form: InlineForm::Shi,
            value,
            len: with_comma(s, after),
        });
    }
    None
}

fn with_comma(s: &str, rest: &str) -> usize {
    let used = s.len() - rest.len();
    match rest.chars().next() {
        Some(c @ ('，' | ',' | '：' | ':')) => used + c.len_utf8(),
        _ => used,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_parse_to_ninety_nine() {
        assert_eq!(cn_numeral("一、"), Some((1, 3)));
        assert_eq!(cn_numeral("十"), Some((10, 3)));
        assert_eq!(cn_numeral("十二是"), Some((12, 6)));
        assert_eq!(cn_numeral("二十三"), Some((23, 9)));
        assert_eq!(cn_numeral("是"), None);
    }

    #[test]
    fn every_block_form_is_recognised() {
        fn m(s: &str) -> Option<(BlockForm, u32, &str)> {
            block_marker(s).map(|x| (x.form, x.value, &s[x.len..]))
        }
        assert_eq!(
            m("一、先进制造业"),
            Some((BlockForm::CnComma, 1, "先进制造业"))
        );
        assert_eq!(
            m("（二）锚定突出短板"),
            Some((BlockForm::CnParen, 2, "锚定突出短板"))
        );
        assert_eq!(m("(三) 涵养"), Some((BlockForm::CnParen, 3, "涵养")));
        assert_eq!(
            m("1.推进空间协同"),
            Some((BlockForm::Arabic, 1, "推进空间协同"))
        );
        assert_eq!(m("12、推进"), Some((BlockForm::Arabic, 12, "推进")));
        assert_eq!(m("３．推进"), Some((BlockForm::Arabic, 3, "推进")));
        assert_eq!(m("3﹒加快"), Some((BlockForm::Arabic, 3, "加快")));
        assert_eq!(m("（1）建立"), Some((BlockForm::ArabicParen, 1, "建立")));
        assert_eq!(m("3) 强化"), Some((BlockForm::ArabicParen, 3, "强化")));
        assert_eq!(m("４）加强"), Some((BlockForm::ArabicParen, 4, "加强")));
        assert_eq!(m("②完善"), Some((BlockForm::Circled, 2, "完善")));
        assert_eq!(m("四"), Some((BlockForm::CnLone, 4, "")));
    }

    #[test]
    fn divisions_of_long_documents() {
        fn m(s: &str) -> Option<(BlockForm, u32, &str)> {
            block_marker(s).map(|x| (x.form, x.value, &s[x.len..]))
        }
        assert_eq!(
            m("第一篇　乘势而上"),
            Some((BlockForm::Part, 1, "乘势而上"))
        );
        assert_eq!(
            m("第十二章 发展环境"),
            Some((BlockForm::Chapter, 12, "发展环境"))
        );
        assert_eq!(
            m("第三节推进产城融合"),
            Some((BlockForm::Section, 3, "推进产城融合"))
        );
        assert_eq!(m("第十二条 加强管理。"), None);
        assert_eq!(m("第一篇文章的标题"), None);
        assert_eq!(m("第一，完善"), None);
        assert!(BlockForm::Part.rank() < BlockForm::Chapter.rank());
        assert_eq!(BlockForm::CnComma.rank(), None);
    }

    #[test]
    fn numbers_in_running_text_are_not_markers() {
        assert_eq!(block_marker("5.1万平方公里"), None);
        assert_eq!(block_marker("2020 年 12 月"), None);
        assert_eq!(block_marker("1－2个最具核心竞争力"), None);
        assert_eq!(block_marker("一，推动城市群"), None);
        assert_eq!(block_marker("一体化发展"), None);
    }

    #[test]
    fn clause_numbers_of_standards() {
        fn m(s: &str) -> Option<(BlockForm, &str)> {
            block_marker(s).map(|x| (x.form, &s[x.len..]))
        }
        assert_eq!(
            m("5.1　确定评价范围和内容"),
            Some((BlockForm::Clause(2), "确定评价范围和内容"))
        );
        assert_eq!(
            m("5.1.1 一般而言，范围应包括以下要素："),
            Some((BlockForm::Clause(3), "一般而言，范围应包括以下要素："))
        );
        assert_eq!(
            m("6.1.2差异项分析及处置"),
            Some((BlockForm::Clause(3), "差异项分析及处置"))
        );
        assert_eq!(
            m("6.3.2.1 实际状态评价"),
            Some((BlockForm::Clause(4), "实际状态评价"))
        );
        assert_eq!(m("1　范围"), Some((BlockForm::Clause(1), "范围")));
        assert_eq!(m("5.1万平方公里"), None);
        assert_eq!(
            m("6.2差异项分析及处置"),
            Some((BlockForm::Clause(2), "差异项分析及处置"))
        );
        assert_eq!(m("2.5亿元用于改造"), None);
        assert_eq!(m("3.2公里的道路已经完成改造，剩余部分明年完成"), None);
        assert_eq!(m("1.5 万吨"), None);
        assert_eq!(m("5.2.2节规定的范围"), None);
        assert_eq!(m("3　年内完成全部改造任务"), None);
        assert_eq!(m("1 范围"), None);
        assert_eq!(m("1.推进"), Some((BlockForm::Arabic, "推进")));
    }

    #[test]
    fn inline_forms() {
        fn m(s: &str) -> Option<(InlineForm, u32, &str)> {
            inline_marker(s).map(|x| (x.form, x.value, &s[x.len..]))
        }
        assert_eq!(
            m("一是加强规划引领"),
            Some((InlineForm::Shi, 1, "加强规划引领"))
        );
        assert_eq!(m("三要坚持运用"), Some((InlineForm::Shi, 3, "坚持运用")));
        assert_eq!(m("第二，完善"), Some((InlineForm::Ordinal, 2, "完善")));
        assert_eq!(
            m("另一方面，要加快"),
            Some((InlineForm::Aspect, 2, "要加快"))
        );
        assert_eq!(m("一方面要加快"), Some((InlineForm::Aspect, 1, "要加快")));
        assert_eq!(m("一体化"), None);
        assert_eq!(m("第一产业"), None);
        assert_eq!(m("首先，要完善"), Some((InlineForm::Sequence, 1, "要完善")));
        assert_eq!(m("其次要健全"), Some((InlineForm::Sequence, 2, "要健全")));
        assert_eq!(m("最后，推进"), Some((InlineForm::Sequence, LAST, "推进")));
        assert_eq!(m("其三，强化"), Some((InlineForm::Qi, 3, "强化")));
        assert_eq!(m("其中，重点"), None);
        assert_eq!(m("其一是"), None);
    }
}
