//! Test fixtures: synthetic matrices with known structure, and char-bigram TF-IDF rows built
//! from the seed documents (so tests need no tokenizer).

use std::collections::HashMap;
use std::path::PathBuf;

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use super::init::{below, unit};
use crate::vectorize::CsrMatrix;

/// L2-normalises one sparse row in place.
pub fn l2(row: &mut [(u32, f32)]) {
    let n = row.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if n > 0.0 {
        row.iter_mut().for_each(|e| e.1 /= n);
    }
}

/// `groups` groups of `per_group` rows; group g draws 8 terms from its own 30-term block and 2
/// noise terms from a shared 50-term block, with random weights. Returns rows and true groups.
pub fn groups(groups: usize, per_group: usize, seed: u64) -> (CsrMatrix, Vec<usize>) {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let noise_base = (groups * 30) as u32;
    let mut rows = Vec::new();
    let mut truth = Vec::new();
    for i in 0..groups * per_group {
        let g = i % groups;
        let mut row: Vec<(u32, f32)> = (0..8)
            .map(|_| {
                (
                    (g * 30 + below(&mut rng, 30)) as u32,
                    0.5 + unit(&mut rng) as f32,
                )
            })
            .collect();
        for _ in 0..2 {
            row.push((
                noise_base + below(&mut rng, 50) as u32,
                0.5 * unit(&mut rng) as f32,
            ));
        }
        l2(&mut row);
        rows.push(row);
        truth.push(g);
    }
    (CsrMatrix::from_rows(noise_base as usize + 50, rows), truth)
}

/// One chunk of a seed document: its file, first line (1-based) and text.
pub struct Chunk {
    pub file: String,
    pub first_line: usize,
    pub last_line: usize,
    pub text: String,
}

/// The seed documents cut into chunks of at least `min_chars` Han characters, each ending at a
/// line that ends a sentence (the PDFs wrap lines mid-sentence, so lines alone are too short).
pub fn seed_chunks(min_chars: usize) -> Vec<Chunk> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed folder {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut chunks = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut cur = String::new();
        let mut first = 0;
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if cur.is_empty() {
                first = i + 1;
            }
            cur.push_str(line);
            let han = cur.chars().filter(|c| is_han(*c)).count();
            if han >= min_chars && (line.ends_with('。') || line.ends_with('；')) {
                chunks.push(Chunk {
                    file: name.clone(),
                    first_line: first,
                    last_line: i + 1,
                    text: std::mem::take(&mut cur),
                });
            }
        }
        if cur.chars().filter(|c| is_han(*c)).count() >= min_chars / 2 {
            chunks.push(Chunk {
                file: name,
                first_line: first,
                last_line: lines.len(),
                text: cur,
            });
        }
    }
    chunks
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// TF-IDF over Han character bigrams (bigrams in fewer than 2 chunks dropped), rows l2-normed.
/// Returns the matrix and the bigram of each column.
pub fn bigram_tfidf(texts: &[&str]) -> (CsrMatrix, Vec<String>) {
    let docs: Vec<Vec<String>> = texts
        .iter()
        .map(|t| {
            let han: Vec<char> = t.chars().filter(|c| is_han(*c)).collect();
            han.windows(2).map(|w| w.iter().collect()).collect()
        })
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in &docs {
        let mut seen: Vec<&str> = d.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for b in seen {
            *df.entry(b).or_default() += 1;
        }
    }
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, &n)| n >= 2)
        .map(|(b, _)| *b)
        .collect();
    vocab.sort_unstable();
    let id: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, b)| (*b, i as u32))
        .collect();
    let n = docs.len() as f32;
    let rows = docs
        .iter()
        .map(|d| {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for b in d {
                if let Some(&t) = id.get(b.as_str()) {
                    *tf.entry(t).or_default() += 1.0;
                }
            }
            let mut row: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(t, c)| {
                    let idf = ((1.0 + n) / (1.0 + df[vocab[t as usize]] as f32)).ln() + 1.0;
                    (t, c * idf)
                })
                .collect();
            row.sort_unstable_by_key(|e| e.0);
            l2(&mut row);
            row
        })
        .collect();
    (
        CsrMatrix::from_rows(vocab.len(), rows),
        vocab.iter().map(|s| s.to_string()).collect(),
    )
}
