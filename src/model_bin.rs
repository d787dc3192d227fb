//! The compact binary model file (`xietong fit --model FILE.xtm`), beside the JSON one: the
//! same [`SavedModel`] without JSON's number text and escapes, read as a stream.
//!
//! Layout (little-endian): the magic `XIETONGM`, the layout version (u32, [`BIN_VERSION`]),
//! the body length (u64), the body, and the CRC-32 of the body (u32). Strings are a u32 byte
//! length and UTF-8; lists a u32 count and their items. The body holds, in order: program
//! version, seed, kinds, dictionaries, stop-word lists, the TF-IDF settings, terms and idf, and
//! the clusters (id, label, terms, centroid, floor, size). A file that is truncated, of
//! another version or damaged is refused with a message naming it.

use std::io::{BufReader, Read};
use std::path::Path;

use crate::model::{SavedCluster, SavedModel, SavedTfidf, MODEL_FORMAT, MODEL_VERSION};
use crate::segment::Kind;
use crate::{Error, Result};

/// The first bytes of every binary model file.
pub const MAGIC: &[u8; 8] = b"XIETONGM";
/// Version of the binary layout; a file of another version is refused.
pub const BIN_VERSION: u32 = 1;

/// Whether `path` names a binary model (`.xtm`).
pub fn is_binary_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "xtm")
}

