//! The 汇编 (compilation) draft an editor sends on: the editor's groups (see [`crate::review`])
//! in the editor's order, each proposal with its heading, text and source, duplicates folded
//! into one entry with all their sources, the editor's notes, and an appendix table of
//! documents × groups. [`Compilation`] is the content; [`md`], [`html`] and [`docx`] lay it out.

pub mod docx;
pub mod html;
pub mod md;

use crate::corpus::Corpus;
use crate::report::section_path;
use crate::review::Reviewed;

/// Title used when the editor gives none.
pub const DEFAULT_TITLE: &str = "对策建议汇编";

/// Where a proposal comes from, for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The title it appears under (its article's in a compilation, else the document's), or
    /// the file name for a document that shows no title.
    pub title: String,
    /// The 发文字号 it is cited by, else its author line.
    pub issuer: Option<String>,
    /// The sections above it.
    pub section: String,
    /// File and lines (`seeds/a.txt 第6–9行`).
    pub location: String,
}

impl Source {
    fn of(c: &Corpus, unit: usize) -> Source {
        let u = &c.units[unit];
        let d = &c.documents[u.document];
        let number = c.doc_number_of(unit).map(str::to_string);
        let byline = d
            .articles
            .get(u.unit.article)
            .and_then(|a| a.byline.clone());
        let loc = u.unit.location;
        let lines = if loc.first_line == loc.last_line {
            format!("第{}行", loc.first_line)
        } else {
            format!("第{}–{}行", loc.first_line, loc.last_line)
        };
        // The section path ends with the proposal's own heading, shown above it already.
        let mut section = section_path(c, unit, " › ");
        if let Some(h) = &u.unit.heading {
            if let Some(rest) = section.strip_suffix(h.as_str()) {
                section = rest.trim_end_matches(" › ").to_string();
            }
        }
        let title = match c.shown_title(unit) {
            Some(t) => format!("《{t}》"),
            None => d.path.clone(),
        };
        // A document without a title is named by its path already.
        let location = if title == d.path {
            lines
        } else {
            format!("{} {lines}", d.path)
        };
        Source {
            title,
            issuer: number.or(byline),
            section,
            location,
        }
    }

    /// One line: `《title》，issuer，section（file 第6–9行）`.
    pub fn line(&self) -> String {
        let mut parts = vec![self.title.clone()];
        parts.extend(self.issuer.clone());
        if !self.section.is_empty() {
            parts.push(self.section.clone());
        }
        format!("{}（{}）", parts.join("，"), self.location)
    }
}

/// One proposal of the compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The unit id.
    pub unit: usize,
    /// Its heading (its own, else the start of its text).
    pub heading: String,
    /// Its text, without the lead sentence that `heading` already shows.
    pub text: String,
    /// Where it comes from.
    pub source: Source,
    /// The same proposal in other documents (`又见于`).
    pub also: Vec<Source>,
    /// Whether it stands for its group (the editor's pick, else the most central).
    pub representative: bool,
    /// Whether the editor has not reviewed it yet.
    pub new: bool,
}

/// One group of the compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The editor's title, else the machine label.
    pub title: String,
    /// The editor's note.
    pub note: Option<String>,
    /// Its proposals.
    pub items: Vec<Item>,
}

/// The whole draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Compilation {
    /// Its title.
    pub title: String,
    /// The groups that have proposals, in the editor's order; proposals in no group come
    /// last as `未归类建议`.
    pub sections: Vec<Section>,
    /// Proposals in no group (the last section, when there are any).
    pub unplaced: usize,
    /// Appendix rows: each document's shown title and how many proposals of each section
    /// (same order as `sections`) come from it.
    pub table: Vec<(String, Vec<usize>)>,
    /// Proposals left out by the editor.
    pub excluded: usize,
}

/// The heading of a unit: its own, else the start of its text.
fn heading_of(c: &Corpus, unit: usize) -> String {
    let u = &c.units[unit].unit;
    match &u.heading {
        Some(h) => h.clone(),
        None => {
            let t: String = u.text.chars().take(30).collect();
            if u.text.chars().count() > 30 {
                format!("{t}…")
            } else {
                t
            }
        }
    }
}

/// The text of a proposal below its heading: a heading that is the proposal's own lead
/// sentence (`探索改革成果共享机制。巩固…` under `探索改革成果共享机制`) is not printed twice.
/// The text is kept whole when the lead is all of it, or when the heading is not its start.
pub fn body_of(heading: &str, text: &str) -> String {
    let Some(rest) = text.strip_prefix(heading.trim()) else {
        return text.to_string();
    };
    let Some(body) = rest.strip_prefix(['。', '；', '：', '！', '，', '.', ';', ':']) else {
        return text.to_string();
    };
    let body = body.trim_start();
    if body.is_empty() {
        return text.to_string();
    }
    body.to_string()
}

