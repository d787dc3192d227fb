//! TF-IDF settings: the unchecked [`TfidfParams`] builder and its validated form.

use super::error::VectorizeError;

/// A document-frequency bound, as in scikit-learn: an absolute count of documents or a
/// fraction of the corpus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DfThreshold {
    /// At least 1 document.
    Count(usize),
    /// A proportion of the corpus in `(0, 1]`.
    Fraction(f64),
}

impl DfThreshold {
    /// The bound in documents for a corpus of `n_docs`.
    pub fn docs(self, n_docs: usize) -> f64 {
        match self {
            DfThreshold::Count(c) => c as f64,
            DfThreshold::Fraction(f) => f * n_docs as f64,
        }
    }

    fn validate(self, option: &'static str) -> Result<(), VectorizeError> {
        match self {
            DfThreshold::Count(0) => Err(VectorizeError::ZeroCount { option }),
            DfThreshold::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                Err(VectorizeError::FractionOutOfRange { option, value: f })
            }
            _ => Ok(()),
        }
    }
}

/// Unchecked TF-IDF settings (builder). Defaults are the ones chosen on the seed corpus:
/// sublinear tf, smooth idf, `min_df = 1` document, `max_df = 1.0`, unigrams and bigrams,
/// l2 norm.
#[derive(Debug, Clone, PartialEq)]
pub struct TfidfParams {
    pub(crate) sublinear_tf: bool,
    pub(crate) smooth_idf: bool,
    pub(crate) min_df: DfThreshold,
    pub(crate) max_df: DfThreshold,
    pub(crate) ngram: (usize, usize),
    pub(crate) l2_norm: bool,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            sublinear_tf: true,
            smooth_idf: true,
            min_df: DfThreshold::Count(1),
            max_df: DfThreshold::Fraction(1.0),
            ngram: (1, 2),
            l2_norm: true,
        }
    }
}

impl TfidfParams {
    /// Default settings; same as [`Default::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `1 + ln(tf)` instead of the raw count.
    pub fn sublinear_tf(mut self, on: bool) -> Self {
        self.sublinear_tf = on;
        self
    }

    /// Smooth idf `ln((1+n)/(1+df)) + 1` (on) or `ln(n/df) + 1` (off).
    pub fn smooth_idf(mut self, on: bool) -> Self {
        self.smooth_idf = on;
        self
    }

    /// Ignore terms in fewer documents than this.
    pub fn min_df(mut self, t: DfThreshold) -> Self {
        self.min_df = t;
        self
    }

    /// Ignore terms in more documents than this.
    pub fn max_df(mut self, t: DfThreshold) -> Self {
        self.max_df = t;
        self
    }

    /// Word n-gram range, inclusive: `(1, 1)` unigrams, `(1, 2)` unigrams and bigrams.
    pub fn ngram(mut self, min: usize, max: usize) -> Self {
        self.ngram = (min, max);
        self
    }

    /// Scale each row to unit Euclidean length (needed for cosine similarity).
    pub fn l2_norm(mut self, on: bool) -> Self {
        self.l2_norm = on;
        self
    }

    /// Validates every rule.
    ///
    /// # Errors
    /// One [`VectorizeError`] variant per rule: fraction out of `(0, 1]`, zero count,
    /// `min_df` above `max_df` (when both are counts or both fractions; mixed kinds are
    /// compared at fit time, once the corpus size is known), invalid n-gram range.
    pub fn check(&self) -> Result<TfidfValidParams, VectorizeError> {
        self.min_df.validate("min_df")?;
        self.max_df.validate("max_df")?;
        match (self.min_df, self.max_df) {
            (DfThreshold::Count(a), DfThreshold::Count(b)) if a > b => {
                return Err(VectorizeError::MinDfAboveMaxDf {
                    min_docs: a as f64,
                    max_docs: b as f64,
                })
            }
            (DfThreshold::Fraction(a), DfThreshold::Fraction(b)) if a > b => {
                return Err(VectorizeError::MinDfAboveMaxDf {
                    min_docs: a,
                    max_docs: b,
                })
            }
            _ => {}
        }
        let (min, max) = self.ngram;
        if min < 1 || min > max {
            return Err(VectorizeError::InvalidNgram { min, max });
        }
        Ok(TfidfValidParams(self.clone()))
    }
}

/// TF-IDF settings that passed [`TfidfParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct TfidfValidParams(pub(crate) TfidfParams);

impl TfidfValidParams {
    /// The settings.
    pub fn params(&self) -> &TfidfParams {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DfThreshold::{Count, Fraction};

    #[test]
    fn defaults_are_valid() {
        assert!(TfidfParams::new().check().is_ok());
        assert!(TfidfParams::new()
            .ngram(1, 1)
            .min_df(Fraction(0.5))
            .check()
            .is_ok());
        assert!(TfidfParams::new().ngram(2, 3).check().is_ok());
    }

    #[test]
    fn fraction_outside_unit_interval_is_rejected() {
        for bad in [0.0, -0.1, 1.5, f64::NAN] {
            let err = TfidfParams::new()
                .min_df(Fraction(bad))
                .check()
                .unwrap_err();
            assert!(matches!(
                err,
                VectorizeError::FractionOutOfRange {
                    option: "min_df",
                    ..
                }
            ));
            let err = TfidfParams::new()
                .max_df(Fraction(bad))
                .check()
                .unwrap_err();
            assert!(matches!(
                err,
                VectorizeError::FractionOutOfRange {
                    option: "max_df",
                    ..
                }
            ));
        }
        assert!(TfidfParams::new().max_df(Fraction(1.0)).check().is_ok());
    }

    #[test]
    fn zero_count_is_rejected() {
        let err = TfidfParams::new().min_df(Count(0)).check().unwrap_err();
        assert_eq!(err, VectorizeError::ZeroCount { option: "min_df" });
        let err = TfidfParams::new().max_df(Count(0)).check().unwrap_err();
        assert_eq!(err, VectorizeError::ZeroCount { option: "max_df" });
    }

    #[test]
    fn min_df_above_max_df_of_same_kind_is_rejected() {
        let err = TfidfParams::new()
            .min_df(Count(3))
            .max_df(Count(2))
            .check()
            .unwrap_err();
        assert!(matches!(err, VectorizeError::MinDfAboveMaxDf { .. }));
        let err = TfidfParams::new()
            .min_df(Fraction(0.6))
            .max_df(Fraction(0.5))
            .check()
            .unwrap_err();
        assert!(matches!(err, VectorizeError::MinDfAboveMaxDf { .. }));
        // Equal bounds keep exactly the terms at that frequency: allowed.
        assert!(TfidfParams::new()
            .min_df(Count(2))
            .max_df(Count(2))
            .check()
            .is_ok());
    }

    #[test]
    fn invalid_ngram_range_is_rejected() {
        for (min, max) in [(0, 1), (2, 1), (0, 0)] {
            let err = TfidfParams::new().ngram(min, max).check().unwrap_err();
            assert_eq!(err, VectorizeError::InvalidNgram { min, max });
        }
    }
}