/// The model as a binary file.
pub fn to_bytes(m: &SavedModel) -> Vec<u8> {
    let mut body = Vec::new();
    let w = &mut body;
    put_str(w, &m.program);
    w.extend_from_slice(&m.seed.to_le_bytes());
    put_u32(w, m.kinds.len());
    for k in &m.kinds {
        put_str(w, k.as_str());
    }
    for pairs in [&m.dicts, &m.stopwords] {
        put_u32(w, pairs.len());
        for (name, text) in pairs {
            put_str(w, name);
            put_str(w, text);
        }
    }
    let t = &m.tfidf;
    w.extend_from_slice(&[
        u8::from(t.sublinear_tf),
        u8::from(t.smooth_idf),
        u8::from(t.l2_norm),
    ]);
    put_u32(w, t.ngram.0);
    put_u32(w, t.ngram.1);
    put_u32(w, t.terms.len());
    for term in &t.terms {
        put_str(w, term);
    }
    put_u32(w, t.idf.len());
    for x in &t.idf {
        w.extend_from_slice(&x.to_le_bytes());
    }
    put_u32(w, m.clusters.len());
    for c in &m.clusters {
        w.extend_from_slice(&(c.id as u64).to_le_bytes());
        put_str(w, &c.label);
        put_u32(w, c.terms.len());
        for (term, weight) in &c.terms {
            put_str(w, term);
            w.extend_from_slice(&weight.to_le_bytes());
        }
        put_u32(w, c.centroid.len());
        for (id, weight) in &c.centroid {
            w.extend_from_slice(&id.to_le_bytes());
            w.extend_from_slice(&weight.to_le_bytes());
        }
        w.extend_from_slice(&c.floor.to_le_bytes());
        w.extend_from_slice(&(c.size as u64).to_le_bytes());
    }
    let mut out = Vec::with_capacity(body.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&BIN_VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out
}

fn put_u32(w: &mut Vec<u8>, n: usize) {
    // Counts and lengths of a model fit in u32 (a term list of 4 billion entries would not
    // fit in memory to begin with).
    w.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_u32(w, s.len());
    w.extend_from_slice(s.as_bytes());
}

/// Reads a binary model file as a stream, checking its magic, version, length and checksum.
pub fn load(path: &Path) -> Result<SavedModel> {
    let shown = path.display().to_string();
    let bad = |message: String| Error::Model {
        path: shown.clone(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| bad(format!("cannot read the model: {e}")))?;
    let mut r = BufReader::new(file);
    let mut head = [0u8; 20];
    r.read_exact(&mut head)
        .map_err(|_| bad("not a xietong binary model (too short for its header)".into()))?;
    if &head[..8] != MAGIC {
        return Err(bad("not a xietong binary model (wrong magic bytes)".into()));
    }
    let version = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    if version != BIN_VERSION {
        return Err(bad(format!(
            "binary model version {version} is not supported by this program (version \
             {BIN_VERSION}); fit the model again"
        )));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&head[12..20]);
    let mut body = Body {
        r,
        left: u64::from_le_bytes(len),
        crc: crc32fast::Hasher::new(),
    };
    let model = body.model().map_err(&bad)?;
    if body.left != 0 {
        return Err(bad(format!(
            "damaged model file: {} bytes of the body were not read",
            body.left
        )));
    }
    let mut sum = [0u8; 4];
    body.r
        .read_exact(&mut sum)
        .map_err(|_| bad("truncated model file: the checksum is missing".into()))?;
    if u32::from_le_bytes(sum) != body.crc.finalize() {
        return Err(bad("damaged model file: the checksum does not match".into()));
    }
    Ok(model)
}

/// The body being read: bytes left by the header's length, and their running checksum.
struct Body<R> {
    r: R,
    left: u64,
    crc: crc32fast::Hasher,
}

type Parsed<T> = std::result::Result<T, String>;

impl<R: Read> Body<R> {
    fn bytes(&mut self, n: usize) -> Parsed<Vec<u8>> {
        if n as u64 > self.left {
            return Err("truncated or damaged model file: a field runs past the body".into());
        }
        let mut buf = vec![0u8; n];
        self.r
            .read_exact(&mut buf)
            .map_err(|_| "truncated model file: it ends inside the body".to_string())?;
        self.left -= n as u64;
        self.crc.update(&buf);
        Ok(buf)
    }

    fn array<const N: usize>(&mut self) -> Parsed<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(&self.bytes(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Parsed<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Parsed<u64> {
        self.array().map(u64::from_le_bytes)
    }

    fn f32(&mut self) -> Parsed<f32> {
        self.array().map(f32::from_le_bytes)
    }

    fn f64(&mut self) -> Parsed<f64> {
        self.array().map(f64::from_le_bytes)
    }

    fn flag(&mut self) -> Parsed<bool> {
        self.array::<1>().map(|b| b[0] != 0)
    }

    fn string(&mut self) -> Parsed<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?)
            .map_err(|_| "damaged model file: a string is not UTF-8".to_string())
    }

    /// A counted list; the count is checked against the bytes left before anything is
    /// allocated, so a damaged count cannot ask for gigabytes.
    fn list<T>(
        &mut self,
        min_item: u64,
        mut item: impl FnMut(&mut Self) -> Parsed<T>,
    ) -> Parsed<Vec<T>> {
        let n = self.u32()? as u64;
        if n.saturating_mul(min_item) > self.left {
            return Err("truncated or damaged model file: a list runs past the body".into());
        }
        (0..n).map(|_| item(self)).collect()
    }

    fn model(&mut self) -> Parsed<SavedModel> {
        let program = self.string()?;
        let seed = self.u64()?;
        let kinds = self.list(4, |b| {
            let name = b.string()?;
            serde_json::from_value::<Kind>(serde_json::Value::String(name.clone()))
                .map_err(|_| format!("damaged model file: unknown unit kind {name:?}"))
        })?;
        let dicts = self.list(8, |b| Ok((b.string()?, b.string()?)))?;
        let stopwords = self.list(8, |b| Ok((b.string()?, b.string()?)))?;
        let (sublinear_tf, smooth_idf, l2_norm) = (self.flag()?, self.flag()?, self.flag()?);
        let ngram = (self.u32()? as usize, self.u32()? as usize);
        let terms = self.list(4, Self::string)?;
        let idf = self.list(4, Self::f32)?;
        let clusters = self.list(40, |b| {
            Ok(SavedCluster {
                id: b.u64()? as usize,
                label: b.string()?,
                terms: b.list(8, |b| Ok((b.string()?, b.f32()?)))?,
                centroid: b.list(12, |b| Ok((b.u32()?, b.f64()?)))?,
                floor: b.f64()?,
                size: b.u64()? as usize,
            })
        })?;
        Ok(SavedModel {
            format: MODEL_FORMAT.into(),
            version: MODEL_VERSION,
            program,
            seed,
            kinds,
            dicts,
            stopwords,
            tfidf: SavedTfidf {
                sublinear_tf,
                smooth_idf,
                ngram,
                l2_norm,
                terms,
                idf,
            },
            clusters,
        })
    }
}
