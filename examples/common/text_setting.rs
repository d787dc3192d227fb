//! Tokenizer and TF-IDF settings shared by the quality benchmarks (`sts`, `cluster_quality`):
//! how a text becomes tokens, the TF-IDF options of one run, and how a run is described in the
//! result tables.

use anyhow::Result;
use xietong::text::{normalize, TokenizerParams};
use xietong::vectorize::{DfThreshold, TfidfParams};

/// How a text becomes tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tokens {
    /// The project's jieba tokenizer.
    Words {
        subwords: bool,
        min_chars: usize,
        hmm: bool,
    },
    /// Single characters (letters and digits only): with bigrams, character n-grams.
    Chars,
}

/// Tokenizer and TF-IDF options of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSetting {
    pub tokens: Tokens,
    pub sublinear: bool,
    pub bigrams: bool,
    pub min_df: usize,
}

/// `TokenizerParams::new()` and `TfidfParams::new()`, as `engine.rs` uses them for similarity.
pub const DEFAULT_TEXT: TextSetting = TextSetting {
    tokens: Tokens::Words {
        subwords: true,
        min_chars: 2,
        hmm: false,
    },
    sublinear: true,
    bigrams: true,
    min_df: 1,
};

impl TextSetting {
    /// The setting as shown in a table row (`words sub=on mc=2 sublin=on ng=1-2 min_df=1`).
    pub fn describe(&self) -> String {
        let tokens = match self.tokens {
            Tokens::Words {
                subwords,
                min_chars,
                hmm,
            } => format!(
                "words sub={} mc={min_chars}{}",
                on_off(subwords),
                if hmm { " hmm" } else { "" }
            ),
            Tokens::Chars => "chars".to_string(),
        };
        format!(
            "{tokens} sublin={} ng=1-{} min_df={}",
            on_off(self.sublinear),
            if self.bigrams { 2 } else { 1 },
            self.min_df
        )
    }

    /// The TF-IDF options of this setting.
    pub fn tfidf(&self) -> TfidfParams {
        TfidfParams::new()
            .sublinear_tf(self.sublinear)
            .ngram(1, if self.bigrams { 2 } else { 1 })
            .min_df(DfThreshold::Count(self.min_df))
    }
}

/// `on` or `off`.
pub fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

/// Tokens of every text under `tokens`.
pub fn tokenize<S: AsRef<str> + Sync>(tokens: Tokens, texts: &[S]) -> Result<Vec<Vec<String>>> {
    Ok(match tokens {
        Tokens::Words {
            subwords,
            min_chars,
            hmm,
        } => TokenizerParams::new()
            .subwords(subwords)
            .min_chars(min_chars)
            .hmm(hmm)
            .build()?
            .tokenize_all(texts),
        Tokens::Chars => texts.iter().map(|t| char_tokens(t.as_ref())).collect(),
    })
}

/// The letters and digits of `text` after normalisation, one token each.
pub fn char_tokens(text: &str) -> Vec<String> {
    normalize(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(String::from)
        .collect()
}
