//! Word's automatic list numbering. A paragraph numbered by Word (`<w:numPr>`, directly or
//! through its paragraph style) holds no `一、` or `1.` in its text: the number is drawn from
//! `word/numbering.xml`. Official documents number their headings and proposals this way as
//! often as by hand, and the segmenter needs the markers to see the structure, so this module
//! rebuilds them: `chineseCounting` level text `%1、` on the third paragraph gives `三、`.
//!
//! Counters run per abstract numbering definition, as Word continues a list across the list
//! instances that share one; a paragraph at one level restarts every deeper level.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::error::SkipReason;
use super::wordml::{attr, attr_u32, WORDML_NS};

/// Deepest list level Word defines (levels 0-8).
const LEVELS: usize = 9;

/// How a level writes its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFmt {
    Decimal,
    Chinese,
    Circled,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    TianGan,
    /// Bullets and `none`: the paragraph gets no marker.
    NoNumber,
}

impl NumFmt {
    fn from_word(val: &str) -> NumFmt {
        match val {
            "chineseCounting"
            | "chineseCountingThousand"
            | "japaneseCounting"
            | "chineseLegalSimplified"
            | "ideographDigital"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand" => NumFmt::Chinese,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFmt::Circled,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "ideographTraditional" => NumFmt::TianGan,
            "bullet" | "none" => NumFmt::NoNumber,
            // decimal, decimalZero, decimalFullWidth, decimalHalfWidth and the rest.
            _ => NumFmt::Decimal,
        }
    }

    fn write(self, n: u32) -> String {
        match self {
            NumFmt::Decimal | NumFmt::NoNumber => n.to_string(),
            NumFmt::Chinese => chinese(n),
            NumFmt::Circled => match char::from_u32(0x2460 + n.saturating_sub(1)) {
                Some(c) if (1..=20).contains(&n) => c.to_string(),
                _ => format!("({n})"),
            },
            NumFmt::LowerLetter => letters(n).to_lowercase(),
            NumFmt::UpperLetter => letters(n),
            NumFmt::LowerRoman => roman(n).to_lowercase(),
            NumFmt::UpperRoman => roman(n),
            NumFmt::TianGan => "甲乙丙丁戊己庚辛壬癸"
                .chars()
                .nth(n.saturating_sub(1) as usize)
                .map_or_else(|| n.to_string(), String::from),
        }
    }
}

/// `n` in Chinese numerals as official documents write list numbers (`十一`, `二十`).
pub(crate) fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// `A`…`Z`, then `AA`, `BB`… as Word writes letter numbering.
fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, (n as usize - 1) / 26 + 1).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Level {
    fmt: NumFmt,
    text: String,
    start: u32,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            fmt: NumFmt::Decimal,
            text: String::new(),
            start: 1,
        }
    }
}

/// A paragraph's list membership: `w:numId` and `w:ilvl`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NumRef {
    /// The list instance; 0 means "not numbered" in Word.
    pub num_id: u32,
    /// The level, 0-8.
    pub level: u8,
}

/// A paragraph's own `w:numPr`, each part as far as it is given: a paragraph may set only
/// `w:ilvl` and take its list from its style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OwnNumPr {
    /// `w:numId`, when the paragraph sets it (0 switches numbering off).
    pub num_id: Option<u32>,
    /// `w:ilvl`, when the paragraph sets it.
    pub level: Option<u8>,
}

impl From<NumRef> for OwnNumPr {
    fn from(r: NumRef) -> Self {
        OwnNumPr {
            num_id: Some(r.num_id),
            level: Some(r.level),
        }
    }
}

/// The list definitions of one document and the counters of the lists read so far.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    /// Abstract definitions by id: the format of each level.
    abstracts: HashMap<u32, Vec<Level>>,
    /// List instances: their abstract definition.
    nums: HashMap<u32, u32>,
    /// Paragraph styles that number their paragraphs (`标题 1` with a list attached).
    styles: HashMap<String, NumRef>,
    /// Current count per abstract definition and level.
    counts: HashMap<u32, [Option<u32>; LEVELS]>,
}

impl Numbering {
    /// Reads `numbering.xml` and, if present, `styles.xml`.
    pub(crate) fn parse(numbering: &str, styles: Option<&str>) -> Result<Numbering, SkipReason> {
        let mut out = Numbering::default();
        out.read_numbering(numbering)?;
        if let Some(styles) = styles {
            out.read_styles(styles)?;
        }
        Ok(out)
    }

