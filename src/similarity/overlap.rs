//! Overlap groups: rows of different groups (documents) that say the same thing, gathered from
//! the near-duplicate pairs the neighbour search already found.
//!
//! Linking pairs transitively (single linkage) chains: A~B and B~C put A and C together even
//! when they share nothing, and at scale one chain can swallow a whole theme. Groups here are
//! **complete-linkage**: every two members, of any document, have cosine at or above the
//! threshold. Complete linkage was chosen over "every member close to the first member or the
//! medoid" because with cosine that star rule bounds nothing useful: two members each at 0.1 to
//! the centre may be orthogonal to each other, and near-duplicate thresholds are low for TF-IDF
//! (0.1 on the seeds). The price is that a row joins at most one group, the one its strongest
//! compatible pair builds first.
//!
//! The merge is greedy and agglomerative: pairs are taken by score, highest first (ties by
//! rows), and the groups of a pair's two rows merge when every cross pair passes; cosines
//! come from the rows themselves. A pair whose lower bound from the group's profile (see
//! `Members`) already clears what it must reach is not scored; the groups and their lowest
//! cosines are the same as if every pair were. Nothing depends on thread count or hashing
//! order.

use std::collections::HashSet;

use rayon::prelude::*;

use super::error::SimilarityError;
use super::index::check_rows;
use super::neighbors::QueryTable;
use crate::fxhash::FxBuild;
use crate::vectorize::CsrMatrix;

/// How far a pair's bound (see [`Members`]) must clear what the pair has to reach before the
/// pair passes on the bound alone, for rows of `a` and `b` entries. Both the bound and the
/// cosine are `f32` sums of at most `a + b` products whose magnitudes add up to at most 1
/// (unit rows), so each is off from its exact value by less than half an epsilon per term
/// (plus two roundings for the scale); a clearance of a whole epsilon per term makes the
/// computed cosine surely reach what the bound did.
fn rounding(a: usize, b: usize) -> f32 {
    f32::EPSILON * (a + b + 4) as f32
}

/// A set of rows from at least two groups whose every pair reaches the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlapGroup {
    /// Member rows, the medoid first (highest summed cosine to the others), then by cosine to
    /// the medoid, highest first (ties: lower row).
    pub rows: Vec<usize>,
    /// Cosine of each member to the medoid, in `rows` order (1 for the medoid itself).
    pub similarity: Vec<f32>,
    /// The lowest cosine between two members (at or above the threshold), exact.
    pub min_similarity: f32,
    /// How many distinct groups (documents) the members come from (at least 2).
    pub groups: usize,
}

