//! Top-N nearest neighbours of every row (across documents by default), and ranking of the
//! rows against an external query vector.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::accumulator::{Accumulator, Scores, SparseAccumulator};
use super::error::SimilarityError;
use super::index::{check_query, check_rows, InvertedIndex};
use crate::vectorize::CsrMatrix;

/// Shared terms reported per neighbour unless configured otherwise.
const DEFAULT_SHARED_TERMS: usize = 5;

/// One similar row.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// The similar row.
    pub row: usize,
    /// Cosine similarity.
    pub score: f32,
    /// The columns contributing most to `score`, as `(column, a_t * b_t)`, highest first
    /// (ties by column).
    pub shared_terms: Vec<(u32, f32)>,
}

/// Unchecked neighbour-search settings (builder).
#[derive(Debug, Clone, PartialEq)]
pub struct NeighborParams {
    top_n: usize,
    within_group: bool,
    shared_terms: usize,
    min_score: f32,
    exact_limit: usize,
    budget: usize,
    rerank: usize,
    refine: usize,
    impact: bool,
}

/// Up to this many rows the search is exact; above it candidates come from a bounded number
/// of postings and are re-ranked by exact cosine (see [`neighbors`]).
pub const DEFAULT_EXACT_LIMIT: usize = 20_000;

/// Above this many rows a pruned search sums scores in a small hash table rather than a dense
/// array of one score per row (see [`SparseAccumulator`]): 1 MiB of scores.
const SPARSE_FROM_ROWS: usize = 262_144;
/// Postings walked per row to gather candidates above the exact limit (see [`neighbors`];
/// recall in README).
pub const DEFAULT_CANDIDATE_BUDGET: usize = 1024;
/// Rounds of neighbourhood refinement that end the pruned search by default.
///
/// Why one setting at every size: a term's postings grow with the corpus, so a fixed budget
/// finds fewer true neighbours as it grows, and the search once read twice the postings above
/// 250,000 rows to hold recall there, which made its time grow faster than the rows. Re-ranking
/// more candidates and one refinement round hold it instead at the same work per row: with
/// 1,024 postings, 8 × 5 re-ranked and one round, recall@5 is 0.998 at 100,000 units and 0.963
/// at 1,000,000 (README).
pub const DEFAULT_REFINE_ROUNDS: usize = 1;
/// Rows that listed a row as a neighbour taken as its candidates in the refinement round, as
/// a multiple of `top_n` (the best by cosine): a row many others list costs no more.
const REVERSE_CAP: usize = 2;
/// Candidates re-ranked per row by default, as a multiple of `top_n`.
pub const DEFAULT_RERANK_FACTOR: usize = 8;

impl Default for NeighborParams {
    fn default() -> Self {
        NeighborParams {
            top_n: 5,
            within_group: false,
            shared_terms: DEFAULT_SHARED_TERMS,
            min_score: 0.0,
            exact_limit: DEFAULT_EXACT_LIMIT,
            budget: DEFAULT_CANDIDATE_BUDGET,
            rerank: DEFAULT_RERANK_FACTOR,
            refine: DEFAULT_REFINE_ROUNDS,
            impact: true,
        }
    }
}

impl NeighborParams {
    /// Defaults: top 5, other groups only, 5 shared terms, scores >= 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many neighbours to keep per row (at least 1).
    pub fn top_n(mut self, n: usize) -> Self {
        self.top_n = n;
        self
    }

    /// Also return rows of the same group (document); the row itself never is.
    pub fn within_group(mut self, on: bool) -> Self {
        self.within_group = on;
        self
    }

    /// How many shared terms to report per neighbour (0 for none).
    pub fn shared_terms(mut self, n: usize) -> Self {
        self.shared_terms = n;
        self
    }

    /// Drop neighbours scoring below this, in [-1, 1].
    pub fn min_score(mut self, s: f32) -> Self {
        self.min_score = s;
        self
    }

    /// Above this many rows, use the pruned candidate search (exact below it).
    pub fn exact_limit(mut self, rows: usize) -> Self {
        self.exact_limit = rows;
        self
    }

    /// Postings walked per row to gather candidates in the pruned search (at least one block
    /// of the heaviest term's, or the rarest term's whole list, is always walked).
    /// Default: [`DEFAULT_CANDIDATE_BUDGET`].
    pub fn candidate_budget(mut self, postings: usize) -> Self {
        self.budget = postings;
        self
    }