    /// The list a paragraph belongs to: what its own `w:numPr` sets, the rest from its
    /// style's (a paragraph numbered by `w:ilvl` alone is in its style's list at that level).
    pub(crate) fn resolve(&self, own: Option<OwnNumPr>, style: Option<&str>) -> Option<NumRef> {
        let styled = style.and_then(|s| self.styles.get(s).copied());
        let r = match own {
            Some(own) => NumRef {
                num_id: own.num_id.or(styled.map(|s| s.num_id))?,
                level: own.level.or(styled.map(|s| s.level)).unwrap_or(0),
            },
            None => styled?,
        };
        (r.num_id != 0).then_some(r)
    }

    /// The marker of the next paragraph of list `r` (`三、`, `（二）`, `1.`), advancing its
    /// counters; `None` for bullets, unknown lists and levels without a number.
    pub(crate) fn next_marker(&mut self, r: NumRef) -> Option<String> {
        let abstract_id = *self.nums.get(&r.num_id)?;
        let levels = self.abstracts.get(&abstract_id)?;
        let level = usize::from(r.level).min(LEVELS - 1);
        let def = levels.get(level)?;
        let counts = self.counts.entry(abstract_id).or_insert([None; LEVELS]);
        counts[level] = Some(counts[level].map_or(def.start, |c| c.saturating_add(1)));
        for deeper in counts.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if def.fmt == NumFmt::NoNumber || def.text.is_empty() {
            return None;
        }
        let mut marker = def.text.clone();
        for (l, lv) in levels.iter().enumerate().take(LEVELS).rev() {
            let placeholder = format!("%{}", l + 1);
            if marker.contains(&placeholder) {
                let n = counts[l].unwrap_or(lv.start);
                marker = marker.replace(&placeholder, &lv.fmt.write(n));
            }
        }
        Some(marker)
    }

    fn read_numbering(&mut self, xml: &str) -> Result<(), SkipReason> {
        let mut current_abstract: Option<u32> = None;
        let mut current_level: Option<usize> = None;
        let mut current_num: Option<u32> = None;
        for_each_element(xml, |name, e| match name {
            b"abstractNum" => {
                let id = attr_u32(e, b"abstractNumId");
                current_abstract = id;
                if let Some(id) = id {
                    self.abstracts.entry(id).or_default();
                }
            }
            b"lvl" => current_level = attr_u32(e, b"ilvl").map(|l| l as usize),
            b"num" => current_num = attr_u32(e, b"numId"),
            b"abstractNumId" => {
                if let (Some(num), Some(abs)) = (current_num, attr_u32(e, b"val")) {
                    self.nums.insert(num, abs);
                }
            }
            b"numFmt" | b"lvlText" | b"start" => {
                let (Some(abs), Some(l)) = (current_abstract, current_level) else {
                    return;
                };
                if l >= LEVELS {
                    return;
                }
                let levels = self.abstracts.entry(abs).or_default();
                if levels.len() <= l {
                    levels.resize(l + 1, Level::default());
                }
                let Some(val) = attr(e, b"val") else { return };
                match name {
                    b"numFmt" => levels[l].fmt = NumFmt::from_word(&val),
                    b"lvlText" => levels[l].text = val,
                    _ => levels[l].start = val.parse().unwrap_or(1),
                }
            }
            _ => {}
        })
    }

    fn read_styles(&mut self, xml: &str) -> Result<(), SkipReason> {
        let mut raw: HashMap<String, StyleNum> = HashMap::new();
        let mut style: Option<(String, StyleNum)> = None;
        for_each_element(xml, |name, e| match name {
            b"style" => {
                if let Some((id, s)) = style.take() {
                    raw.insert(id, s);
                }
                style = attr(e, b"styleId").map(|id| (id, StyleNum::default()));
            }
            b"basedOn" => {
                if let Some((_, s)) = style.as_mut() {
                    s.based_on = attr(e, b"val");
                }
            }
            b"numId" => {
                if let Some((_, s)) = style.as_mut() {
                    s.num_id = Some(attr_u32(e, b"val").unwrap_or(0));
                }
            }
            b"ilvl" => {
                if let Some((_, s)) = style.as_mut() {
                    s.level = Some(attr_u32(e, b"val").unwrap_or(0).min(8) as u8);
                }
            }
            _ => {}
        })?;
        if let Some((id, s)) = style {
            raw.insert(id, s);
        }
        self.styles = raw
            .keys()
            .filter_map(|id| inherited_num(&raw, id).map(|r| (id.clone(), r)))
            .filter(|(_, r)| r.num_id != 0)
            .collect();
        Ok(())
    }
}

/// What one style of `styles.xml` says about numbering, before inheritance.
#[derive(Debug, Default)]
struct StyleNum {
    num_id: Option<u32>,
    level: Option<u8>,
    based_on: Option<String>,
}

/// Longest `basedOn` chain followed (a cycle in a damaged file must not loop).
const MAX_STYLE_CHAIN: usize = 16;

