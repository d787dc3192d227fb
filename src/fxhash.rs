//! A fast non-cryptographic hash (the multiply-rotate scheme of rustc's FxHash) for hash maps
//! and sets keyed by terms or row numbers, where std's SipHash, built to resist chosen keys,
//! was a visible share of the work: interning terms for tf-idf, and the overlap grouping's
//! set of group pairs known not to merge. Nothing reported depends on the hash.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`FxHasher`]s for `HashMap` and `HashSet`.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// The hasher's state: one word, mixed with each word written.
#[derive(Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(w);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u32(&mut self, word: u32) {
        self.add(u64::from(word));
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    #[test]
    fn row_pairs_hash_apart() {
        // A hasher that ignored its words would still make a correct set, only a slow one:
        // what must hold is that distinct keys get distinct hashes.
        let hash = |key: (u32, u32)| FxBuild::default().hash_one(key);
        let mut seen = HashSet::new();
        for a in 0..100u32 {
            for b in 0..100u32 {
                seen.insert(hash((a, b)));
            }
        }
        assert_eq!(seen.len(), 10_000);
        let mut set: HashSet<(u32, u32), FxBuild> = HashSet::default();
        set.insert((3, 22));
        assert!(set.contains(&(3, 22)) && !set.contains(&(22, 3)));
    }

    #[test]
    fn words_of_different_lengths_hash_apart() {
        let hash = |bytes: &[u8]| {
            let mut h = FxHasher::default();
            h.write(bytes);
            h.finish()
        };
        // The remainder's length is mixed in: a trailing zero byte changes the hash.
        assert_ne!(hash(b"abc"), hash(b"abc\0"));
        assert_ne!(hash("协同".as_bytes()), hash("协调".as_bytes()));
    }
}
