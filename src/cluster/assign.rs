//! Assigning new documents to the clusters of a saved model: TF-IDF rows (vectorized with the
//! fitted vocabulary and idf) go to the centroid of highest cosine.

use super::centroids::{Nearest, SparseCentroids};
use super::errors::ClusterError;
use crate::vectorize::CsrMatrix;

/// For each row of `new_rows`, the cluster whose centroid has the highest cosine with it, and
/// that cosine (ties: smaller cluster id); a row whose best cosine is below the centroids'
/// floor is left unclustered. This is the rule `fit` used for its own rows, so a row of the
/// fitted corpus is assigned where `fit` put it.
pub fn assign(
    centroids: &SparseCentroids,
    new_rows: &CsrMatrix,
) -> Result<Vec<Nearest>, ClusterError> {
    centroids.place(new_rows)
}