/// Complete-linkage overlap groups of `matrix` rows from the near-duplicate `pairs`
/// (`(row a, row b, cosine)`, rows of different groups).
///
/// Groups come out largest first: most distinct groups (documents), then most members, then
/// lowest medoid row.
///
/// # Errors
/// [`SimilarityError::InvalidThreshold`] unless `0 < threshold <= 1`;
/// [`SimilarityError::GroupLengthMismatch`]; [`SimilarityError::NotNormalized`];
/// [`SimilarityError::PairOutOfRange`] for a pair naming a row the matrix lacks.
pub fn overlap_groups(
    matrix: &CsrMatrix,
    group: &[u32],
    pairs: &[(usize, usize, f32)],
    threshold: f32,
) -> Result<Vec<OverlapGroup>, SimilarityError> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(SimilarityError::InvalidThreshold(threshold));
    }
    check_rows(matrix, group)?;
    let n = matrix.n_rows();
    if let Some(&(a, b, _)) = pairs.iter().find(|&&(a, b, _)| a >= n || b >= n) {
        return Err(SimilarityError::PairOutOfRange { row: a.max(b), n });
    }
    let mut edges: Vec<(usize, usize, f32)> = pairs
        .iter()
        .filter(|&&(a, b, s)| a != b && group[a] != group[b] && s >= threshold)
        .map(|&(a, b, s)| (a.min(b), a.max(b), s))
        .collect();
    edges.par_sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    edges.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    // Cross pairs are scored from a scatter table of one side (bit-identical to
    // `CsrMatrix::row_dot`, so to the pairs' own scores): at 1,000,000 units the grouping
    // scores 6.5 million cosines (22 million before the profile bound), and merging two
    // sorted rows per pair was most of it.
    let mut table = QueryTable::new(matrix.n_cols());

    // `owner[row]` is the slot in `members` of the row's group, `NONE` while the row is in
    // none: a row gets no storage of its own until it joins a group (at 1,000,000 units, a
    // group of one for every row, made and then dropped, was a third of the grouping). Slots
    // are `u32` (as rows are in the neighbour lists): the array is read at two random rows per
    // pair, and half the bytes miss the cache less.
    const NONE: u32 = u32::MAX;
    let mut owner: Vec<u32> = vec![NONE; n];
    let mut members: Vec<Members> = Vec::new();
    let mut lowest: Vec<f32> = Vec::new();
    // With no negative weight (TF-IDF has none) a partial sum never exceeds the whole, so a
    // cross pair's sum may stop early, and a group's profile bounds its members' cosines from
    // below (see `Members`).
    let nonnegative = (0..n)
        .into_par_iter()
        .all(|r| matrix.row(r).1.iter().all(|&v| v >= 0.0));
    // What a cross pair must reach to change nothing, given the lowest cosine so far: with
    // negative weights no sum may stop early and no bound holds, so nothing is enough.
    let enough = |worst: f32| match nonnegative {
        true => threshold.max(worst),
        false => f32::INFINITY,
    };
    let mut incompatible: HashSet<(u32, u32), FxBuild> = HashSet::default();
    for &(a, b, score) in &edges {
        let (ga, gb) = (owner[a], owner[b]);
        let grouped = ga != NONE && gb != NONE;
        let slots = (ga.min(gb), ga.max(gb));
        if grouped && (ga == gb || incompatible.contains(&slots)) {
            continue;
        }
        let side = |g: u32, row: usize| match g {
            NONE => Side::Row(matrix.row(row)),
            g => Side::Group(&members[g as usize]),
        };
        let (sa, sb) = (side(ga, a), side(gb, b));
        // The smaller side moves, so each row moves O(log n) times.
        let a_stays = sa.len() >= sb.len();
        let (kept, moving) = if a_stays { (sa, sb) } else { (sb, sa) };
        let (keep, gone) = if a_stays { (ga, gb) } else { (gb, ga) };
        let low = |g: u32| lowest.get(g as usize).copied().unwrap_or(f32::INFINITY);
        // The merged group's lowest cosine is never above either side's, so a cross pair at
        // or above that (and the threshold) changes nothing: its sum may stop once it gets
        // there, and a bound that reaches it spares the sum.
        let mut worst = score.min(low(keep)).min(low(gone));
        // The moved side is the smaller: each of its rows is scattered once.
        let compatible = (0..moving.len()).all(|y| {
            let entries = moving.row(y);
            table.set(entries);
            let on_profile = match nonnegative {
                true => table.dot(kept.profile()),
                false => 0.0,
            };
            // The group's lowest factor vouches for every member at once: a newcomer to a
            // group of a repeated sentence then costs one product, not one per member.
            let margin = rounding(kept.longest(), entries.0.len());
            if kept.least() * on_profile >= enough(worst) + margin {
                return true;
            }
            (0..kept.len()).all(|x| {
                let member = kept.row(x);
                let margin = rounding(member.0.len(), entries.0.len());
                if kept.scale(x) * on_profile >= enough(worst) + margin {
                    return true;
                }
                match table.dot_below(member, enough(worst)) {
                    None => true,
                    Some(c) => {
                        worst = worst.min(c);
                        c >= threshold
                    }
                }
            })
        });
        if !compatible {
            // Groups only grow, so a failing pair stays in these two groups: later pairs
            // between them need not search for it again (at 1,000,000 units the same two
            // large groups of a repeated sentence met over thousands of pairs). Two lone
            // rows meet through one pair only.
            if grouped {
                incompatible.insert(slots);
            }
            continue;
        }
        let (stays, goes) = if a_stays { (a, b) } else { (b, a) };
        let keep = match keep {
            NONE => {
                let slot = members.len() as u32;
                members.push(Members::of(matrix.row(stays), stays));
                lowest.push(f32::INFINITY);
                owner[stays] = slot;
                slot
            }
            keep => keep,
        };
        match gone {
            NONE => {
                members[keep as usize].push(matrix.row(goes), goes);
                owner[goes] = keep;
            }
            gone => {
                let moved = std::mem::take(&mut members[gone as usize]);
                for &r in &moved.rows {
                    owner[r] = keep;
                }
                members[keep as usize].absorb(moved);
            }
        }
        lowest[keep as usize] = worst;
    }

    let mut out: Vec<OverlapGroup> = members
        .into_par_iter()
        .zip(lowest)
        .filter(|(m, _)| m.len() > 1)
        .map_init(
            || QueryTable::new(matrix.n_cols()),
            |table, (m, min_similarity)| summarise(group, m, min_similarity, table),
        )
        .collect();
    out.sort_by(|x, y| {
        y.groups
            .cmp(&x.groups)
            .then(y.rows.len().cmp(&x.rows.len()))
            .then(x.rows[0].cmp(&y.rows[0]))
    });
    Ok(out)
}