    /// Candidates re-ranked by exact cosine per row in the pruned search, as a multiple of
    /// `top_n` (at least 1; default [`DEFAULT_RERANK_FACTOR`]).
    pub fn rerank_factor(mut self, factor: usize) -> Self {
        self.rerank = factor.max(1);
        self
    }

    /// Rounds of neighbourhood refinement that end the pruned search (see [`neighbors`];
    /// default: [`DEFAULT_REFINE_ROUNDS`]).
    pub fn refine(mut self, rounds: usize) -> Self {
        self.refine = rounds;
        self
    }

    /// Whether the pruned search reads the heaviest postings of all the row's terms (the
    /// default) rather than whole postings lists rarest first.
    pub fn impact_order(mut self, on: bool) -> Self {
        self.impact = on;
        self
    }

    /// Validates the settings.
    ///
    /// # Errors
    /// [`SimilarityError::ZeroTopN`] or [`SimilarityError::InvalidMinScore`].
    pub fn check(&self) -> Result<NeighborValidParams, SimilarityError> {
        if self.top_n == 0 {
            return Err(SimilarityError::ZeroTopN);
        }
        if !(-1.0..=1.0).contains(&self.min_score) {
            return Err(SimilarityError::InvalidMinScore(self.min_score));
        }
        Ok(NeighborValidParams(self.clone()))
    }
}

/// Neighbour-search settings that passed [`NeighborParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct NeighborValidParams(NeighborParams);

