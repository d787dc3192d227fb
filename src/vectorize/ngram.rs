//! Word n-grams: the terms a token list contributes to the vocabulary.

/// The terms of one document: every run of `min..=max` consecutive tokens, joined by a space.
///
/// Tokens never contain whitespace, so a joined bigram such as `"产业 协同"` cannot collide
/// with a single token `"产业协同"`. Terms come out grouped by n, then in text order.
///
/// The tokenizer emits a dictionary compound's parts right before the compound (`产业`,
/// `转移`, `产业转移`); n-grams that only restate one compound (`产业 转移`, `转移 产业转移`)
/// carry no information of their own and are skipped.
pub fn terms_of(tokens: &[String], min: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for n in min.max(1)..=max {
        if n == 1 {
            out.extend(tokens.iter().cloned());
            continue;
        }
        for (i, w) in tokens.windows(n).enumerate() {
            let restates = w
                .windows(2)
                .any(|p| p[0].contains(p[1].as_str()) || p[1].contains(p[0].as_str()))
                || tokens.get(i + n).is_some_and(|next| *next == w.concat());
            if !restates {
                out.push(w.join(" "));
            }
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
    fn ngrams_that_restate_a_compound_are_skipped() {
        let t = toks("推动|产业|转移|产业转移|园区");
        assert_eq!(
            terms_of(&t, 2, 2),
            ["推动 产业", "产业转移 园区"],
            "产业 转移 spells the next token; 转移 产业转移 overlaps it"
        );
    }

    #[test]
    fn document_shorter_than_n_has_no_ngrams() {
        assert!(terms_of(&toks("园区"), 2, 3).is_empty());
        assert!(terms_of(&[], 1, 2).is_empty());
    }
}
