//! Property tests of the cleaner and the segmenter on arbitrary text and bytes: no panic, and
//! every segmentation keeps the invariants of `xietong::segment::check` (units are in-order,
//! non-overlapping substrings of the cleaned text, with source lines inside the file).

use proptest::prelude::*;

use xietong::segment::check::check_source;

/// Pieces that steer the cleaner and segmenter into their interesting paths: numbering of
/// every form, list and advice words, sentence and clause punctuation, furniture cues, line
/// breaks and indentation.
const PIECES: &[&str] = &[
    "一、",
    "二、",
    "三、",
    "（一）",
    "（二）",
    "1.",
    "2.",
    "3.",
    "1、",
    "2、",
    "（1）",
    "（2）",
    "①",
    "②",
    "③",
    "一是",
    "二是",
    "三是",
    "一要",
    "二要",
    "第一，",
    "第二，",
    "一方面",
    "另一方面，",
    "一",
    "二",
    "。",
    "，",
    "、",
    "：",
    "；",
    "（",
    "）",
    "“",
    "”",
    "！",
    "？",
    ".",
    ",",
    ":",
    "\n",
    "\n\n",
    "\n  ",
    " ",
    "　",
    "\t",
    "建议",
    "建议：",
    "对策建议",
    "为此，建议",
    "比如，",
    "摘要：",
    "推进",
    "协同",
    "发展",
    "共建",
    "短板",
    "问题",
    "机制",
    "产业",
    "**",
    "# ",
    "> ",
    "11..",
    "，，",
    "。。",
    "当前位置：首页 > ",
    "（作者系南京大学教授）",
    "（省社科院供稿）",
    "本期送：",
    "第 3 期",
    "小贴士：",
    "分享到：",
    "版权所有",
    "12",
    "—",
    "5G",
    "ABC",
    "\u{FEFF}",
    "\r\n",
];

/// Text built from [`PIECES`], arbitrary CJK and doubled runs (`推进空间协同推进空间协同`).
fn policy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => "[\u{4e00}-\u{4e3f}]{1,12}",
        1 => "[\u{4e00}-\u{4e0f}，。1]{1,8}".prop_map(|s| format!("{s}{s}")),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn policy_like_text_keeps_the_invariants(text in policy_text()) {
        if let Err(v) = check_source(&text) {
            return Err(TestCaseError::fail(format!("{v}\ninput: {text:?}")));
        }
    }

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in "\\PC{0,300}|[\\s\\S]{0,300}") {
        if let Err(v) = check_source(&text) {
            return Err(TestCaseError::fail(format!("{v}\ninput: {text:?}")));
        }
    }

    #[test]
    fn arbitrary_bytes_through_decoding_keep_the_invariants(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        if let Ok((text, _)) = xietong::ingest::decode_bytes("prop", &bytes) {
            if let Err(v) = check_source(&text) {
                return Err(TestCaseError::fail(format!("{v}\ninput: {text:?}")));
            }
        }
    }

    #[test]
    fn policy_text_in_gbk_or_utf16_decodes_and_keeps_the_invariants(
        text in policy_text(),
        encoding in 0u8..3,
    ) {
        let bytes = match encoding {
            0 => encoding_rs::GBK.encode(&text).0.into_owned(),
            1 => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            _ => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        };
        if let Ok((decoded, _)) = xietong::ingest::decode_bytes("prop", &bytes) {
            if let Err(v) = check_source(&decoded) {
                return Err(TestCaseError::fail(format!("{v}\ninput: {decoded:?}")));
            }
        }
    }
}
