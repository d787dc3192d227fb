//! Byte decoding: byte order marks, UTF-8 / UTF-16 / GB18030 detection,
//! binary sniffing, and the normalisation every source text gets (`\n` line
//! endings, no BOM, no NUL) without changing its line structure.
//!
//! Acceptance rule for imperfect bytes (no BOM, not valid UTF-8): when valid
//! multi-byte UTF-8 characters outnumber malformed sequences 10 to 1, the
//! file is damaged UTF-8 and is accepted with up to 1 % replacement
//! characters. Otherwise GB18030 (a superset of GBK and GB2312) is tried and
//! accepted with at most 0.1 % replacements, because GB18030 decodes almost
//! any byte pairs and a looser bar would accept mojibake. Files under 1000
//! characters must therefore decode as GB18030 cleanly. A multi-byte UTF-8
//! or GB18030 sequence cut off at the very end of the file (a truncated
//! download) is replaced but not counted. Each replacement is reported as a warning by
//! read_inputs.

use encoding_rs::{CoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::error::{IngestError, SkipReason};

/// How many leading bytes are inspected for binary content.
const SNIFF_LEN: usize = 8 * 1024;

/// Replacement characters tolerated per this many decoded characters, for
/// GB18030 and any decoding not backed by a byte order mark.
const GB18030_TOLERANCE: usize = 1000;

/// The same for damaged UTF-8 (UTF-8 structure dominates, or a BOM says so).
const UTF8_TOLERANCE: usize = 100;

/// Damaged bytes count as UTF-8 when valid multi-byte characters outnumber
/// malformed sequences this many times. GBK text forms valid UTF-8 pairs
/// only by chance (under one character in ten), far below this.
const UTF8_DOMINANCE: usize = 10;

/// Decoded, normalised text and what it took to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// Normalised text.
    pub text: String,
    /// Name of the encoding that was used.
    pub encoding: &'static str,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// Decodes a text file's bytes and normalises the result.
///
/// Returns the text and the encoding name ("UTF-8", "UTF-8 BOM", "UTF-16LE",
/// "UTF-16BE", "GB18030"). Binary or undecodable bytes give
/// [`IngestError::Skipped`] naming `path`.
pub fn decode_bytes(path: &str, bytes: &[u8]) -> Result<(String, &'static str), IngestError> {
    decode(bytes)
        .map(|d| (d.text, d.encoding))
        .map_err(|reason| IngestError::Skipped {
            path: path.to_string(),
            reason,
        })
}

/// Decodes `bytes`, detecting the encoding; see the module doc for the rules.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(SkipReason::Utf32);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, replaced) = utf8_lossy(rest);
        return accept(text, "UTF-8 BOM", replaced, UTF8_TOLERANCE);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, UTF_16LE, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, UTF_16BE, "UTF-16BE");
    }
    if let Some(decoded) = utf16_without_bom(bytes) {
        return Ok(decoded);
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    decode_utf8_or_gb18030(bytes)
}

/// Decodes with a charset named by the document itself (HTML `<meta>`).
/// Falls back to detection when the label is unknown or names UTF-16
/// (which a `<meta>` cannot truthfully declare).
pub(crate) fn decode_with_label(bytes: &[u8], label: &str) -> Result<Decoded, SkipReason> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(enc) if enc != UTF_16LE && enc != UTF_16BE => {
            if looks_binary(bytes) {
                return Err(SkipReason::Binary);
            }
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            let replaced = if had_errors {
                count_replacements(&text)
            } else {
                0
            };
            accept(text.into_owned(), enc.name(), replaced, GB18030_TOLERANCE)
        }
        _ => decode(bytes),
    }
}

/// True when the first [`SNIFF_LEN`] bytes hold a NUL or are more than 10 %
/// control bytes that never occur in text.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    controls * 10 > sample.len()
}

/// Replaces CRLF and lone CR by `\n`, drops NULs and a leading U+FEFF.
/// Each line break of the input stays exactly one `\n`, so line N of the
/// result is line N of the file.
pub(crate) fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' => {}
            _ => out.push(c),
        }
    }
    out
}

fn accept(
    text: String,
    encoding: &'static str,
    replaced: usize,
    chars_per_replacement: usize,
) -> Result<Decoded, SkipReason> {
    let text = normalise(&text);
    let chars = text.chars().count();
    if replaced * chars_per_replacement <= chars {
        Ok(Decoded {
            text,
            encoding,
            replaced,
        })
    } else {
        Err(SkipReason::Undecodable { replaced, chars })
    }
}

fn decode_utf16(
    bytes: &[u8],
    enc: &'static Encoding,
    name: &'static str,
) -> Result<Decoded, SkipReason> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        count_replacements(&text)
    } else {
        0
    };
    accept(text.into_owned(), name, replaced, GB18030_TOLERANCE)
}

