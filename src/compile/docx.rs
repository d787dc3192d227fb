//! The compilation as a Word document, written with docx-rs. Group titles use Word's own
//! `heading 1` style and proposals `heading 2` (with outline levels), so Word's navigation
//! pane works and the table-of-contents field (pre-filled, marked for update) lists them; the
//! appendix is a real table. Fonts: 宋体/SimSun with Times New Roman for Latin, which Word,
//! WPS and LibreOffice all map.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, InstrText, Paragraph, Run, RunFonts, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};

use super::{chinese_number, Compilation, Item};

/// Half-points (Word's size unit): 三号 16 pt for group titles, 四号 14 pt for proposals,
/// 小四 12 pt for text, 五号 10.5 pt for sources.
const TITLE_SIZE: usize = 44;
const H1_SIZE: usize = 32;
const H2_SIZE: usize = 28;
const TEXT_SIZE: usize = 24;
const SOURCE_SIZE: usize = 21;
/// Twips (1/20 pt): the text width of an A4 page with Word's default margins, and the
/// appendix's title column.
const TEXT_WIDTH: usize = 9000;
const TITLE_COLUMN: usize = 3600;
const APPENDIX_TITLE: &str = "附表：文献 × 分组";

fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("宋体")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn heading_style(id: &str, name: &str, size: usize, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .size(size)
        .bold()
        .fonts(
            RunFonts::new()
                .east_asia("黑体")
                .ascii("Arial")
                .hi_ansi("Arial"),
        )
        .outline_lvl(level)
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn heading(style: &str, t: &str, bookmark: (usize, String)) -> Paragraph {
    Paragraph::new()
        .style(style)
        .keep_next(true)
        .add_bookmark_start(bookmark.0, bookmark.1)
        .add_run(Run::new().add_text(t))
        .add_bookmark_end(bookmark.0)
}

fn source(label: &str, t: &str) -> Paragraph {
    Paragraph::new().add_run(
        Run::new()
            .add_text(format!("{label}{t}"))
            .size(SOURCE_SIZE)
            .color("555555"),
    )
}

/// The contents: one paragraph per heading inside a single `TOC` field. The field's cached
/// result is written out (without page numbers, which only a layout engine knows) and the
/// field is marked dirty, so Word and WPS rebuild it with page numbers on opening and
/// LibreOffice shows the entries as they are. Each field character and the instruction get a
/// run of their own: LibreOffice prints the instruction as text when they share one.
fn contents(entries: &[(usize, String)]) -> Vec<Paragraph> {
    let last = entries.len().saturating_sub(1);
    entries
        .iter()
        .enumerate()
        .map(|(i, (level, title))| {
            let mut p = Paragraph::new().style(if *level == 1 { "TOC1" } else { "TOC2" });
            if i == 0 {
                p = p
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
                    .add_run(Run::new().add_instr_text(InstrText::Unsupported(
                        r#"TOC \o "1-2" \h \z \u"#.to_string(),
                    )))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
            }
            p = p.add_run(Run::new().add_text(title));
            if i == last {
                p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            p
        })
        .collect()
}

/// `indent` in twips: two characters of body text for the second level.
fn toc_style(id: &str, name: &str, indent: i32) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .indent(Some(indent), None, None, None)
}

fn item_title(n: usize, item: &Item) -> String {
    let mark = match (item.representative, item.new) {
        (_, true) => "（新增）",
        (true, false) => "（代表性建议）",
        _ => "",
    };
    format!("（{}）{}{mark}", chinese_number(n), item.heading)
}

/// The .docx bytes.
///
/// # Errors
/// The packer's error text (writing into memory does not fail in practice).
pub fn to_docx(c: &Compilation) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .default_fonts(fonts())
        .default_size(TEXT_SIZE)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .size(TITLE_SIZE)
                .bold()
                .align(AlignmentType::Center),
        )
        .add_style(heading_style("Heading1", "heading 1", H1_SIZE, 0))
        .add_style(heading_style("Heading2", "heading 2", H2_SIZE, 1))
        .add_style(toc_style("TOC1", "toc 1", 0))
        .add_style(toc_style("TOC2", "toc 2", 2 * TEXT_SIZE as i32 * 10));
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&c.title)),
    );
    let summary = c.summary();
    doc = doc.add_paragraph(text(&summary).align(AlignmentType::Center));
    doc = doc.add_paragraph(text("目录").style("TOCHeading").bold());
    let mut marks: Vec<Vec<(usize, String)>> = Vec::new();
    let mut entries: Vec<(usize, String)> = Vec::new();
    let mut next = 1usize;
    for (i, s) in c.sections.iter().enumerate() {
        let mut ids = vec![(next, format!("_Toc_g{}", i + 1))];
        next += 1;
        entries.push((1, format!("{}、{}", chinese_number(i + 1), s.title)));
        for (j, item) in s.items.iter().enumerate() {
            ids.push((next, format!("_Toc_g{}_{}", i + 1, j + 1)));
            next += 1;
            entries.push((2, item_title(j + 1, item)));
        }
        marks.push(ids);
    }
    entries.push((1, APPENDIX_TITLE.to_string()));
    for p in contents(&entries) {
        doc = doc.add_paragraph(p);
    }
    // The groups start on a page of their own, after the contents.
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    for (i, s) in c.sections.iter().enumerate() {
        let mut ids = marks[i].iter().cloned();
        let title = format!("{}、{}", chinese_number(i + 1), s.title);
        if let Some(m) = ids.next() {
            doc = doc.add_paragraph(heading("Heading1", &title, m));
        }
        if let Some(note) = &s.note {
            for line in note.lines() {
                doc = doc.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(format!("编者按：{line}")).italic()),
                );
            }
        }
        for (j, item) in s.items.iter().enumerate() {
            if let Some(m) = ids.next() {
                doc = doc.add_paragraph(heading("Heading2", &item_title(j + 1, item), m));
            }
            for line in item.text.lines() {
                doc = doc.add_paragraph(text(line).first_line_chars(200));
            }
            doc = doc.add_paragraph(source("来源：", &item.source.line()));
            for a in &item.also {
                doc = doc.add_paragraph(source("又见于：", &a.line()));
            }
        }
    }
    let appendix = (next, "_Toc_appendix".to_string());
    doc = doc.add_paragraph(heading("Heading1", APPENDIX_TITLE, appendix));
    // The titles need the room; the counts are one or two digits.
    let count_width = (TEXT_WIDTH - TITLE_COLUMN) / c.sections.len().max(1);
    let cell = |t: &str, w: usize| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .add_paragraph(source("", t))
    };
    let mut rows = vec![TableRow::new(
        std::iter::once(cell("文献", TITLE_COLUMN))
            .chain((1..=c.sections.len()).map(|i| cell(&i.to_string(), count_width)))
            .collect(),
    )];
    for (title, counts) in &c.table {
        rows.push(TableRow::new(
            std::iter::once(cell(title, TITLE_COLUMN))
                .chain(counts.iter().map(|&n| match n {
                    0 => cell("", count_width),
                    n => cell(&n.to_string(), count_width),
                }))
                .collect(),
        ));
    }
    let grid = std::iter::once(TITLE_COLUMN)
        .chain(std::iter::repeat_n(count_width, c.sections.len()))
        .collect();
    doc = doc.add_table(Table::new(rows).set_grid(grid));
    let legend: Vec<String> = c
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}＝{}", i + 1, s.title))
        .collect();
    doc = doc.add_paragraph(source("分组：", &legend.join("；")));
    let mut buf = Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}
