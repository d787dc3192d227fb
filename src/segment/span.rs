//! Positions and ranges in an article's paragraphs, and the sentence boundaries inside them.
//! A unit may run over several paragraphs; its text is then the paragraphs' text joined by
//! newlines, exactly as in the cleaned document.

use crate::chars::{char_len, is_closing, trim_all};
use crate::clean::Paragraph;

/// A byte position in one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Paragraph index within the article.
    pub para: usize,
    /// Byte offset within the paragraph text.
    pub off: usize,
}

/// A half-open range `start..end` over an article's paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First byte.
    pub start: Pos,
    /// One past the last byte.
    pub end: Pos,
}

impl Range {
    /// The empty range at `pos`.
    pub fn empty_at(pos: Pos) -> Range {
        Range {
            start: pos,
            end: pos,
        }
    }

    /// True when the range holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// An article's paragraphs with the text operations the segmenter needs.
pub struct Paras<'a>(pub &'a [Paragraph]);

impl Paras<'_> {
    /// The end of paragraph `p`.
    pub fn para_end(&self, p: usize) -> Pos {
        Pos {
            para: p,
            off: self.0[p].text.len(),
        }
    }

    /// The whole of paragraphs `from..to`.
    pub fn paras(&self, from: usize, to: usize) -> Range {
        Range {
            start: Pos { para: from, off: 0 },
            end: self.para_end(to - 1),
        }
    }

    /// The text of a range, paragraphs joined by `\n`.
    pub fn text(&self, r: Range) -> String {
        let mut out = String::new();
        for p in r.start.para..=r.end.para.min(self.0.len().saturating_sub(1)) {
            let t = &self.0[p].text;
            let a = if p == r.start.para { r.start.off } else { 0 };
            let b = if p == r.end.para { r.end.off } else { t.len() };
            if a >= b {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&t[a..b]);
        }
        out
    }

    /// The text starting at `pos` to the end of its paragraph.
    pub fn rest_of_para(&self, pos: Pos) -> &str {
        &self.0[pos.para].text[pos.off..]
    }

    /// Narrows a range so it neither starts nor ends with whitespace or stray punctuation
    /// (the comma after `另一方面，`, a paragraph break).
    pub fn trim(&self, mut r: Range) -> Range {
        while r.start < r.end {
            let t = self.rest_of_para(r.start);
            let skip = t.len() - t.trim_start_matches(is_leading_junk).len();
            if skip > 0 && r.start.off + skip <= self.0[r.start.para].text.len() {
                r.start.off += skip;
            }
            if r.start.off >= self.0[r.start.para].text.len() && r.start.para < r.end.para {
                r.start = Pos {
                    para: r.start.para + 1,
                    off: 0,
                };
                continue;
            }
            break;
        }
        while r.start < r.end {
            let t = &self.0[r.end.para].text[..r.end.off];
            let trimmed = t.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            r.end.off = trimmed.len();
            if r.end.off == 0 && r.end.para > r.start.para {
                r.end = self.para_end(r.end.para - 1);
                continue;
            }
            break;
        }
        r
    }

    /// Positions where sentences start inside `r`: the range start, every paragraph start, and
    /// the byte after each sentence end (`。！？；：`, looking past closing quotes).
    pub fn sentence_starts(&self, r: Range) -> Vec<Pos> {
        let mut out = vec![r.start];
        for p in r.start.para..=r.end.para {
            let t = &self.0[p].text;
            let lo = if p == r.start.para { r.start.off } else { 0 };
            let hi = if p == r.end.para { r.end.off } else { t.len() };
            if p != r.start.para && lo < hi {
                out.push(Pos { para: p, off: 0 });
            }
            let mut chars = t[lo..hi].char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if !matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':') {
                    continue;
                }
                let mut end = lo + i + c.len_utf8();
                while let Some(&(j, q)) = chars.peek() {
                    if !is_closing(q) {
                        break;
                    }
                    end = lo + j + q.len_utf8();
                    chars.next();
                }
                if end < hi {
                    out.push(Pos { para: p, off: end });
                }
            }
        }
        out.dedup();
        out
    }

    /// The first sentence of the text at `pos` (to `。！？` or the paragraph end), without its
    /// closing punctuation, and the position after it.
    pub fn lead_sentence(&self, pos: Pos, limit: Pos) -> (String, Pos) {
        let t = self.rest_of_para(pos);
        let max = if limit.para == pos.para {
            limit.off - pos.off
        } else {
            t.len()
        };
        let t = &t[..max.min(t.len())];
        let end = t
            .char_indices()
            .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '!' | '?'))
            .map_or(t.len(), |(i, c)| i + c.len_utf8());
        let lead = trim_all(&t[..end]).trim_end_matches(['。', '！', '？', '!', '?']);
        (
            lead.to_string(),
            Pos {
                para: pos.para,
                off: pos.off + end,
            },
        )
    }
}

fn is_leading_junk(c: char) -> bool {
    c.is_whitespace() || matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';' | '\u{3000}')
}

/// A heading made from a lead sentence: kept when it is short enough to read as a heading.
pub fn heading_from_lead(lead: &str, max_chars: usize) -> Option<String> {
    // `要加快区域创新要素市场的建设`: the modal belongs to the sentence, not the heading.
    let lead = match lead.strip_prefix('要').or_else(|| lead.strip_prefix('应')) {
        Some(rest) if crate::lexicon::starts_with_lead_verb(rest) => rest,
        _ => lead,
    };
    let n = char_len(lead);
    if n == 0 {
        return None;
    }
    if n <= max_chars {
        return Some(lead.to_string());
    }
    // A long lead often starts with a short clause that names the proposal.
    let first = lead.split(['，', ',', '；', ';']).next().unwrap_or(lead);
    (char_len(first) <= max_chars && char_len(first) >= 4).then(|| first.to_string())
}
