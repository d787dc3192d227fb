//! The fitted vocabulary: a bijection between terms and column ids, ids in sorted term order
//! so that the same corpus always yields the same columns.

/// Term <-> column id mapping. Ids are `0..len()`, assigned in ascending (byte-wise) term order.
///
/// A term's id is found by binary search in the sorted terms. Why no hash index: it held
/// every term a second time, and the similarity vocabulary of 100,000 units has over a
/// million terms; only `transform` (new documents, queries) looks terms up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
}

impl Vocabulary {
    /// Builds a vocabulary from distinct terms in any order; they are sorted here.
    pub fn from_terms(mut terms: Vec<String>) -> Self {
        terms.sort_unstable();
        terms.dedup();
        terms.shrink_to_fit();
        Vocabulary { terms }
    }

    /// Number of terms (= number of matrix columns).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The column id of `term`, if it is in the vocabulary.
    pub fn id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// The term of column `id`, if `id` is in range.
    pub fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(id as usize).map(String::as_str)
    }

    /// The terms of `ids` (`?` for an id out of range), to print term ids kept by a result.
    pub fn names(&self, ids: &[u32]) -> Vec<&str> {
        ids.iter().map(|&id| self.term(id).unwrap_or("?")).collect()
    }

    /// All terms, in id order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_sorted_term_order_whatever_the_input_order() {
        let a = Vocabulary::from_terms(vec![
            "园区".into(),
            "共建".into(),
            "5g".into(),
            "共建".into(),
        ]);
        let b = Vocabulary::from_terms(vec!["5g".into(), "园区".into(), "共建".into()]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        assert_eq!(a.term(0), Some("5g"));
        assert_eq!(a.id("园区"), Some(2));
        assert_eq!(a.term(3), None);
        assert_eq!(a.id("飞地"), None);
    }
}
