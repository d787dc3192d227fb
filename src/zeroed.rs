//! Zero-filled buffers whose pages are written before anything reads them.
//!
//! Why this exists: a large `vec![0.0; n]` comes from `calloc`, whose fresh pages are mapped
//! lazily. A kernel that adds into such a buffer (`*o += …`) reads each page first, which
//! maps the shared zero page, and then writes it, which faults again to copy the page and
//! flushes that mapping from every thread's TLB (an inter-processor interrupt per page). At
//! 100,000 units these write-protect faults were an eighth of a report's CPU samples in
//! `perf` (`do_wp_page`). Writing the zeros first takes one plain fault per page instead.

use rayon::prelude::*;

/// `n` copies of `T::default()` (zero for numbers), written in parallel so every page is
/// resident and writable before the caller reads it.
pub fn zeroed<T: Copy + Default + Send + Sync>(n: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    out.par_extend(rayon::iter::repeat_n(T::default(), n));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_the_asked_length_of_zeros() {
        let v: Vec<f64> = zeroed(100_003);
        assert_eq!(v.len(), 100_003);
        assert!(v.iter().all(|&x| x == 0.0));
        assert!(zeroed::<u32>(0).is_empty());
    }
}
