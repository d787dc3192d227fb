//! Assigning new documents to the clusters of a saved model: project with the fitted
//! projection, then pick the centroid of highest cosine.

use rayon::prelude::*;

use super::errors::ClusterError;
use super::label::dot;
use super::project::Projection;
use crate::vectorize::CsrMatrix;

/// For each row of `new_rows`, the cluster whose centroid has the highest cosine with the
/// projected row, and that cosine (ties: smaller cluster id). A row with no weight projects to
/// the zero vector: it gets cluster 0 with similarity 0, so callers should apply a similarity
/// threshold before trusting an assignment.
pub fn assign(
    projection: &Projection,
    centroids: &[Vec<f64>],
    new_rows: &CsrMatrix,
) -> Result<Vec<(usize, f64)>, ClusterError> {
    if centroids.is_empty() {
        return Err(ClusterError::ShapeMismatch {
            what: "number of centroids",
            expected: 1,
            got: 0,
        });
    }
    if let Some(bad) = centroids.iter().find(|c| c.len() != projection.dims()) {
        return Err(ClusterError::ShapeMismatch {
            what: "centroid length (projection dims)",
            expected: projection.dims(),
            got: bad.len(),
        });
    }
    let x = projection.transform_dense(new_rows)?;
    Ok((0..x.rows)
        .into_par_iter()
        .map(|i| {
            let row = x.row(i);
            let mut best = (0, f64::NEG_INFINITY);
            for (c, centroid) in centroids.iter().enumerate() {
                let s = dot(row, centroid);
                if s > best.1 {
                    best = (c, s);
                }
            }
            best
        })
        .collect())
}