/// One side of a merge: a group, or a row in none yet (a group of one that was never made).
#[derive(Clone, Copy)]
enum Side<'a> {
    Group(&'a Members),
    Row((&'a [u32], &'a [f32])),
}

impl<'a> Side<'a> {
    fn len(&self) -> usize {
        match self {
            Side::Group(m) => m.len(),
            Side::Row(_) => 1,
        }
    }

    /// Member `i`'s entries.
    fn row(&self, i: usize) -> (&'a [u32], &'a [f32]) {
        match *self {
            Side::Group(m) => m.row(i),
            Side::Row(entries) => entries,
        }
    }

    /// The profile (see [`Members`]): a lone row is its own, at scale 1.
    fn profile(&self) -> (&'a [u32], &'a [f32]) {
        match *self {
            Side::Group(m) => m.profile(),
            Side::Row(entries) => entries,
        }
    }

    fn scale(&self, i: usize) -> f32 {
        match self {
            Side::Group(m) => m.scale[i],
            Side::Row(_) => 1.0,
        }
    }

    /// The lowest member factor.
    fn least(&self) -> f32 {
        match self {
            Side::Group(m) => m.least,
            Side::Row(_) => 1.0,
        }
    }

    /// The most entries a member has.
    fn longest(&self) -> usize {
        match self {
            Side::Group(m) => m.longest,
            Side::Row((cols, _)) => cols.len(),
        }
    }
}

/// A group's member rows with their entries stored side by side, so checking a merge reads
/// each group's memory in order. Fetching every member's row from the matrix (its offsets,
/// columns and weights) missed the cache several times per cosine at 1,000,000 units, and
/// that was most of the grouping's time.
///
/// The group also keeps a **profile**: weights `p` on a few columns such that every member
/// `x` holds each of them with `x_c >= scale_x * p_c`. With no negative weight, any row `y`
/// then has `x · y >= scale_x * (p · y)`, since the profile's columns are a part of what `x`
/// and `y` share: one product with the profile bounds a newcomer's cosine with every member.
/// Why: complete linkage must show every pair of a group to pass, and on archives whose
/// groups grow with the corpus (a sentence repeated in hundreds of documents) scoring each
/// pair made the grouping grow faster than the rows; the members of such a group share the
/// repeated sentence's terms, which is what the profile holds.
#[derive(Debug, Default)]
struct Members {
    rows: Vec<usize>,
    /// Member `i`'s entries are `cols[starts[i]..starts[i + 1]]` (and the same of `vals`).
    starts: Vec<usize>,
    cols: Vec<u32>,
    vals: Vec<f32>,
    /// The profile's columns (ascending) and weights: each column's lowest weight over the
    /// members when it was last made, the columns some member lacked left out.
    profile_cols: Vec<u32>,
    profile_vals: Vec<f32>,
    /// Per member, a factor by which the member's weights reach the profile's (0 when the
    /// member lacks a profile column).
    scale: Vec<f32>,
    /// The lowest of `scale`, and the most entries a member has: together they bound every
    /// member's cosine with a newcomer at once.
    least: f32,
    longest: usize,
    /// The number of members when the profile was last made: it is made again each time the
    /// group doubles, so the work stays proportional to the group's entries.
    profiled: usize,
}

