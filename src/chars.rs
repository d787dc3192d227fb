//! Character classes of Chinese official writing shared by the cleaner and the segmenter:
//! which punctuation ends a sentence, which continues one, and how wide a line is on a page.

/// True for CJK ideographs (the unified block and its common extensions).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Punctuation that ends a sentence (full- and half-width).
///
/// The colon is included because a line ending in `：` closes a lead-in (`建议：`) after which a
/// new block starts.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '：' | ':' | '…')
}

/// Punctuation after which a sentence certainly goes on, so a line ending with it continues
/// on the next line.
pub fn is_continuation(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '；'
            | ';'
            | '（'
            | '('
            | '《'
            | '“'
            | '‘'
            | '—'
            | '-'
            | '－'
            | '〈'
            | '【'
    )
}

/// Closing quotes and brackets that may follow a sentence end (`…。”`).
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | ')' | '》' | '」' | '』' | '】' | '〉' | '"' | '\''
    )
}

/// True when the text's last meaningful character ends a sentence, looking through closing
/// quotes and brackets (`…的机制：`, `…。”`).
pub fn ends_sentence(text: &str) -> bool {
    let mut it = text.trim_end().chars().rev().skip_while(|&c| is_closing(c));
    it.next().is_some_and(is_sentence_end)
}

/// True when the text ends with punctuation that needs more text after it.
pub fn ends_mid_sentence(text: &str) -> bool {
    text.trim_end().chars().last().is_some_and(is_continuation)
}

/// Width of a line as laid out on a page: CJK characters and full-width forms count two,
/// everything else one. Used to recognise lines broken at the page's right margin.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    is_cjk(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}'   // CJK punctuation
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
            | '\u{2018}'..='\u{201F}' // curly quotes, set wide in Chinese fonts
            | '\u{2014}' | '\u{2026}' | '\u{2460}'..='\u{24FF}')
}

/// Number of characters (not bytes).
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Trims ASCII and ideographic whitespace (U+3000) and the no-break space from both ends.
pub fn trim_all(text: &str) -> &str {
    // Zero-width spaces and joiners are invisible: a line of them alone (as pages copied
    // from a wiki leave between the pieces of a sentence) is an empty line.
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{3000}'
                    | '\u{a0}'
                    | '\u{200b}'
                    | '\u{200c}'
                    | '\u{200d}'
                    | '\u{2060}'
                    | '\u{feff}'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_look_through_closing_quotes() {
        assert!(ends_sentence("确保“好钢用在刀刃上。”"));
        assert!(ends_sentence("实现制造业高质量发展的机制："));
        assert!(!ends_sentence("扬子江城市群是我国制造业最发达的地区之"));
        assert!(ends_mid_sentence("明确各城市特色鲜明、"));
    }

    #[test]
    fn width_counts_cjk_double() {
        assert_eq!(display_width("1.推进"), 2 + 4);
        assert_eq!(display_width("5G，"), 2 + 2);
    }
}
