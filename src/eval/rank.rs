//! Rank statistics for scored pairs: average (fractional) ranks, Pearson and Spearman
//! correlation, and ROC-AUC through the Mann-Whitney rank sum.

use super::error::EvalError;

fn check_finite(values: &[f64]) -> Result<(), EvalError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(EvalError::NonFinite { index }),
        None => Ok(()),
    }
}

fn check_lengths(left: usize, right: usize) -> Result<(), EvalError> {
    if left == right {
        Ok(())
    } else {
        Err(EvalError::LengthMismatch { left, right })
    }
}

/// 1-based ranks of `values`, tied values sharing the mean of the ranks they span
/// (`[10, 20, 20, 30]` -> `[1, 2.5, 2.5, 4]`), as SciPy's `rankdata(method="average")`.
///
/// # Errors
/// [`EvalError::NonFinite`] for a NaN or infinite value.
pub fn average_ranks(values: &[f64]) -> Result<Vec<f64>, EvalError> {
    check_finite(values)?;
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        // -0.0 and 0.0 compare unequal under total_cmp but are the same score.
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1 ..= end; their mean is (start + 1 + end) / 2.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    Ok(ranks)
}

/// Pearson correlation coefficient of two equally long sequences.
///
/// # Errors
/// Different lengths, fewer than 2 values, non-finite values, or a constant input.
pub fn pearson(x: &[f64], y: &[f64]) -> Result<f64, EvalError> {
    check_lengths(x.len(), y.len())?;
    if x.len() < 2 {
        return Err(EvalError::TooFew {
            metric: "correlation",
            needed: 2,
            got: x.len(),
        });
    }
    check_finite(x)?;
    check_finite(y)?;
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 {
        return Err(EvalError::Constant { which: "first" });
    }
    if syy == 0.0 {
        return Err(EvalError::Constant { which: "second" });
    }
    Ok((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Spearman rank correlation: Pearson correlation of the average ranks, so ties (integer gold
/// scores, equal cosines) are handled as SciPy's `spearmanr` does.
///
/// # Errors
/// As [`pearson`].
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, EvalError> {
    check_lengths(x.len(), y.len())?;
    pearson(&average_ranks(x)?, &average_ranks(y)?)
}

/// Area under the ROC curve of `scores` for the binary `labels` (`true` = positive): the
/// probability that a random positive scores above a random negative, ties counting one half.
///
/// # Errors
/// Different lengths, non-finite scores, or labels of only one class.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> Result<f64, EvalError> {
    check_lengths(scores.len(), labels.len())?;
    let positives = labels.iter().filter(|&&l| l).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 {
        return Err(EvalError::OneClass {
            positives,
            negatives,
        });
    }
    let ranks = average_ranks(scores)?;
    let rank_sum: f64 = ranks
        .iter()
        .zip(labels)
        .filter(|(_, &l)| l)
        .map(|(r, _)| r)
        .sum();
    let (p, q) = (positives as f64, negatives as f64);
    Ok((rank_sum - p * (p + 1.0) / 2.0) / (p * q))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ties_share_the_mean_of_their_ranks() {
        let r = average_ranks(&[30.0, 10.0, 20.0, 20.0, 20.0]).unwrap();
        // Sorted: 10 (rank 1), 20 20 20 (ranks 2, 3, 4 -> 3), 30 (rank 5).
        assert_eq!(r, vec![5.0, 1.0, 3.0, 3.0, 3.0]);
        assert_eq!(average_ranks(&[]).unwrap(), Vec::<f64>::new());
        assert_eq!(average_ranks(&[0.0, -0.0]).unwrap(), vec![1.5, 1.5]);
    }

    #[test]
    fn spearman_with_ties_matches_scipy_example() {
        // SciPy's spearmanr documentation: [1,2,3,4,5] vs [5,6,7,8,7] -> 0.8207826816681233.
        // By hand: ranks of y are [1, 2, 3.5, 5, 3.5]; deviations from the mean 3 are
        // x: [-2,-1,0,1,2], y: [-2,-1,0.5,2,0.5]; sum xy = 8, sum xx = 10, sum yy = 9.5;
        // rho = 8 / sqrt(95).
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0]).unwrap();
        assert!(close(rho, 8.0 / 95f64.sqrt()));
        assert!(close(rho, 0.820_782_681_668_123_3));
    }

    #[test]
    fn spearman_with_integer_gold_scores() {
        // Gold scores 0-5 with ties, as in Chinese STS-B. cos = [0.1, 0.3, 0.3, 0.9] ranks
        // [1, 2.5, 2.5, 4]; gold = [0, 2, 2, 5] ranks the same, so rho = 1 despite the ties.
        let rho = spearman(&[0.1, 0.3, 0.3, 0.9], &[0.0, 2.0, 2.0, 5.0]).unwrap();
        assert!(close(rho, 1.0));
        // Swap the middle cosines' tie for an order: cos ranks [1, 2, 3, 4], gold [1, 2.5, 2.5, 4].
        // Deviations: x [-1.5,-0.5,0.5,1.5], y [-1.5,0,0,1.5]; sum xy = 4.5, xx = 5, yy = 4.5;
        // rho = 4.5 / sqrt(22.5) = 0.9486832980505138.
        let rho = spearman(&[0.1, 0.2, 0.3, 0.9], &[0.0, 2.0, 2.0, 5.0]).unwrap();
        assert!(close(rho, 4.5 / 22.5f64.sqrt()));
        let rho = spearman(&[0.9, 0.3, 0.2, 0.1], &[0.0, 1.0, 2.0, 5.0]).unwrap();
        assert!(close(rho, -1.0));
    }

    #[test]
    fn undefined_correlations_are_errors() {
        assert_eq!(
            spearman(&[1.0, 2.0], &[1.0]),
            Err(EvalError::LengthMismatch { left: 2, right: 1 })
        );
        assert_eq!(
            spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]),
            Err(EvalError::Constant { which: "first" })
        );
        assert_eq!(
            pearson(&[1.0, 2.0], &[f64::NAN, 2.0]),
            Err(EvalError::NonFinite { index: 0 })
        );
        assert!(matches!(
            pearson(&[1.0], &[1.0]),
            Err(EvalError::TooFew { got: 1, .. })
        ));
    }

    #[test]
    fn auc_counts_pairs_and_half_ties() {
        // scikit-learn's roc_auc_score example: scores [0.1, 0.4, 0.35, 0.8], labels
        // [0, 0, 1, 1] -> 0.75 (positive 0.35 beats 0.1 only, 0.8 beats both: 3 of 4 pairs).
        let auc = roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]).unwrap();
        assert!(close(auc, 0.75));
        // One positive tied with one of two negatives and above the other: (1 + 0.5) / 2.
        let auc = roc_auc(&[0.5, 0.5, 0.2], &[true, false, false]).unwrap();
        assert!(close(auc, 0.75));
        assert_eq!(
            roc_auc(&[0.1, 0.2], &[true, true]),
            Err(EvalError::OneClass {
                positives: 2,
                negatives: 0
            })
        );
    }
}