/// Orders `(row, score)` by score descending, then row ascending: a total order, so the
/// selected set never depends on the input order.
fn by_score_then_row(a: &(usize, f32), b: &(usize, f32)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Keeps the `n` best candidates, best first.
fn top_n(mut cands: Vec<(usize, f32)>, n: usize) -> Vec<(usize, f32)> {
    if cands.len() > n {
        cands.select_nth_unstable_by(n - 1, by_score_then_row);
        cands.truncate(n);
        // Lists are kept for the refinement round: a candidate pool's capacity (thousands
        // of entries) held per row took gigabytes.
        cands.shrink_to_fit();
    }
    cands.sort_unstable_by(by_score_then_row);
    cands
}

/// The top `k` products `a_t * b_t` over the columns shared by two sparse vectors.
fn shared_terms(a: (&[u32], &[f32]), b: (&[u32], &[f32]), k: usize) -> Vec<(u32, f32)> {
    if k == 0 {
        return Vec::new();
    }
    let (mut x, mut y) = (0, 0);
    let mut out = Vec::new();
    while x < a.0.len() && y < b.0.len() {
        match a.0[x].cmp(&b.0[y]) {
            Ordering::Less => x += 1,
            Ordering::Greater => y += 1,
            Ordering::Equal => {
                out.push((a.0[x], a.1[x] * b.1[y]));
                x += 1;
                y += 1;
            }
        }
    }
    out.sort_unstable_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
    out.truncate(k);
    out
}

fn explain(
    matrix: &CsrMatrix,
    query: (&[u32], &[f32]),
    picked: Vec<(usize, f32)>,
    k: usize,
) -> Vec<Neighbor> {
    let rows = matrix.gather(picked.iter().map(|p| p.0));
    picked
        .into_iter()
        .zip(rows)
        .map(|((row, score), other)| Neighbor {
            row,
            score,
            shared_terms: shared_terms(query, other, k),
        })
        .collect()
}

/// One sparse row (the query) held as a dense array over every column, so its dot product
/// with another row costs one load per entry of that row, with no branch on whether the
/// query has the column.
///
/// Why dense: a small open-addressing table of the query's entries (which fits the
/// first-level cache) was used before, but it hashed every column, most lookups found no
/// entry, and whether one did was a branch the processor could not predict. The array is
/// megabytes long at a million units, yet the columns rows share are the frequent ones, which
/// stay cached: the 100,000-unit pruned search went from 3.40 to 2.73 CPU s, the
/// 1,000,000-unit one from ~40 to 35.5, and the 100,000-unit overlap grouping from 0.38 to
/// 0.31 s.
pub(crate) struct QueryTable {
    weights: Vec<f32>,
    held: Vec<u32>,
}

impl QueryTable {
    /// An empty table for rows of `n_cols` columns.
    pub(crate) fn new(n_cols: usize) -> Self {
        QueryTable {
            weights: vec![0.0; n_cols],
            held: Vec::new(),
        }
    }

    /// Holds `row` (columns below `n_cols`) in place of the one held before.
    pub(crate) fn set(&mut self, (cols, vals): (&[u32], &[f32])) {
        self.clear();
        self.held.extend_from_slice(cols);
        for (&c, &v) in cols.iter().zip(vals) {
            self.weights[c as usize] = v;
        }
    }

    /// Holds nothing (every weight 0).
    pub(crate) fn clear(&mut self) {
        for &c in &self.held {
            self.weights[c as usize] = 0.0;
        }
        self.held.clear();
    }

    /// Adds `row` to what is held, which becomes a sum of rows: each column's weights are
    /// added in the order the rows come.
    pub(crate) fn add(&mut self, (cols, vals): (&[u32], &[f32])) {
        for (&c, &v) in cols.iter().zip(vals) {
            let w = &mut self.weights[c as usize];
            if *w == 0.0 {
                // Listed again if a sum came back to zero: clearing it twice is harmless.
                self.held.push(c);
            }
            *w += v;
        }
    }

    /// The held row's dot product with `row`, summed in column order as
    /// [`CsrMatrix::row_dot`] sums the shared columns, so bit-identical to it: a column the
    /// held row lacks adds `0 × v`, a zero, and adding a zero to a sum that started at `+0`
    /// leaves it unchanged (weights are finite: rows are checked to be unit length).
    pub(crate) fn dot(&self, (cols, vals): (&[u32], &[f32])) -> f32 {
        let mut sum = 0.0f32;
        for (&c, &v) in cols.iter().zip(vals) {
            sum += self.weights[c as usize] * v;
        }
        sum
    }

    /// [`dot`](Self::dot), stopping as soon as the sum reaches `target`: `None` then (the
    /// whole sum is at least `target`), else the whole sum, bit-identical to `dot`.
    ///
    /// Why it may stop: when weights are never negative, adding a non-negative number to a
    /// float never lowers it, so every partial sum in column order is at most the whole.
    pub(crate) fn dot_below(&self, (cols, vals): (&[u32], &[f32]), target: f32) -> Option<f32> {
        let mut sum = 0.0f32;
        for (&c, &v) in cols.iter().zip(vals) {
            sum += self.weights[c as usize] * v;
            if sum >= target {
                return None;
            }
        }
        Some(sum)
    }
}

/// The nearest neighbours of every row of an l2-normalised `matrix`, in row order.
///
/// `group[i]` is the document of row `i`; unless `within_group` is set, only rows of other
/// groups are candidates. Rows sharing no column with a row are never its neighbours.
///
/// Up to `exact_limit` rows the search is exact. Above it, the postings of the common terms
/// dominate the work while adding little to any score; candidates are then gathered from the
/// `candidate_budget` postings with the largest products over all the row's terms (postings
/// ordered by weight; or, with `impact_order(false)`, whole postings lists rarest first), the
/// best `rerank_factor × top_n` of them are re-ranked by their exact cosine, and rounds of
/// neighbourhood refinement (see `refine`) add the neighbours' neighbours. Every reported
/// score is exact and only the candidate set is approximate (recall@5 in README). The work
/// per row is the same at every size above `exact_limit`, so the search grows linearly with
/// the rows.
/// A row whose candidates all fall in its own document falls back to the exact search.
///
/// # Errors
/// [`SimilarityError::GroupLengthMismatch`] or [`SimilarityError::NotNormalized`].
pub fn neighbors(
    matrix: &CsrMatrix,
    group: &[u32],
    params: &NeighborValidParams,
) -> Result<Vec<Vec<Neighbor>>, SimilarityError> {
    let p = &params.0;
    let n = matrix.n_rows();
    check_rows(matrix, group)?;
    let mut index = InvertedIndex::build(matrix);
    let pruned = n > p.exact_limit;
    if pruned && p.impact {
        index.sort_by_impact();
    }
    let budget = p.budget;
    let sparse = pruned && n > SPARSE_FROM_ROWS;
    let keep = |i: usize, j: usize| j != i && (p.within_group || group[j] != group[i]);
    let starts = match group.is_sorted() && !p.within_group {
        true => Some(group_starts(group)),
        false => None,
    };
    let first: Vec<Vec<(usize, f32)>> = (0..n)
        .into_par_iter()
        .map_init(
            || {
                // No dense accumulator where the sparse one serves, unless a query falls back
                // to the exact search.
                let dense = match sparse {
                    true => Accumulator::new(0),
                    false => Accumulator::new(n),
                };
                (
                    dense,
                    SparseAccumulator::new(),
                    QueryTable::new(matrix.n_cols()),
                    Vec::new(),
                    BinaryHeap::new(),
                    Vec::new(),
                )
            },
            |(acc, few, table, order, heap, pool), i| {
                let query = matrix.row(i);
                let picked = match pruned {
                    true => {
                        // One candidate pool per worker, reused by every query: allocating
                        // and shrinking a thousand-entry list per row was a tenth of the search.
                        match sparse {
                            true => {
                                match p.impact {
                                    true => index.accumulate_impact(query, budget, heap, few),
                                    false => index.accumulate_budget(query, budget, order, few),
                                }
                                few.drain_into(pool);
                            }
                            false => {
                                match p.impact {
                                    true => index.accumulate_impact(query, budget, heap, acc),
                                    false => index.accumulate_budget(query, budget, order, acc),
                                }
                                acc.drain_into(pool);
                            }
                        }
                        match &starts {
                            Some(starts) => {
                                let own = own_rows(starts, i);
                                pool.retain(|c| !own.contains(&c.0));
                            }
                            None => pool.retain(|c| keep(i, c.0)),
                        }
                        if pool.is_empty() {
                            None
                        } else {
                            table.set(query);
                            let best = p.top_n * p.rerank;
                            if pool.len() > best {
                                pool.select_nth_unstable_by(best - 1, by_score_then_row);
                                pool.truncate(best);
                            }
                            // Rows read in storage order: fetching them is the cost here.
                            pool.sort_unstable_by_key(|c| c.0);
                            let rows = matrix.gather(pool.iter().map(|c| c.0));
                            let rescored = pool
                                .iter()
                                .zip(rows)
                                .map(|(&(j, _), row)| (j, table.dot(row)))
                                .filter(|&(_, s)| s >= p.min_score)
                                .collect();
                            Some(top_n(rescored, p.top_n))
                        }
                    }
                    false => None,
                };
                picked.unwrap_or_else(|| {
                    if acc.n_rows() < n {
                        *acc = Accumulator::new(n);
                    }
                    index.accumulate(query, None, acc);
                    let cands = acc
                        .drain()
                        .into_iter()
                        .filter(|c| keep(i, c.0) && c.1 >= p.min_score)
                        .collect();
                    top_n(cands, p.top_n)
                })
            },
        )
        .collect();
    let mut picked = first;
    for _ in 0..if pruned { p.refine } else { 0 } {
        picked = refine(matrix, &picked, p.top_n, p.min_score, keep);
    }
    Ok(picked
        .into_par_iter()
        .enumerate()
        .map(|(i, list)| explain(matrix, matrix.row(i), list, p.shared_terms))
        .collect())
}

/// Where each group starts in a `group` array sorted ascending (documents in order, as the
/// engine builds it), then its length: the rows of row `i`'s group are found by
/// [`own_rows`]. Why: filtering a thousand candidates per row by `group[j]` read a scattered
/// entry of a megabytes-long array for each (at 1,000,000 units, a cache miss each), while a
/// range test reads nothing.
fn group_starts(group: &[u32]) -> Vec<usize> {
    let mut starts: Vec<usize> = (0..group.len())
        .filter(|&i| i == 0 || group[i] != group[i - 1])
        .collect();
    starts.push(group.len());
    starts
}

/// The rows of row `i`'s group, from [`group_starts`]: a binary search over the groups, so a
/// document of many units costs no more per row than a short one.
fn own_rows(starts: &[usize], i: usize) -> std::ops::Range<usize> {
    let at = starts.partition_point(|&s| s <= i) - 1;
    starts[at]..starts[at + 1]
}

/// One round of neighbourhood refinement over the pruned search's lists (the local join of
/// NN-descent): each row's candidates become its own neighbours, the rows that listed it
/// (cosine is symmetric, so a pair found from either end counts for both), and their
/// neighbours in turn, all scored by exact cosine; the best `top_n` are kept.
///
/// Why: the budgeted search reads a bounded number of postings per row, and as postings grow
/// with the corpus it covers fewer of a row's terms, so recall fell with size (0.995 at
/// 100,000 rows, 0.90 at 1,000,000 with 2,048 postings). A neighbour's neighbour is found
/// through the graph, whatever the postings' length, so the work per row stays bounded by
/// `top_n²` cosines plus the reverse lists (capped at `REVERSE_CAP × top_n`).
fn refine(
    matrix: &CsrMatrix,
    first: &[Vec<(usize, f32)>],
    keep_n: usize,
    min_score: f32,
    keep: impl Fn(usize, usize) -> bool + Sync + Copy,
) -> Vec<Vec<(usize, f32)>> {
    let n = first.len();
    // Reverse lists: (target, source, score), then the best few per target.
    let mut reverse: Vec<(u32, u32, f32)> = first
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |&(j, s)| (j as u32, i as u32, s)))
        .collect();
    reverse
        .par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)).then(a.1.cmp(&b.1)));
    let cap = REVERSE_CAP * keep_n;
    let mut rev_ptr = vec![0usize; n + 1];
    for &(t, _, _) in &reverse {
        rev_ptr[t as usize + 1] += 1;
    }
    for i in 0..n {
        rev_ptr[i + 1] += rev_ptr[i];
    }
    let reversed = |i: usize| {
        let (a, b) = (rev_ptr[i], rev_ptr[i + 1]);
        reverse[a..b.min(a + cap)].iter().map(|r| r.1 as usize)
    };
    (0..n)
        .into_par_iter()
        .map_init(
            || (QueryTable::new(matrix.n_cols()), Vec::new()),
            |(table, cands), i| {
                cands.clear();
                let near = first[i].iter().map(|c| c.0).chain(reversed(i));
                for j in near {
                    cands.push(j);
                    cands.extend(first[j].iter().map(|c| c.0));
                }
                cands.sort_unstable();
                cands.dedup();
                table.set(matrix.row(i));
                cands.retain(|&j| keep(i, j));
                let rows = matrix.gather(cands.iter().copied());
                let scored = cands
                    .iter()
                    .zip(rows)
                    .map(|(&j, row)| (j, table.dot(row)))
                    .filter(|&(_, s)| s >= min_score)
                    .collect();
                top_n(scored, keep_n)
            },
        )
        .collect()
}

