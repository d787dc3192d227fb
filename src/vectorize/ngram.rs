//! Word n-grams: the terms a token list contributes to the vocabulary.

/// The terms of one document: every run of `min..=max` consecutive tokens, joined by a space.
///
/// Tokens never contain whitespace, so a joined bigram such as `"产业 协同"` cannot collide
/// with a single token `"产业协同"`. Terms come out grouped by n, then in text order.
pub fn terms_of(tokens: &[String], min: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for n in min.max(1)..=max {
        if n == 1 {
            out.extend(tokens.iter().cloned());
        } else {
            out.extend(tokens.windows(n).map(|w| w.join(" ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split('|').map(str::to_owned).collect()
    }

    #[test]
    fn unigrams_and_bigrams() {
        let t = toks("共建|园区|飞地经济");
        assert_eq!(terms_of(&t, 1, 1), t);
        assert_eq!(
            terms_of(&t, 1, 2),
            ["共建", "园区", "飞地经济", "共建 园区", "园区 飞地经济"]
        );
        assert_eq!(terms_of(&t, 2, 2), ["共建 园区", "园区 飞地经济"]);
    }

    #[test]
    fn document_shorter_than_n_has_no_ngrams() {
        assert!(terms_of(&toks("园区"), 2, 3).is_empty());
        assert!(terms_of(&[], 1, 2).is_empty());
    }
}
