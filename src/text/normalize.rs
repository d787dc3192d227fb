//! Normalisation applied before segmentation and to dictionary entries, so that full-width
//! and half-width forms, and upper- and lower-case Latin, match the same token.

/// Returns `text` with full-width ASCII folded to half-width, the ideographic space turned
/// into a plain space, and Latin letters lower-cased.
///
/// Only used for matching: callers keep their original text for display.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_width(c);
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Maps the full-width forms U+FF01..=U+FF5E onto ASCII and U+3000 onto a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_and_digits_fold_to_lower_ascii() {
        assert_eq!(normalize("Ｇ６０科创走廊"), "g60科创走廊");
        assert_eq!(normalize("５Ｇ　网络"), "5g 网络");
    }

    #[test]
    fn cjk_and_cjk_punctuation_are_unchanged() {
        let s = "扬子江城市群、“一网通办”。";
        assert_eq!(normalize(s), s);
    }
}