impl Compilation {
    /// Lays out the reviewed groups of a corpus.
    pub fn new(c: &Corpus, r: &Reviewed, title: &str) -> Compilation {
        let item = |e: &crate::review::Entry, rep: Option<usize>| Item {
            unit: e.unit,
            heading: heading_of(c, e.unit),
            text: match &c.units[e.unit].unit.heading {
                Some(h) => body_of(h, &c.units[e.unit].unit.text),
                None => c.units[e.unit].unit.text.clone(),
            },
            source: Source::of(c, e.unit),
            also: e.also.iter().map(|&u| Source::of(c, u)).collect(),
            representative: rep == Some(e.unit),
            new: e.new,
        };
        let mut sections: Vec<Section> = r
            .groups
            .iter()
            .filter(|g| !g.entries.is_empty())
            .map(|g| Section {
                title: g.title.clone(),
                note: g.note.clone(),
                items: g
                    .entries
                    .iter()
                    .map(|e| item(e, g.representative))
                    .collect(),
            })
            .collect();
        let unplaced = r.unplaced.len();
        if !r.unplaced.is_empty() {
            sections.push(Section {
                title: "未归类建议".into(),
                note: None,
                items: r.unplaced.iter().map(|e| item(e, None)).collect(),
            });
        }
        let mut table: Vec<(usize, String, Vec<usize>)> = Vec::new();
        for (s, sec) in sections.iter().enumerate() {
            for it in &sec.items {
                let units = std::iter::once(it.unit).chain(
                    r.groups
                        .iter()
                        .flat_map(|g| &g.entries)
                        .chain(&r.unplaced)
                        .filter(|e| e.unit == it.unit)
                        .flat_map(|e| e.also.iter().copied()),
                );
                for u in units {
                    let doc = c.units[u].document;
                    let row = match table.iter().position(|(d, _, _)| *d == doc) {
                        Some(i) => i,
                        None => {
                            let name = c.documents[doc].title.clone();
                            table.push((doc, name, vec![0; sections.len()]));
                            table.len() - 1
                        }
                    };
                    table[row].2[s] += 1;
                }
            }
        }
        table.sort_by_key(|(d, _, _)| *d);
        Compilation {
            title: if title.trim().is_empty() {
                DEFAULT_TITLE.into()
            } else {
                title.trim().to_string()
            },
            sections,
            table: table.into_iter().map(|(_, t, n)| (t, n)).collect(),
            unplaced,
            excluded: r.excluded.len(),
        }
    }

    /// How many of the editor's groups it holds (the unplaced proposals' section is none).
    pub fn groups(&self) -> usize {
        self.sections.len() - usize::from(self.unplaced > 0)
    }

    /// The line under the title: `10 组，60 条建议（2 条未归类；另有 1 条经编者剔除）。`.
    /// Proposals in no group are counted, but their section is no group.
    pub fn summary(&self) -> String {
        let groups = self.groups();
        let mut asides = Vec::new();
        if self.unplaced > 0 {
            asides.push(format!("{} 条未归类", self.unplaced));
        }
        if self.excluded > 0 {
            asides.push(format!("另有 {} 条经编者剔除", self.excluded));
        }
        let asides = match asides.is_empty() {
            true => String::new(),
            false => format!("（{}）", asides.join("；")),
        };
        format!("{groups} 组，{} 条建议{asides}。", self.proposals())
    }

    /// How many proposals it holds (folded duplicates counted).
    pub fn proposals(&self) -> usize {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .map(|i| 1 + i.also.len())
            .sum()
    }
}

/// Chinese section numbers as official writing uses them (`一`, `十二`), up to 99; larger
/// numbers in digits.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_read_as_official_writing() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23, 100]
            .iter()
            .map(|&n| chinese_number(n))
            .collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三", "100"]);
    }

    #[test]
    fn a_lead_sentence_shown_as_the_heading_is_not_printed_again() {
        let text = "探索改革成果共享机制。巩固拓展制度成果。";
        assert_eq!(body_of("探索改革成果共享机制", text), "巩固拓展制度成果。");
        // Not the lead: the heading is a section's, or the lead runs on past it.
        assert_eq!(
            body_of("强化顶层设计", "建议组建领导小组。"),
            "建议组建领导小组。"
        );
        assert_eq!(body_of("探索改革", text), text);
        // The lead is the whole proposal: nothing else would be left to print.
        assert_eq!(
            body_of("加快数字化转型", "加快数字化转型。"),
            "加快数字化转型。"
        );
    }

    fn section(items: usize) -> Section {
        Section {
            title: "人才".into(),
            note: None,
            items: (0..items)
                .map(|unit| Item {
                    unit,
                    heading: String::new(),
                    text: String::new(),
                    source: Source {
                        title: String::new(),
                        issuer: None,
                        section: String::new(),
                        location: String::new(),
                    },
                    also: Vec::new(),
                    representative: false,
                    new: false,
                })
                .collect(),
        }
    }

    #[test]
    fn the_summary_does_not_count_the_unplaced_proposals_as_a_group() {
        let mut c = Compilation {
            title: DEFAULT_TITLE.into(),
            sections: vec![section(3), section(2), section(2)],
            unplaced: 2,
            table: Vec::new(),
            excluded: 1,
        };
        assert_eq!(
            c.summary(),
            "2 组，7 条建议（2 条未归类；另有 1 条经编者剔除）。"
        );
        c.sections.pop();
        c.unplaced = 0;
        c.excluded = 0;
        assert_eq!(c.summary(), "2 组，5 条建议。");
    }
}
