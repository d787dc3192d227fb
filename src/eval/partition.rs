//! Agreement between a clustering and gold classes, from their contingency table: normalised
//! mutual information, homogeneity / completeness / V-measure, and the adjusted Rand index.
//! Labels are arbitrary ids; only which rows share one matters.

use std::collections::BTreeMap;

use super::error::EvalError;

/// Counts of the contingency table (class, cluster) and of each margin. BTreeMaps keep the
/// summation order fixed, so results are reproducible to the last bit.
struct Contingency {
    n: usize,
    cells: BTreeMap<(usize, usize), usize>,
    classes: BTreeMap<usize, usize>,
    clusters: BTreeMap<usize, usize>,
}

impl Contingency {
    fn new(classes: &[usize], clusters: &[usize]) -> Result<Self, EvalError> {
        if classes.len() != clusters.len() {
            return Err(EvalError::LengthMismatch {
                left: classes.len(),
                right: clusters.len(),
            });
        }
        if classes.is_empty() {
            return Err(EvalError::TooFew {
                metric: "clustering agreement",
                needed: 1,
                got: 0,
            });
        }
        let mut t = Contingency {
            n: classes.len(),
            cells: BTreeMap::new(),
            classes: BTreeMap::new(),
            clusters: BTreeMap::new(),
        };
        for (&a, &b) in classes.iter().zip(clusters) {
            *t.cells.entry((a, b)).or_default() += 1;
            *t.classes.entry(a).or_default() += 1;
            *t.clusters.entry(b).or_default() += 1;
        }
        Ok(t)
    }

    /// Shannon entropy (natural log) of a margin.
    fn entropy(&self, margin: &BTreeMap<usize, usize>) -> f64 {
        let n = self.n as f64;
        -margin
            .values()
            .map(|&c| {
                let p = c as f64 / n;
                p * p.ln()
            })
            .sum::<f64>()
    }

    /// Mutual information (natural log) of classes and clusters, clipped at 0 against
    /// rounding.
    fn mutual_information(&self) -> f64 {
        let n = self.n as f64;
        let mi: f64 = self
            .cells
            .iter()
            .map(|(&(a, b), &c)| {
                let c = c as f64;
                let (ca, cb) = (self.classes[&a] as f64, self.clusters[&b] as f64);
                c / n * (n * c / (ca * cb)).ln()
            })
            .sum();
        mi.max(0.0)
    }
}

/// Homogeneity (each cluster holds one class), completeness (each class sits in one cluster)
/// and their harmonic mean, the V-measure (β = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VMeasure {
    /// `1 - H(class | cluster) / H(class)`; 1 when there is a single class.
    pub homogeneity: f64,
    /// `1 - H(cluster | class) / H(cluster)`; 1 when there is a single cluster.
    pub completeness: f64,
    /// Harmonic mean of homogeneity and completeness.
    pub v_measure: f64,
}

/// Homogeneity, completeness and V-measure of `clusters` against gold `classes`, as
/// scikit-learn's `homogeneity_completeness_v_measure`.
///
/// # Errors
/// Different lengths or empty input.
pub fn v_measure(classes: &[usize], clusters: &[usize]) -> Result<VMeasure, EvalError> {
    let t = Contingency::new(classes, clusters)?;
    let (hc, hk) = (t.entropy(&t.classes), t.entropy(&t.clusters));
    let mi = t.mutual_information();
    let homogeneity = if hc == 0.0 { 1.0 } else { mi / hc };
    let completeness = if hk == 0.0 { 1.0 } else { mi / hk };
    let v_measure = if homogeneity + completeness == 0.0 {
        0.0
    } else {
        2.0 * homogeneity * completeness / (homogeneity + completeness)
    };
    Ok(VMeasure {
        homogeneity,
        completeness,
        v_measure,
    })
}

/// Normalised mutual information with arithmetic-mean normalisation,
/// `MI / ((H(class) + H(cluster)) / 2)` (scikit-learn's default). One class and one cluster
/// count as a perfect match (1), as there.
///
/// # Errors
/// Different lengths or empty input.
pub fn nmi(classes: &[usize], clusters: &[usize]) -> Result<f64, EvalError> {
    let t = Contingency::new(classes, clusters)?;
    if t.classes.len() == 1 && t.clusters.len() == 1 {
        return Ok(1.0);
    }
    let mi = t.mutual_information();
    if mi == 0.0 {
        return Ok(0.0);
    }
    let norm = (t.entropy(&t.classes) + t.entropy(&t.clusters)) / 2.0;
    Ok((mi / norm).min(1.0))
}

/// Pairs among `c` items.
fn pairs(c: usize) -> f64 {
    let c = c as f64;
    c * (c - 1.0) / 2.0
}

