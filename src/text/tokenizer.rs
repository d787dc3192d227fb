//! The [`Tokenizer`]: jieba segmentation plus the project's filtering rules, built once from
//! checked [`TokenizerParams`] and shared across rayon workers.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use rayon::prelude::*;

use super::dict::{parse_stopwords, parse_user_dict, DictEntry};
use super::error::TextError;
use super::normalize::normalize;
use crate::progress::ProgressHandle;

/// The project's regional-policy user dictionary (`models/userdict.txt`).
pub const DEFAULT_USER_DICT: &str = include_str!("../../models/userdict.txt");
/// The project's stop-word list (`models/stopwords.txt`).
pub const DEFAULT_STOPWORDS: &str = include_str!("../../models/stopwords.txt");

/// Label used in errors about the embedded models.
const DEFAULT_SOURCE: &str = "<default>";

/// jieba's own 350k-word dictionary takes a noticeable time to decompress and index, so it is
/// loaded once per process and cloned into each tokenizer.
fn base_jieba() -> &'static Jieba {
    static BASE: OnceLock<Jieba> = OnceLock::new();
    BASE.get_or_init(Jieba::new)
}

/// True when jieba's own dictionary or the project's user dictionary holds `word` (`驱动`, `工业化`): whether characters belong
/// to one word, as the cleaner asks of the two sides of a space a PDF left.
pub fn is_dictionary_word(word: &str) -> bool {
    static USER: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    let user = USER.get_or_init(|| {
        parse_user_dict(DEFAULT_SOURCE, DEFAULT_USER_DICT)
            .map(|entries| entries.into_iter().map(|e| e.word).collect())
            .unwrap_or_default()
    });
    base_jieba().has_word(word) || user.contains(word)
}

/// Unchecked tokenizer settings (builder).
///
/// By default the embedded user dictionary and stop words are used, HMM is off, sub-words of
/// long words are emitted too, and tokens shorter than two characters are dropped (choices
/// measured on the seeds: see `models/README.md`). Extra dictionaries and stop-word lists are added
/// to the defaults, not substituted for them.
#[derive(Debug, Clone)]
pub struct TokenizerParams {
    default_dict: bool,
    default_stopwords: bool,
    user_dicts: Vec<(String, String)>,
    stopword_lists: Vec<(String, String)>,
    hmm: bool,
    min_chars: usize,
    subwords: bool,
}

impl Default for TokenizerParams {
    fn default() -> Self {
        TokenizerParams {
            default_dict: true,
            default_stopwords: true,
            user_dicts: Vec::new(),
            stopword_lists: Vec::new(),
            hmm: false,
            min_chars: 2,
            subwords: true,
        }
    }
}

impl TokenizerParams {
    /// Default settings; same as [`Default::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to load the embedded `models/userdict.txt` (default `true`).
    pub fn default_dict(mut self, on: bool) -> Self {
        self.default_dict = on;
        self
    }

    /// Whether to load the embedded `models/stopwords.txt` (default `true`).
    pub fn default_stopwords(mut self, on: bool) -> Self {
        self.default_stopwords = on;
        self
    }

    /// Adds a user dictionary in jieba format; `name` (e.g. its path) labels errors.
    pub fn user_dict(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.user_dicts.push((name.into(), text.into()));
        self
    }

    /// Adds a stop-word list (one word per line); `name` labels errors.
    pub fn stopwords(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.stopword_lists.push((name.into(), text.into()));
        self
    }

    /// Whether jieba may guess out-of-dictionary words with its HMM (default `false`).
    pub fn hmm(mut self, on: bool) -> Self {
        self.hmm = on;
        self
    }

    /// Also emit the parts of user-dictionary compounds, as jieba's own dictionary segments
    /// them (`共建园区` -> `共建`, `园区`, `共建园区`), so that variants of a compound
    /// (`园区共建`, `集群发展促进机构`) still share terms (default `true`).
    pub fn subwords(mut self, on: bool) -> Self {
        self.subwords = on;
        self
    }

    /// Minimum token length in characters (default 2: single characters are dropped).
    pub fn min_chars(mut self, n: usize) -> Self {
        self.min_chars = n;
        self
    }