impl Members {
    /// A group of the one row `row`, whose entries are `entries`.
    fn of((cols, vals): (&[u32], &[f32]), row: usize) -> Self {
        Members {
            rows: vec![row],
            starts: vec![0, cols.len()],
            cols: cols.to_vec(),
            vals: vals.to_vec(),
            profile_cols: cols.to_vec(),
            profile_vals: vals.to_vec(),
            scale: vec![1.0],
            least: 1.0,
            longest: cols.len(),
            profiled: 1,
        }
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    /// Member `i`'s entries, as [`CsrMatrix::row`] gives them.
    fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (s, e) = (self.starts[i], self.starts[i + 1]);
        (&self.cols[s..e], &self.vals[s..e])
    }

    fn profile(&self) -> (&[u32], &[f32]) {
        (&self.profile_cols, &self.profile_vals)
    }

    /// Takes in every member of `other`.
    fn absorb(&mut self, other: Members) {
        for i in 0..other.len() {
            self.add(other.row(i), other.rows[i]);
        }
        self.reprofile_if_doubled();
    }

    /// Takes in the row `row`, whose entries are `entries`.
    fn push(&mut self, entries: (&[u32], &[f32]), row: usize) {
        self.add(entries, row);
        self.reprofile_if_doubled();
    }

    fn add(&mut self, (cols, vals): (&[u32], &[f32]), row: usize) {
        let s = reach((cols, vals), self.profile());
        self.scale.push(s);
        self.least = self.least.min(s);
        self.longest = self.longest.max(cols.len());
        self.rows.push(row);
        self.cols.extend_from_slice(cols);
        self.vals.extend_from_slice(vals);
        self.starts.push(self.cols.len());
    }

    fn reprofile_if_doubled(&mut self) {
        if self.len() >= 2 * self.profiled {
            self.make_profile();
        }
    }

    /// The profile from every member's entries: the columns all members hold, each at its
    /// lowest weight among them.
    fn make_profile(&mut self) {
        let (first_cols, first_vals) = self.row(0);
        let (mut cols, mut vals) = (first_cols.to_vec(), first_vals.to_vec());
        for i in 1..self.len() {
            let (mc, mv) = self.row(i);
            let (mut x, mut y, mut w) = (0, 0, 0);
            while x < cols.len() && y < mc.len() {
                match cols[x].cmp(&mc[y]) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        cols[w] = cols[x];
                        vals[w] = vals[x].min(mv[y]);
                        w += 1;
                        x += 1;
                        y += 1;
                    }
                }
            }
            cols.truncate(w);
            vals.truncate(w);
        }
        let scale: Vec<f32> = (0..self.len())
            .map(|i| reach(self.row(i), (&cols, &vals)))
            .collect();
        self.least = scale.iter().copied().fold(f32::INFINITY, f32::min);
        (self.profile_cols, self.profile_vals, self.scale) = (cols, vals, scale);
        self.profiled = self.len();
    }
}

/// The largest `s` (rounded) with `row_c >= s * profile_c` for every profile column `c`; 0
/// when the row lacks one of them or the profile is empty.
fn reach((cols, vals): (&[u32], &[f32]), (pc, pv): (&[u32], &[f32])) -> f32 {
    if pc.is_empty() {
        return 0.0;
    }
    let mut s = f32::INFINITY;
    let mut x = 0;
    for (&c, &p) in pc.iter().zip(pv) {
        while x < cols.len() && cols[x] < c {
            x += 1;
        }
        if x == cols.len() || cols[x] != c || p <= 0.0 {
            return 0.0;
        }
        s = s.min(vals[x] / p);
    }
    s
}