/// Adjusted Rand index (Hubert & Arabie 1985): the Rand index corrected for chance, 0 for a
/// random clustering and 1 for the gold partition (any relabelling). When both partitions are
/// trivial in the same way (one group each, or all singletons) it is 1, as in scikit-learn.
///
/// # Errors
/// Different lengths or empty input.
pub fn adjusted_rand(classes: &[usize], clusters: &[usize]) -> Result<f64, EvalError> {
    let t = Contingency::new(classes, clusters)?;
    let index: f64 = t.cells.values().map(|&c| pairs(c)).sum();
    let sum_a: f64 = t.classes.values().map(|&c| pairs(c)).sum();
    let sum_b: f64 = t.clusters.values().map(|&c| pairs(c)).sum();
    let expected = sum_a * sum_b / pairs(t.n).max(1.0);
    let max = (sum_a + sum_b) / 2.0;
    if max == expected {
        return Ok(1.0);
    }
    Ok((index - expected) / (max - expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn v_measure_matches_scikit_learn_example() {
        // scikit-learn docs: v_measure_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.8.
        // By hand: H(class) = ln 2, H(cluster) = 1.5 ln 2, MI = ln 2, so h = 1, c = 2/3,
        // v = 2 * (2/3) / (5/3) = 0.8.
        let v = v_measure(&[0, 0, 1, 1], &[0, 0, 1, 2]).unwrap();
        assert!(close(v.homogeneity, 1.0));
        assert!(close(v.completeness, 2.0 / 3.0));
        assert!(close(v.v_measure, 0.8));
        assert!(close(nmi(&[0, 0, 1, 1], &[0, 0, 1, 2]).unwrap(), 0.8));
    }

    #[test]
    fn split_and_merged_clusters_by_hand() {
        // classes [0,0,0,1,1,1], clusters [0,0,1,1,2,2]: cells (0,0)=2 (0,1)=1 (1,1)=1 (1,2)=2.
        // H(class) = ln 2, H(cluster) = ln 3. MI: cells of 2 give (1/3) ln((2/6)/(1/2 * 1/3))
        // = (1/3) ln 2 each, cells of 1 give (1/6) ln 1 = 0, so MI = (2/3) ln 2.
        let (classes, clusters) = ([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]);
        let mi = 2.0 / 3.0 * 2f64.ln();
        let v = v_measure(&classes, &clusters).unwrap();
        assert!(close(v.homogeneity, 2.0 / 3.0));
        assert!(close(v.completeness, mi / 3f64.ln()));
        // NMI (arithmetic) = MI / ((ln 2 + ln 3) / 2) = (4/3) ln 2 / ln 6 = 0.5158...; with
        // β = 1 the V-measure is the same number.
        let expected = 4.0 / 3.0 * 2f64.ln() / 6f64.ln();
        assert!(close(nmi(&classes, &clusters).unwrap(), expected));
        assert!(close(v.v_measure, expected));
        // ARI: pairs within cells 1 + 0 + 0 + 1 = 2; class pairs 3 + 3 = 6; cluster pairs
        // 1 + 1 + 1 = 3; expected 6 * 3 / 15 = 1.2; max (6 + 3) / 2 = 4.5;
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33.
        assert!(close(
            adjusted_rand(&classes, &clusters).unwrap(),
            8.0 / 33.0
        ));
    }

    #[test]
    fn adjusted_rand_matches_scikit_learn_examples() {
        // scikit-learn docs: adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714... = 4/7
        // (index 1, expected 1 * 2 / 6, max 1.5).
        assert!(close(
            adjusted_rand(&[0, 0, 1, 2], &[0, 0, 1, 1]).unwrap(),
            4.0 / 7.0
        ));
        // Crossed halves: index 0, expected 2 * 2 / 6, max 2 -> (0 - 2/3) / (4/3) = -0.5.
        assert!(close(
            adjusted_rand(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap(),
            -0.5
        ));
        assert!(close(
            adjusted_rand(&[0, 0, 0, 0], &[0, 1, 2, 3]).unwrap(),
            0.0
        ));
        assert!(close(adjusted_rand(&[0, 0, 0], &[7, 7, 7]).unwrap(), 1.0));
    }

    #[test]
    fn scores_ignore_label_names() {
        let classes = [3, 3, 9, 9, 9, 1];
        let a = [0, 0, 1, 1, 2, 2];
        let b = [5, 5, 0, 0, 8, 8];
        assert_eq!(nmi(&classes, &a), nmi(&classes, &b));
        assert_eq!(adjusted_rand(&classes, &a), adjusted_rand(&classes, &b));
        assert_eq!(v_measure(&classes, &a), v_measure(&classes, &b));
        assert!(close(nmi(&classes, &classes).unwrap(), 1.0));
        assert!(close(
            adjusted_rand(&classes, &[1, 1, 0, 0, 0, 2]).unwrap(),
            1.0
        ));
    }

    #[test]
    fn degenerate_partitions_follow_scikit_learn() {
        // One class, every row its own cluster: no shared information.
        assert_eq!(nmi(&[0, 0, 0, 0], &[0, 1, 2, 3]).unwrap(), 0.0);
        let v = v_measure(&[0, 0, 0, 0], &[0, 1, 2, 3]).unwrap();
        assert_eq!((v.homogeneity, v.completeness), (1.0, 0.0));
        assert_eq!(nmi(&[4, 4], &[1, 1]).unwrap(), 1.0);
        assert_eq!(
            nmi(&[0, 1], &[0]),
            Err(EvalError::LengthMismatch { left: 2, right: 1 })
        );
        assert!(matches!(
            adjusted_rand(&[], &[]),
            Err(EvalError::TooFew { got: 0, .. })
        ));
    }
}