    /// Parses every dictionary and stop-word list and validates the options.
    ///
    /// # Errors
    /// A [`TextError`] naming the list and line of the first bad entry, or the bad option.
    pub fn check(&self) -> Result<TokenizerValidParams, TextError> {
        if self.min_chars == 0 {
            return Err(TextError::ZeroMinChars);
        }
        let mut entries = Vec::new();
        if self.default_dict {
            entries.extend(parse_user_dict(DEFAULT_SOURCE, DEFAULT_USER_DICT)?);
        }
        for (name, text) in &self.user_dicts {
            entries.extend(parse_user_dict(name, text)?);
        }
        let mut stopwords = HashSet::new();
        if self.default_stopwords {
            stopwords.extend(parse_stopwords(DEFAULT_SOURCE, DEFAULT_STOPWORDS)?);
        }
        for (name, text) in &self.stopword_lists {
            stopwords.extend(parse_stopwords(name, text)?);
        }
        Ok(TokenizerValidParams {
            entries,
            stopwords,
            hmm: self.hmm,
            min_chars: self.min_chars,
            subwords: self.subwords,
        })
    }

    /// Shorthand for `check()?.build()`.
    ///
    /// # Errors
    /// As [`TokenizerParams::check`].
    pub fn build(&self) -> Result<Tokenizer, TextError> {
        Ok(self.check()?.build())
    }
}

/// Checked tokenizer settings: parsed dictionary entries and stop words.
#[derive(Debug, Clone)]
pub struct TokenizerValidParams {
    entries: Vec<DictEntry>,
    stopwords: HashSet<String>,
    hmm: bool,
    min_chars: usize,
    subwords: bool,
}

impl TokenizerValidParams {
    /// The parsed user-dictionary entries, in load order.
    pub fn entries(&self) -> &[DictEntry] {
        &self.entries
    }

    /// Builds the tokenizer: clones the process-wide jieba and adds the user words to it.
    pub fn build(&self) -> Tokenizer {
        let base = base_jieba();
        let mut jieba = base.clone();
        let mut parts = HashMap::new();
        for e in &self.entries {
            jieba.add_word(&e.word, e.freq, e.tag.as_deref());
            let pieces = base.cut(&e.word, false);
            if self.subwords && pieces.len() > 1 {
                let pieces = pieces.into_iter().map(str::to_owned).collect();
                parts.insert(e.word.clone(), pieces);
            }
        }
        Tokenizer {
            jieba,
            parts,
            stopwords: self.stopwords.clone(),
            hmm: self.hmm,
            min_chars: self.min_chars,
        }
    }
}

/// A ready tokenizer. It is `Sync`: share one instance across threads.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    jieba: Jieba,
    /// User-dictionary compounds -> their segmentation by jieba's own dictionary.
    parts: HashMap<String, Vec<String>>,
    stopwords: HashSet<String>,
    hmm: bool,
    min_chars: usize,
}

impl Tokenizer {
    /// Segments one text into normalised tokens, dropping punctuation, whitespace, numerals,
    /// tokens shorter than `min_chars` and stop words. Order of occurrence is kept; with
    /// sub-words on, a compound's parts come right before the compound.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let norm = normalize(text);
        let mut out = Vec::new();
        for word in self.jieba.cut(&norm, self.hmm) {
            if let Some(parts) = self.parts.get(word) {
                out.extend(parts.iter().filter(|p| self.keeps(p)).cloned());
            }
            if self.keeps(word) {
                out.push(word.to_owned());
            }
        }
        out
    }

    /// Tokenizes many texts in parallel; the result is in input order.
    pub fn tokenize_all<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<String>> {
        self.tokenize_all_reporting(texts, &ProgressHandle::default())
    }

    /// Like [`Tokenizer::tokenize_all`], advancing `progress` by one per text.
    pub fn tokenize_all_reporting<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        progress: &ProgressHandle,
    ) -> Vec<Vec<String>> {
        texts
            .par_iter()
            .map(|t| {
                let tokens = self.tokenize(t.as_ref());
                progress.advance(1);
                tokens
            })
            .collect()
    }

    /// Whether `token` (already normalised) is a stop word.
    pub fn is_stopword(&self, token: &str) -> bool {
        self.stopwords.contains(token)
    }

    fn keeps(&self, token: &str) -> bool {
        token.chars().count() >= self.min_chars
            && token.chars().any(char::is_alphanumeric)
            && !is_numeral(token)
            && !self.stopwords.contains(token)
    }
}

/// A token that only spells a number: Arabic or Chinese digits with number punctuation
/// (`2020`, `5.1`, `1+8`, `十四`). Mixed tokens such as `5g` or `g60` are not numerals.
fn is_numeral(token: &str) -> bool {
    const CHINESE_DIGITS: &str = "零〇一二三四五六七八九十百千万亿两";
    const NUMBER_PUNCT: &str = ".,%‰+-/:";
    token
        .chars()
        .all(|c| c.is_numeric() || CHINESE_DIGITS.contains(c) || NUMBER_PUNCT.contains(c))
        && !token.chars().all(|c| NUMBER_PUNCT.contains(c))
}