/// Orders a group's rows around its medoid and counts its groups; `table` is scratch space.
/// Entries are read from the group's own storage, side by side, not fetched row by row from
/// the matrix (at 100,000 units that made this step grow ×17 from 10,000).
fn summarise(group: &[u32], members: Members, min: f32, table: &mut QueryTable) -> OverlapGroup {
    // Members in row order, so the sums (added in that order) do not depend on the order in
    // which members joined.
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_unstable_by_key(|&i| members.rows[i]);
    // Rows are unit length, so a row's summed cosine to all members is its dot product with
    // the members' sum: one pass instead of every pair.
    table.clear();
    for &i in &order {
        table.add(members.row(i));
    }
    let medoid = order
        .iter()
        .map(|&i| (i, table.dot(members.row(i))))
        .fold(None, |best: Option<(usize, f32)>, (i, t)| match best {
            Some((_, bt)) if bt >= t => best,
            _ => Some((i, t)),
        })
        .map_or(order[0], |(i, _)| i);
    table.set(members.row(medoid));
    let mut ranked: Vec<(usize, f32)> = order
        .iter()
        .map(|&i| {
            let s = match i == medoid {
                true => 1.0,
                false => table.dot(members.row(i)),
            };
            (members.rows[i], s)
        })
        .collect();
    let medoid = members.rows[medoid];
    ranked.sort_by(|x, y| {
        (y.0 == medoid)
            .cmp(&(x.0 == medoid))
            .then(y.1.total_cmp(&x.1))
            .then(x.0.cmp(&y.0))
    });
    let mut groups: Vec<u32> = members.rows.iter().map(|&r| group[r]).collect();
    groups.sort_unstable();
    groups.dedup();
    OverlapGroup {
        rows: ranked.iter().map(|p| p.0).collect(),
        similarity: ranked.iter().map(|p| p.1).collect(),
        min_similarity: min,
        groups: groups.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit rows from `(column, weight)` lists (normalised here).
    fn matrix(rows: &[&[(u32, f32)]]) -> CsrMatrix {
        let rows = rows
            .iter()
            .map(|r| {
                let norm = r.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                r.iter().map(|&(c, w)| (c, w / norm)).collect()
            })
            .collect();
        CsrMatrix::from_rows(8, rows)
    }

    fn all_pairs(m: &CsrMatrix, group: &[u32], t: f32) -> Vec<(usize, usize, f32)> {
        let mut out = Vec::new();
        for a in 0..m.n_rows() {
            for b in a + 1..m.n_rows() {
                let s = m.row_dot(a, b);
                if group[a] != group[b] && s >= t {
                    out.push((a, b, s));
                }
            }
        }
        out
    }

    #[test]
    fn a_chain_does_not_join_its_ends() {
        // A~B and B~C above 0.5, A and C orthogonal: B goes with its closer partner A.
        let m = matrix(&[&[(0, 1.0), (1, 1.0)], &[(1, 1.0)], &[(1, 1.0), (2, 1.2)]]);
        let group = [0, 1, 2];
        let pairs = all_pairs(&m, &group, 0.5);
        assert_eq!(pairs.len(), 2);
        let found = overlap_groups(&m, &group, &pairs, 0.5).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rows.len(), 2);
        assert!(found[0].rows.contains(&0) && found[0].rows.contains(&1));
        assert!(found[0].min_similarity >= 0.5);
    }

    #[test]
    fn a_clique_is_one_group_with_its_medoid_first() {
        // Four documents with the same core term, one off-topic row.
        let m = matrix(&[
            &[(0, 1.0), (1, 0.2)],
            &[(0, 1.0), (2, 0.3)],
            &[(0, 1.0)],
            &[(0, 1.0), (3, 0.4)],
            &[(5, 1.0)],
        ]);
        let group = [0, 1, 2, 2, 3];
        let pairs = all_pairs(&m, &group, 0.8);
        let found = overlap_groups(&m, &group, &pairs, 0.8).unwrap();
        assert_eq!(found.len(), 1);
        let g = &found[0];
        assert_eq!(g.rows[0], 2, "the pure row is the medoid: {g:?}");
        assert_eq!(g.rows.len(), 4);
        assert_eq!(g.groups, 3);
        assert!(g.similarity.windows(2).all(|w| w[0] >= w[1]));
        // Same-document pairs are checked too: rows 2 and 3 share document 2 and are close.
        for &x in &g.rows {
            for &y in &g.rows {
                assert!(x == y || m.row_dot(x, y) >= 0.8);
            }
        }
    }

    #[test]
    fn a_sentence_repeated_in_many_documents_is_one_group_and_does_not_chain() {
        // 100 documents repeat one sentence (column 0), each with a word of its own: the
        // group's profile (column 0) vouches for most pairs. Two more rows each reach the
        // threshold with every copy but not with each other, so only one may join.
        let mut rows: Vec<Vec<(u32, f32)>> =
            (0..100u32).map(|i| vec![(0, 1.0), (1 + i, 0.15)]).collect();
        rows.push(vec![(0, 1.0), (101, 1.5)]);
        rows.push(vec![(0, 1.0), (102, 1.5)]);
        let rows = rows
            .into_iter()
            .map(|r| {
                let norm = r.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                r.into_iter().map(|(c, w)| (c, w / norm)).collect()
            })
            .collect();
        let m = CsrMatrix::from_rows(103, rows);
        let group: Vec<u32> = (0..102).collect();
        let t = 0.5;
        let found = overlap_groups(&m, &group, &all_pairs(&m, &group, t), t).unwrap();
        assert_eq!(found.len(), 1);
        let g = &found[0];
        assert_eq!(g.rows.len(), 101, "the copies and one of the two outliers");
        assert!((0..100).all(|r| g.rows.contains(&r)));
        let mut exact_min = f32::INFINITY;
        for &x in &g.rows {
            for &y in &g.rows {
                if x != y {
                    exact_min = exact_min.min(m.row_dot(x, y));
                }
            }
        }
        assert!(exact_min >= t);
        assert_eq!(g.min_similarity, exact_min, "the lowest cosine is exact");
    }

    #[test]
    fn pairs_within_one_document_never_link() {
        let m = matrix(&[&[(0, 1.0)], &[(0, 1.0)]]);
        let found = overlap_groups(&m, &[4, 4], &[(0, 1, 1.0)], 0.5).unwrap();
        assert!(found.is_empty());
    }

    #[test]
    fn bad_input_is_an_error() {
        let m = matrix(&[&[(0, 1.0)], &[(0, 1.0)]]);
        assert!(matches!(
            overlap_groups(&m, &[0, 1], &[], 0.0),
            Err(SimilarityError::InvalidThreshold(_))
        ));
        assert!(matches!(
            overlap_groups(&m, &[0, 1], &[(0, 7, 0.9)], 0.5),
            Err(SimilarityError::PairOutOfRange { row: 7, n: 2 })
        ));
        assert!(matches!(
            overlap_groups(&m, &[0], &[], 0.5),
            Err(SimilarityError::GroupLengthMismatch { .. })
        ));
    }

    #[test]
    fn pair_order_does_not_matter() {
        let m = matrix(&[
            &[(0, 1.0), (1, 0.5)],
            &[(0, 1.0), (1, 0.6)],
            &[(0, 1.0), (2, 0.9)],
            &[(1, 1.0), (2, 0.2)],
        ]);
        let group = [0, 1, 2, 3];
        let mut pairs = all_pairs(&m, &group, 0.3);
        let first = overlap_groups(&m, &group, &pairs, 0.3).unwrap();
        pairs.reverse();
        assert_eq!(overlap_groups(&m, &group, &pairs, 0.3).unwrap(), first);
    }
}
