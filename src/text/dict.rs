//! Parsers for the two text formats the tokenizer reads: jieba user dictionaries
//! (`word [freq] [tag]` per line) and stop-word lists (one word per line).

use super::error::TextError;
use super::normalize::normalize;

/// One user-dictionary entry, with its word already normalised for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictEntry {
    /// The word, normalised (half-width, lower-case Latin).
    pub word: String,
    /// Frequency; `None` lets jieba pick the smallest frequency that keeps the word whole.
    pub freq: Option<usize>,
    /// Part-of-speech tag, if given.
    pub tag: Option<String>,
}

/// Parses a jieba user dictionary.
///
/// Blank lines are skipped, as jieba does. `source_name` only labels errors.
///
/// # Errors
/// [`TextError::BadFrequency`] or [`TextError::TooManyFields`] naming the 1-based line.
pub fn parse_user_dict(source_name: &str, text: &str) -> Result<Vec<DictEntry>, TextError> {
    let mut entries = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let fields: Vec<&str> = raw.split_whitespace().collect();
        let Some((&word, rest)) = fields.split_first() else {
            continue;
        };
        if fields.len() > 3 {
            return Err(TextError::TooManyFields {
                source_name: source_name.to_owned(),
                line: idx + 1,
                fields: fields.len(),
            });
        }
        let freq = match rest.first() {
            None => None,
            Some(v) => Some(v.parse::<usize>().map_err(|_| TextError::BadFrequency {
                source_name: source_name.to_owned(),
                line: idx + 1,
                value: (*v).to_owned(),
            })?),
        };
        entries.push(DictEntry {
            word: normalize(word),
            freq,
            tag: rest.get(1).map(|t| (*t).to_owned()),
        });
    }
    Ok(entries)
}

/// Parses a stop-word list: one word per line, surrounding whitespace and blank lines ignored.
///
/// # Errors
/// [`TextError::StopwordNotOneWord`] naming the 1-based line when a line holds two words.
pub fn parse_stopwords(source_name: &str, text: &str) -> Result<Vec<String>, TextError> {
    let mut words = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let mut fields = raw.split_whitespace();
        let Some(word) = fields.next() else {
            continue;
        };
        if fields.next().is_some() {
            return Err(TextError::StopwordNotOneWord {
                source_name: source_name.to_owned(),
                line: idx + 1,
            });
        }
        words.push(normalize(word));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_lines_with_optional_fields_parse() {
        let e = parse_user_dict("d", "扬子江城市群 20000 ns\n\n飞地经济 30\nＧ６０\n").unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].freq, Some(20000));
        assert_eq!(e[0].tag.as_deref(), Some("ns"));
        assert_eq!(e[1].tag, None);
        assert_eq!(e[2].word, "g60");
        assert_eq!(e[2].freq, None);
    }

    #[test]
    fn bad_frequency_names_source_and_line() {
        let err = parse_user_dict("my.dict", "共建园区 100\n飞地经济 many n\n").unwrap_err();
        assert_eq!(
            err,
            TextError::BadFrequency {
                source_name: "my.dict".into(),
                line: 2,
                value: "many".into()
            }
        );
        assert!(err.to_string().contains("my.dict:2"));
    }

    #[test]
    fn four_fields_is_an_error_with_line() {
        let err = parse_user_dict("d", "\n\n成本共担 10 n extra\n").unwrap_err();
        assert!(matches!(
            err,
            TextError::TooManyFields {
                line: 3,
                fields: 4,
                ..
            }
        ));
    }

    #[test]
    fn stopword_line_with_two_words_is_an_error() {
        let err = parse_stopwords("s", "的\n推动 加强\n").unwrap_err();
        assert!(matches!(err, TextError::StopwordNotOneWord { line: 2, .. }));
        assert_eq!(
            parse_stopwords("s", " 的 \n\nＡＢ\n").unwrap(),
            ["的", "ab"]
        );
    }
}