/// Recognises BOM-less UTF-16 by its zero bytes: ASCII characters (line
/// breaks at least) put a zero in the high byte, so all zeros of the sample
/// sit at odd offsets (LE) or all at even offsets (BE). Binary data has zeros
/// at both. The whole file must then decode cleanly to non-control text.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let (enc, name) = match (zeros_even, zeros_odd) {
        (0, n) if n > 0 => (UTF_16LE, "UTF-16LE"),
        (n, 0) if n > 0 => (UTF_16BE, "UTF-16BE"),
        _ => return None,
    };
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
        .count();
    if controls > 0 {
        return None;
    }
    Some(Decoded {
        text: normalise(&text),
        encoding: name,
        replaced: 0,
    })
}

fn decode_utf8_or_gb18030(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let (utf8, utf8_replaced) = utf8_lossy(bytes);
    if utf8_replaced == 0 {
        return accept(utf8, "UTF-8", 0, GB18030_TOLERANCE);
    }
    let utf8_multibyte = utf8
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    if utf8_multibyte >= UTF8_DOMINANCE * utf8_replaced {
        return accept(utf8, "UTF-8", utf8_replaced, UTF8_TOLERANCE);
    }
    let (gb, gb_replaced) = gb18030_lossy(bytes);
    match accept(gb, "GB18030", gb_replaced, GB18030_TOLERANCE) {
        Ok(decoded) => Ok(decoded),
        Err(gb_err) => accept(utf8, "UTF-8", utf8_replaced, GB18030_TOLERANCE).map_err(|_| gb_err),
    }
}

/// Lossy UTF-8 decoding that also counts replaced sequences; a sequence
/// truncated by the end of the input is replaced but not counted.
fn utf8_lossy(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    let mut replaced = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return (out, replaced);
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                // `valid` was just checked by from_utf8, so this cannot fail.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                match err.error_len() {
                    Some(len) => {
                        replaced += 1;
                        rest = &after[len..];
                    }
                    None => return (out, replaced),
                }
            }
        }
    }
}

/// GB18030 decoding that counts replacements like [`utf8_lossy`]: a character cut off by the
/// end of the input (an interrupted download) is replaced but not counted, so a small GBK
/// file truncated mid-character is still read (with a warning).
fn gb18030_lossy(bytes: &[u8]) -> (String, usize) {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut rest = bytes;
    loop {
        let (result, read, _) = decoder.decode_to_string(rest, &mut out, false);
        rest = &rest[read..];
        match result {
            CoderResult::InputEmpty => break,
            CoderResult::OutputFull => out.reserve(rest.len() * 2 + 16),
        }
    }
    let replaced = count_replacements(&out);
    loop {
        // Flushes a pending incomplete sequence as one U+FFFD.
        out.reserve(16);
        if let (CoderResult::InputEmpty, _, _) = decoder.decode_to_string(&[], &mut out, true) {
            break;
        }
    }
    (out, replaced)
}

fn count_replacements(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{FFFD}').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_keeps_line_count() {
        let input = "一\r\n二\r三\n\n四\0";
        let out = normalise(input);
        assert_eq!(out, "一\n二\n三\n\n四");
        assert_eq!(out.lines().count(), 5);
    }

    #[test]
    fn cjk_utf8_is_not_valid_gb18030_by_accident() {
        // A stray byte splitting a character of otherwise valid UTF-8
        // Chinese must keep UTF-8 (these lines also decode as GB18030).
        let mut bytes = "长三角一体化发展\n".repeat(200).into_bytes();
        bytes.insert(30, 0xFF);
        let decoded = decode(&bytes).map_err(|e| e.to_string());
        let decoded = decoded.as_ref().map(|d| (d.encoding, d.replaced));
        assert_eq!(decoded, Ok(("UTF-8", 3)));
    }

    #[test]
    fn short_garbage_is_rejected() {
        let bytes = [b'a', 0xFF, b'b', b'\n'];
        assert!(matches!(
            decode(&bytes),
            Err(SkipReason::Undecodable { .. })
        ));
    }

    #[test]
    fn truncated_utf8_tail_is_tolerated() {
        let mut bytes = "协同发展".as_bytes().to_vec();
        bytes.extend_from_slice(&"区".as_bytes()[..2]);
        let decoded = decode(&bytes).map(|d| d.text).map_err(|e| e.to_string());
        assert_eq!(decoded, Ok("协同发展\u{FFFD}".to_string()));
    }

    #[test]
    fn utf16le_without_bom_is_detected() {
        let text = "Region 区域\n协同 2023\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let decoded = decode(&bytes).map_err(|e| e.to_string());
        let decoded = decoded.as_ref().map(|d| (d.text.as_str(), d.encoding));
        assert_eq!(decoded, Ok((text, "UTF-16LE")));
    }

    #[test]
    fn control_heavy_bytes_are_binary() {
        let bytes: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(looks_binary(&bytes));
        assert!(!looks_binary("正常文本\tand text\r\n".as_bytes()));
    }

    #[test]
    fn utf32_is_refused() {
        assert!(matches!(
            decode(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]),
            Err(SkipReason::Utf32)
        ));
    }
}
