//! Quality metrics for benchmarking the pipeline against labelled evaluation sets: rank
//! correlation and ROC-AUC for pair similarity ([`spearman`], [`roc_auc`]), and agreement of a
//! clustering with gold classes ([`nmi`], [`adjusted_rand`], [`v_measure`]).
//!
//! The formulas follow SciPy (`spearmanr`, average ranks for ties) and scikit-learn
//! (`roc_auc_score`, `normalized_mutual_info_score` with arithmetic-mean normalisation,
//! `adjusted_rand_score`, `homogeneity_completeness_v_measure`), so figures can be compared
//! with published ones. Pure functions, no I/O: the benchmark examples load the data.

mod error;
mod partition;
mod rank;

pub use error::EvalError;
pub use partition::{adjusted_rand, nmi, v_measure, VMeasure};
pub use rank::{average_ranks, pearson, roc_auc, spearman};
