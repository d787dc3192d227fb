//! Escaping of document text for the markup formats (HTML and Markdown). Every string that
//! comes from a document goes through here before it is written into markup.

/// Escapes text for HTML element content and for quoted attribute values (`"` and `'`
/// both), so one function serves `title=`, `data-` and text. Control characters other than
/// tab and newline, which HTML forbids or mangles, become U+FFFD.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(ch),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes one line of text for Markdown (CommonMark) inline content: characters that
/// start emphasis, code, links, raw HTML, entities or tables are backslash-escaped
/// everywhere, and what would start a block (heading, list, quote, setext underline) is
/// escaped at the start of the line. Leading whitespace is dropped so that no line becomes
/// indented code.
pub fn markdown_line(line: &str) -> String {
    let line = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        let at_start = i == 0;
        let block_start = at_start && matches!(ch, '-' | '+' | '=');
        // `1.` or `1)` at the start of a line opens an ordered list: escape the delimiter.
        let list_delim =
            matches!(ch, '.' | ')') && i > 0 && chars[..i].iter().all(char::is_ascii_digit);
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) || block_start
            || list_delim
        {
            out.push('\\');
        }
        if ch.is_control() {
            out.push('\u{FFFD}');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes_and_keeps_chinese() {
        assert_eq!(
            html(r#"<script>alert(1)</script>"#),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(html(r#"" onmouseover="x"#), "&quot; onmouseover=&quot;x");
        assert_eq!(html("'单引号'"), "&#39;单引号&#39;");
        assert_eq!(html("&amp;"), "&amp;amp;");
        assert_eq!(
            html("推进产业协同，明确主导产业"),
            "推进产业协同，明确主导产业"
        );
        assert_eq!(html("a\u{0}b\u{1b}c\nd"), "a\u{FFFD}b\u{FFFD}c\nd");
    }

    #[test]
    fn markdown_escapes_inline_and_block_syntax() {
        assert_eq!(
            markdown_line("**加粗** _斜_ `码`"),
            r"\*\*加粗\*\* \_斜\_ \`码\`"
        );
        assert_eq!(markdown_line("[链接](http://x)"), r"\[链接\](http://x)");
        assert_eq!(markdown_line("<b>&amp;</b>"), r"\<b\>\&amp;\</b\>");
        assert_eq!(markdown_line("# 标题"), r"\# 标题");
        assert_eq!(markdown_line("- 列表"), r"\- 列表");
        assert_eq!(markdown_line("12. 第十二"), r"12\. 第十二");
        assert_eq!(markdown_line("2023.5 数据"), r"2023\.5 数据");
        assert_eq!(markdown_line("    缩进"), "缩进");
        assert_eq!(markdown_line("a | b"), r"a \| b");
        // Chinese punctuation and numbering are left alone.
        assert_eq!(markdown_line("（一）推进协同。"), "（一）推进协同。");
    }
}
