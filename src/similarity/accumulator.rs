//! The per-worker score accumulator: a dense score array plus the list of rows touched, so
//! that resetting after each query costs only what was touched.

/// Dense `f32` scores for every row, with the touched rows remembered in first-touch order.
pub(crate) struct Accumulator {
    scores: Vec<f32>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl Accumulator {
    /// An accumulator for a matrix of `n_rows` rows.
    pub(crate) fn new(n_rows: usize) -> Self {
        Accumulator {
            scores: vec![0.0; n_rows],
            seen: vec![false; n_rows],
            touched: Vec::new(),
        }
    }

    /// Rows it has a slot for.
    pub(crate) fn n_rows(&self) -> usize {
        self.scores.len()
    }

    /// Adds `v` to the score of `row`.
    pub(crate) fn add(&mut self, row: u32, v: f32) {
        let r = row as usize;
        if !self.seen[r] {
            self.seen[r] = true;
            self.touched.push(row);
        }
        self.scores[r] += v;
    }

    /// Puts every touched `(row, score)` into `out` (cleared first) and resets the
    /// accumulator for the next query.
    pub(crate) fn drain_into(&mut self, out: &mut Vec<(usize, f32)>) {
        out.clear();
        out.extend(
            self.touched
                .iter()
                .map(|&r| (r as usize, self.scores[r as usize])),
        );
        for &r in &self.touched {
            self.scores[r as usize] = 0.0;
            self.seen[r as usize] = false;
        }
        self.touched.clear();
    }
}

/// Where a query's partial scores are summed: the dense [`Accumulator`] or the
/// [`SparseAccumulator`]; both sum in posting order and drain in first-touch order, so they
/// give identical results.
pub(crate) trait Scores {
    /// Adds `v` to the score of `row`.
    fn add(&mut self, row: u32, v: f32);

    /// Puts every touched `(row, score)` into `out` (cleared first), in first-touch order,
    /// and resets for the next query: a search reuses one buffer for every query.
    fn drain_into(&mut self, out: &mut Vec<(usize, f32)>);

    /// Every touched `(row, score)`, in first-touch order, resetting for the next query.
    fn drain(&mut self) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        self.drain_into(&mut out);
        out
    }
}

impl Scores for Accumulator {
    fn add(&mut self, row: u32, v: f32) {
        Accumulator::add(self, row, v);
    }

    fn drain_into(&mut self, out: &mut Vec<(usize, f32)>) {
        Accumulator::drain_into(self, out);
    }
}

impl Scores for SparseAccumulator {
    fn add(&mut self, row: u32, v: f32) {
        SparseAccumulator::add(self, row, v);
    }

    fn drain_into(&mut self, out: &mut Vec<(usize, f32)>) {
        SparseAccumulator::drain_into(self, out);
    }
}

/// Scores of the few rows one pruned query touches, in an open-addressing table sized to
/// them rather than to the corpus.
///
/// Why: a pruned query reads a bounded number of postings (the candidate budget), but a dense
/// score array has one slot per row: at 1,000,000 rows every posting became a cache miss in
/// 5 MB of scores (pruned search of all rows: 50 CPU s with it, 37 with this table). At
/// 100,000 rows the dense array still fits the cache and is 10% faster, so the search picks
/// by size. Sums are made in the same order as the dense accumulator's, so scores are
/// bit-identical.
pub(crate) struct SparseAccumulator {
    rows: Vec<u32>,
    scores: Vec<f32>,
    /// Slots in use, in first-touch order, so draining costs what was touched.
    touched: Vec<u32>,
    shift: u32,
}

/// An empty slot of [`SparseAccumulator`] (no matrix has `u32::MAX` rows: ids are below it).
const FREE: u32 = u32::MAX;

/// Initial slots of a [`SparseAccumulator`] (twice the default candidate budget).
const SPARSE_SLOTS: usize = 4096;

impl SparseAccumulator {
    /// An empty table (it grows to the rows a query touches).
    pub(crate) fn new() -> Self {
        let mut acc = SparseAccumulator {
            rows: Vec::new(),
            scores: Vec::new(),
            touched: Vec::new(),
            shift: 0,
        };
        acc.reset(SPARSE_SLOTS);
        acc
    }

    fn reset(&mut self, size: usize) {
        self.rows.clear();
        self.rows.resize(size, FREE);
        self.scores.clear();
        self.scores.resize(size, 0.0);
        self.touched.clear();
        self.shift = 32 - size.trailing_zeros();
    }

    fn slot(&self, row: u32) -> usize {
        (row.wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    /// Adds `v` to the score of `row`.
    pub(crate) fn add(&mut self, row: u32, v: f32) {
        // Kept at most half full, so probes stay short.
        if 2 * (self.touched.len() + 1) > self.rows.len() {
            self.grow();
        }
        let mask = self.rows.len() - 1;
        let mut s = self.slot(row);
        loop {
            match self.rows[s] {
                r if r == row => {
                    self.scores[s] += v;
                    return;
                }
                FREE => {
                    self.rows[s] = row;
                    self.scores[s] = v;
                    self.touched.push(s as u32);
                    return;
                }
                _ => s = (s + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let old = self.entries();
        self.reset(self.rows.len() * 2);
        for (r, v) in old {
            self.add(r as u32, v);
        }
    }

    fn entries(&self) -> Vec<(usize, f32)> {
        self.touched
            .iter()
            .map(|&s| (self.rows[s as usize] as usize, self.scores[s as usize]))
            .collect()
    }

    /// Puts the touched rows with their scores into `out` (cleared first), in first-touch
    /// order, leaving the table empty.
    pub(crate) fn drain_into(&mut self, out: &mut Vec<(usize, f32)>) {
        out.clear();
        out.extend(
            self.touched
                .iter()
                .map(|&s| (self.rows[s as usize] as usize, self.scores[s as usize])),
        );
        if self.rows.len() > SPARSE_SLOTS * 16 {
            // A query that touched many rows does not leave every later one a large table.
            self.reset(SPARSE_SLOTS);
        } else {
            for &s in &self.touched {
                self.rows[s as usize] = FREE;
            }
            self.touched.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_and_dense_accumulators_agree_bit_for_bit() {
        let mut dense = Accumulator::new(50_000);
        let mut sparse = SparseAccumulator::new();
        for round in 0..3u32 {
            // Enough distinct rows to make the table grow several times.
            for i in 0..5000u32 {
                let row = (i * 7919 + round) % 50_000;
                let v = 1.0 / (1.0 + (i % 13) as f32);
                dense.add(row, v);
                sparse.add(row, v);
            }
            // Both in first-touch order.
            let a = dense.drain();
            let b = sparse.drain();
            assert_eq!(a.len(), b.len());
            assert!(a
                .iter()
                .zip(&b)
                .all(|(x, y)| x.0 == y.0 && x.1.to_bits() == y.1.to_bits()));
            assert!(sparse.drain().is_empty());
        }
    }
}