/// A style's list: Word takes `w:numId` and `w:ilvl` each from the nearest style of the
/// `w:basedOn` chain that sets it (a template's `二级条标题` sets only `ilvl` 2 and takes the
/// list of the `一级条标题` it is based on).
fn inherited_num(raw: &HashMap<String, StyleNum>, id: &str) -> Option<NumRef> {
    let mut style = raw.get(id)?;
    let (mut num_id, mut level) = (None, None);
    for _ in 0..MAX_STYLE_CHAIN {
        num_id = num_id.or(style.num_id);
        level = level.or(style.level);
        if num_id.is_some() && level.is_some() {
            break;
        }
        match style.based_on.as_deref().and_then(|b| raw.get(b)) {
            Some(base) => style = base,
            None => break,
        }
    }
    Some(NumRef {
        num_id: num_id?,
        level: level.unwrap_or(0),
    })
}

/// Calls `f` with the local name and the tag of every WordprocessingML start or empty element.
pub(crate) fn for_each_element(
    xml: &str,
    mut f: impl FnMut(&[u8], &BytesStart),
) -> Result<(), SkipReason> {
    let mut reader = NsReader::from_str(xml);
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| SkipReason::DocxXml {
                detail: format!("numbering or styles: {e} (byte {pos})"),
            })?;
        let in_wordml = matches!(ns, ResolveResult::Bound(n) if WORDML_NS.contains(&n.as_ref()));
        match event {
            Event::Start(e) | Event::Empty(e) if in_wordml => f(e.local_name().as_ref(), &e),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn numbering() -> String {
        format!(
            "<w:numbering {W}>\
             <w:abstractNum w:abstractNumId=\"0\">\
               <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>\
               <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>\
               <w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%3.\"/></w:lvl>\
               <w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%3.%4\"/></w:lvl>\
             </w:abstractNum>\
             <w:abstractNum w:abstractNumId=\"1\">\
               <w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/></w:lvl>\
             </w:abstractNum>\
             <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>\
             <w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>\
             <w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num>\
             </w:numbering>"
        )
    }

    #[test]
    fn levels_count_restart_and_combine() {
        let mut n = Numbering::parse(&numbering(), None).unwrap_or_default();
        let at = |level| NumRef { num_id: 1, level };
        let got: Vec<Option<String>> = [0, 1, 1, 2, 2, 3, 0, 1, 11]
            .into_iter()
            .map(|l| n.next_marker(at(l)))
            .collect();
        let want = [
            "一、",
            "（一）",
            "（二）",
            "1.",
            "2.",
            "2.1",
            "二、",
            "（一）",
        ];
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.as_deref(), Some(w));
        }
        // A level past Word's nine is read as the deepest; it has no definition here.
        assert_eq!(got[8], None);
        // Another instance of the same definition continues the count.
        assert_eq!(
            n.next_marker(NumRef {
                num_id: 3,
                level: 0
            })
            .as_deref(),
            Some("三、")
        );
        // Bullets and unknown lists give no marker.
        assert_eq!(
            n.next_marker(NumRef {
                num_id: 2,
                level: 0
            }),
            None
        );
        assert_eq!(
            n.next_marker(NumRef {
                num_id: 9,
                level: 0
            }),
            None
        );
    }

    #[test]
    fn styles_carry_numbering_and_own_numpr_wins() {
        let styles = format!(
            "<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:pPr/></w:style></w:styles>"
        );
        let n = Numbering::parse(&numbering(), Some(&styles)).unwrap_or_default();
        assert_eq!(
            n.resolve(None, Some("1")),
            Some(NumRef {
                num_id: 1,
                level: 0
            })
        );
        assert_eq!(n.resolve(None, Some("a3")), None);
        let own = NumRef {
            num_id: 2,
            level: 0,
        };
        assert_eq!(n.resolve(Some(own.into()), Some("1")), Some(own));
        // numId 0 switches numbering off even where the style numbers.
        assert_eq!(
            n.resolve(
                Some(
                    NumRef {
                        num_id: 0,
                        level: 0
                    }
                    .into()
                ),
                Some("1")
            ),
            None
        );
        // A paragraph that sets only its level is in its style's list at that level.
        let level_only = OwnNumPr {
            num_id: None,
            level: Some(1),
        };
        assert_eq!(
            n.resolve(Some(level_only), Some("1")),
            Some(NumRef {
                num_id: 1,
                level: 1
            })
        );
        assert_eq!(n.resolve(Some(level_only), Some("a3")), None);
    }

    #[test]
    fn number_formats() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(11), "十一");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(35), "三十五");
        assert_eq!(NumFmt::Circled.write(3), "③");
        assert_eq!(NumFmt::UpperLetter.write(28), "BB");
        assert_eq!(NumFmt::LowerRoman.write(14), "xiv");
        assert_eq!(NumFmt::TianGan.write(2), "乙");
    }
}
