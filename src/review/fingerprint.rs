//! Stable identities for proposals and documents, so that the editor's decisions survive
//! reruns: re-segmentation (unit ids shift), added documents and reordered folders (document
//! ids and paths shift). A proposal is known by its normalised text and its document's title;
//! a document by its normalised title.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::text::normalize;

/// A proposal's identity across runs: 16 hex digits of a 64-bit FNV-1a hash of its document's
/// normalised title and its normalised text. A second proposal with the same text in a
/// document of the same title (the same file read twice) gets `#2`, and so on, in corpus order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document's identity across runs: `d` and 16 hex digits of the hash of its normalised
/// title (not its path, which changes when folders are reordered, nor its content, which
/// changes when one proposal is edited).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocKey(pub String);

impl std::fmt::Display for DocKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// 64-bit FNV-1a: tiny, and its value is fixed by its definition, unlike std's hasher whose
/// output may change between Rust releases (the fingerprints are stored in files).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator byte that never occurs in UTF-8 keeps ("ab","c") apart from ("a","bc").
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Text as compared for identity: width and case folded, all whitespace removed (line breaks
/// and spaces move when a document is re-cleaned; the words do not).
pub fn normalise_for_identity(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The key of a document with this title.
pub fn doc_key(title: &str) -> DocKey {
    DocKey(format!(
        "d{:016x}",
        fnv1a(&[&normalise_for_identity(title)])
    ))
}

/// The fingerprint of a proposal text in a document of this title (before disambiguation).
pub fn fingerprint(doc_title: &str, text: &str) -> Fingerprint {
    Fingerprint(format!(
        "{:016x}",
        fnv1a(&[
            &normalise_for_identity(doc_title),
            &normalise_for_identity(text)
        ])
    ))
}

/// The fingerprint of every unit of the corpus (index = unit id), repeated fingerprints
/// disambiguated by `#n` in corpus order.
pub fn corpus_fingerprints(corpus: &Corpus) -> Vec<Fingerprint> {
    let mut seen: HashMap<Fingerprint, usize> = HashMap::new();
    corpus
        .units
        .iter()
        .map(|u| {
            let fp = fingerprint(&corpus.documents[u.document].title, &u.unit.text);
            let n = seen.entry(fp.clone()).or_insert(0);
            *n += 1;
            match *n {
                1 => fp,
                n => Fingerprint(format!("{}#{n}", fp.0)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_layout_but_not_words_or_document() {
        let a = fingerprint("关于推进长三角协同的建议", "推进空间协同，\n优化产业布局。");
        let b = fingerprint("关于推进长三角协同的建议", "推进空间协同， 优化产业布局。");
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("另一份报告", "推进空间协同，优化产业布局。"));
        assert_ne!(a, fingerprint("关于推进长三角协同的建议", "推进产业协同。"));
        // The value is part of the file format: it must never change.
        assert_eq!(fingerprint("题", "文").0.len(), 16);
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
    }
}
