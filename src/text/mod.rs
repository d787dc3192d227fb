//! Tokenization of Chinese policy text: normalisation for matching, jieba segmentation with
//! the project's user dictionary, and filtering of stop words, punctuation and numerals.

mod dict;
mod error;
mod normalize;
mod tokenizer;

pub use dict::{parse_stopwords, parse_user_dict, DictEntry};
pub use error::TextError;
pub use normalize::normalize;
pub use tokenizer::{
    is_dictionary_word, Tokenizer, TokenizerParams, TokenizerValidParams, DEFAULT_STOPWORDS,
    DEFAULT_USER_DICT,
};

#[cfg(test)]
mod tests;
