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

    /// Adds `v` to the score of `row`.
    pub(crate) fn add(&mut self, row: u32, v: f32) {
        let r = row as usize;
        if !self.seen[r] {
            self.seen[r] = true;
            self.touched.push(row);
        }
        self.scores[r] += v;
    }

    /// Returns every touched `(row, score)` and resets the accumulator for the next query.
    pub(crate) fn drain(&mut self) -> Vec<(usize, f32)> {
        let out = self
            .touched
            .iter()
            .map(|&r| (r as usize, self.scores[r as usize]))
            .collect();
        for &r in &self.touched {
            self.scores[r as usize] = 0.0;
            self.seen[r as usize] = false;
        }
        self.touched.clear();
        out
    }
}