/// The `n` rows of `matrix` with the highest dot product with `query` (cosine when both are
/// l2-normalised), best first, ties by row, each with its top 5 shared terms. Only rows
/// sharing a column with the query are returned.
///
/// # Errors
/// [`SimilarityError::InvalidQuery`] when the query's columns are unsorted, repeated or out
/// of range.
pub fn rank_query(
    matrix: &CsrMatrix,
    query: (&[u32], &[f32]),
    n: usize,
) -> Result<Vec<Neighbor>, SimilarityError> {
    check_query(query, matrix.n_cols())?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let index = InvertedIndex::build(matrix);
    let mut acc = Accumulator::new(matrix.n_rows());
    index.accumulate(query, None, &mut acc);
    Ok(explain(
        matrix,
        query,
        top_n(acc.drain(), n),
        DEFAULT_SHARED_TERMS,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_finds_the_rows_of_its_own_group() {
        let group = [3, 3, 3, 5, 7, 7];
        let starts = group_starts(&group);
        assert_eq!(starts, [0, 3, 4, 6]);
        assert_eq!(own_rows(&starts, 0), 0..3);
        assert_eq!(own_rows(&starts, 2), 0..3);
        assert_eq!(own_rows(&starts, 3), 3..4);
        assert_eq!(own_rows(&starts, 5), 4..6);
        // One document of many units: the same answer for its first and last row.
        let one = vec![0u32; 50_000];
        let starts = group_starts(&one);
        assert_eq!(own_rows(&starts, 0), 0..50_000);
        assert_eq!(own_rows(&starts, 49_999), 0..50_000);
    }
}
