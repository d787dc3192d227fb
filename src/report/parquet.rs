//! `--format parquet`: the analysed units with their cluster and sparse TF-IDF vector, and
//! beside them the vocabulary, as two Parquet files for engines that outgrow one machine (Spark,
//! DuckDB, pandas; see the README's "Past one machine").
//!
//! The units file has one row per analysed unit, in corpus order ([`UNITS_SCHEMA`]); the
//! vocabulary file one row per term of the clustering TF-IDF model ([`TERMS_SCHEMA`]), so that
//! `tfidf.term_id` joins `term_id`. Vectors are those `xietong assign` computes for new text
//! (the fitted model applied to the unit's tokens), l2-normalised. Both files carry the run's
//! settings as JSON in the key-value metadata (`xietong.settings`).
//!
//! Units are written in row groups of [`ROW_GROUP`]: tokens and vectors are made one group at
//! a time, so memory does not grow with the corpus beyond the analysis itself.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DataType, FloatType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;

use crate::corpus::Corpus;
use crate::engine::Analysis;
use crate::text::{Tokenizer, TokenizerParams};

/// Version of the two schemas below; bumped only on incompatible changes.
pub const PARQUET_SCHEMA_VERSION: u32 = 1;

/// Units per row group (also the batch tokenized and vectorized at a time).
pub const ROW_GROUP: usize = 16_384;

/// Schema of the units file. `cluster` is the JSON cluster id (null: left out of every
/// cluster); `similarity` the cosine to that cluster's centroid, or to the nearest one.
/// `heading_path` runs from the article title to the unit's own heading.
pub const UNITS_SCHEMA: &str = "
message xietong_unit {
  required int64 unit_id;
  required int32 doc_id;
  required binary doc_path (STRING);
  required binary doc_title (STRING);
  optional binary doc_number (STRING);
  required binary kind (STRING);
  optional binary heading (STRING);
  required group heading_path (LIST) {
    repeated group list {
      required binary element (STRING);
    }
  }
  required int32 first_line;
  required int32 last_line;
  required binary text (STRING);
  optional int32 cluster;
  required float similarity;
  required group tfidf (LIST) {
    repeated group list {
      required group element {
        required int32 term_id;
        required float weight;
      }
    }
  }
}";

/// Schema of the vocabulary file: every term of the clustering TF-IDF model with its idf.
/// A word pair is written with a space (`科技 创新`).
pub const TERMS_SCHEMA: &str = "
message xietong_term {
  required int32 term_id;
  required binary term (STRING);
  required float idf;
}";

/// The vocabulary file written beside `units` (`report.parquet` -> `report.terms.parquet`).
pub fn terms_path(units: &std::path::Path) -> std::path::PathBuf {
    let stem = units
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    units.with_file_name(format!("{stem}.terms.parquet"))
}

fn properties(analysis: &Analysis) -> Arc<WriterProperties> {
    // The settings as in the JSON report, so a run can be reproduced from the files alone.
    let settings = serde_json::to_string(&super::json::settings(analysis)).unwrap_or_default();
    let meta = vec![
        KeyValue::new("xietong.schema".into(), PARQUET_SCHEMA_VERSION.to_string()),
        KeyValue::new(
            "xietong.version".into(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        KeyValue::new("xietong.settings".into(), settings),
    ];
    Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("xietong {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(meta))
            .build(),
    )
}

fn io(e: ParquetError) -> std::io::Error {
    match e {
        ParquetError::External(inner) => match inner.downcast::<std::io::Error>() {
            Ok(io) => *io,
            Err(other) => std::io::Error::other(other),
        },
        other => std::io::Error::other(other),
    }
}

/// The tokenizer the analysis was made with (its extra dictionaries and stop words).
fn tokenizer(analysis: &Analysis) -> std::io::Result<Tokenizer> {
    let mut params = TokenizerParams::new();
    for (name, text) in &analysis.settings.models.dicts {
        params = params.user_dict(name.clone(), text.clone());
    }
    for (name, text) in &analysis.settings.models.stopwords {
        params = params.stopwords(name.clone(), text.clone());
    }
    params
        .build()
        .map_err(|e| std::io::Error::other(format!("dictionary: {e}")))
}

/// Writes the units file to `out`.
pub fn write_units(
    out: &mut (dyn Write + Send),
    corpus: &Corpus,
    analysis: &Analysis,
) -> std::io::Result<()> {
    let schema = Arc::new(parse_message_type(UNITS_SCHEMA).map_err(io)?);
    let tokenizer = tokenizer(analysis)?;
    // Cluster and similarity of each analysed row.
    let mut placed: Vec<(Option<i32>, f32)> = vec![(None, 0.0); analysis.units.len()];
    let row = |unit: usize| analysis.units.binary_search(&unit).ok();
    for k in &analysis.clusters {
        for (&m, &sim) in k.members.iter().zip(&k.similarity) {
            if let Some(r) = row(m) {
                placed[r] = (Some(k.id as i32), sim);
            }
        }
    }
    for u in &analysis.unclustered {
        if let Some(r) = row(u.unit) {
            placed[r] = (None, u.similarity);
        }
    }
    let mut writer =
        SerializedFileWriter::new(&mut *out, schema, properties(analysis)).map_err(io)?;
    for (chunk, rows) in analysis
        .units
        .chunks(ROW_GROUP)
        .zip(placed.chunks(ROW_GROUP))
    {
        let texts: Vec<_> = chunk
            .iter()
            .map(|&u| corpus.units[u].unit.analysed_text())
            .collect();
        let vectors = analysis.tfidf.transform(&tokenizer.tokenize_all(&texts));
        let mut group = writer.next_row_group().map_err(io)?;
        write_group(&mut group, corpus, chunk, rows, &vectors).map_err(io)?;
        group.close().map_err(io)?;
    }
    writer.close().map_err(io)?;
    Ok(())
}

/// One row group's columns, in the order of [`UNITS_SCHEMA`].
fn write_group<W: Write + Send>(
    group: &mut SerializedRowGroupWriter<'_, W>,
    corpus: &Corpus,
    units: &[usize],
    placed: &[(Option<i32>, f32)],
    vectors: &crate::vectorize::CsrMatrix,
) -> Result<(), ParquetError> {
    let unit = |u: usize| &corpus.units[u];
    let doc = |u: usize| &corpus.documents[corpus.units[u].document];
    let text = |s: &str| ByteArray::from(s);
    let ids: Vec<i64> = units.iter().map(|&u| u as i64).collect();
    column::<Int64Type>(group, &ids, None, None)?;
    let docs: Vec<i32> = units.iter().map(|&u| unit(u).document as i32).collect();
    column::<Int32Type>(group, &docs, None, None)?;
    let paths: Vec<ByteArray> = units.iter().map(|&u| text(&doc(u).path)).collect();
    column::<ByteArrayType>(group, &paths, None, None)?;
    let titles: Vec<ByteArray> = units.iter().map(|&u| text(&doc(u).title)).collect();
    column::<ByteArrayType>(group, &titles, None, None)?;
    optional_text(group, units.iter().map(|&u| corpus.doc_number_of(u)))?;
    let kinds: Vec<ByteArray> = units
        .iter()
        .map(|&u| text(unit(u).unit.kind.as_str()))
        .collect();
    column::<ByteArrayType>(group, &kinds, None, None)?;
    optional_text(
        group,
        units.iter().map(|&u| unit(u).unit.heading.as_deref()),
    )?;
    let (def, rep) = list_levels(units.iter().map(|&u| unit(u).unit.path.len()));
    let path: Vec<ByteArray> = units
        .iter()
        .flat_map(|&u| unit(u).unit.path.iter().map(|p| text(p)))
        .collect();
    column::<ByteArrayType>(group, &path, Some(&def), Some(&rep))?;
    let first: Vec<i32> = units
        .iter()
        .map(|&u| unit(u).unit.location.first_line as i32)
        .collect();
    column::<Int32Type>(group, &first, None, None)?;
    let last: Vec<i32> = units
        .iter()
        .map(|&u| unit(u).unit.location.last_line as i32)
        .collect();
    column::<Int32Type>(group, &last, None, None)?;
    let texts: Vec<ByteArray> = units.iter().map(|&u| text(&unit(u).unit.text)).collect();
    column::<ByteArrayType>(group, &texts, None, None)?;
    let clusters: Vec<i32> = placed.iter().filter_map(|p| p.0).collect();
    let def: Vec<i16> = placed.iter().map(|p| i16::from(p.0.is_some())).collect();
    column::<Int32Type>(group, &clusters, Some(&def), None)?;
    let sims: Vec<f32> = placed.iter().map(|p| p.1).collect();
    column::<FloatType>(group, &sims, None, None)?;
    let (def, rep) = list_levels(vectors.rows().map(|(cols, _)| cols.len()));
    let term_ids: Vec<i32> = vectors
        .rows()
        .flat_map(|(cols, _)| cols.iter().map(|&c| c as i32))
        .collect();
    column::<Int32Type>(group, &term_ids, Some(&def), Some(&rep))?;
    let weights: Vec<f32> = vectors
        .rows()
        .flat_map(|(_, vals)| vals.iter().copied())
        .collect();
    column::<FloatType>(group, &weights, Some(&def), Some(&rep))?;
    Ok(())
}

/// Writes the next column of the row group.
fn column<T: DataType>(
    group: &mut SerializedRowGroupWriter<'_, impl Write + Send>,
    values: &[T::T],
    def: Option<&[i16]>,
    rep: Option<&[i16]>,
) -> Result<(), ParquetError> {
    let mut col = group
        .next_column()?
        .ok_or_else(|| ParquetError::General("the schema has fewer columns than written".into()))?;
    col.typed::<T>().write_batch(values, def, rep)?;
    col.close()
}

/// An optional string column: the present values and a definition level per row.
fn optional_text<'a>(
    group: &mut SerializedRowGroupWriter<'_, impl Write + Send>,
    values: impl Iterator<Item = Option<&'a str>>,
) -> Result<(), ParquetError> {
    let mut present = Vec::new();
    let mut def = Vec::new();
    for v in values {
        def.push(i16::from(v.is_some()));
        present.extend(v.map(ByteArray::from));
    }
    column::<ByteArrayType>(group, &present, Some(&def), None)
}

/// Definition and repetition levels of a required list of required elements, given each
/// row's length: an empty list is one slot at level 0; an element is defined (1), and repeats
/// its row's list (1) after the first.
fn list_levels(lens: impl Iterator<Item = usize>) -> (Vec<i16>, Vec<i16>) {
    let (mut def, mut rep) = (Vec::new(), Vec::new());
    for len in lens {
        if len == 0 {
            def.push(0);
            rep.push(0);
        }
        for i in 0..len {
            def.push(1);
            rep.push(i16::from(i > 0));
        }
    }
    (def, rep)
}

/// Writes the vocabulary file to `out`.
pub fn write_terms(out: &mut (dyn Write + Send), analysis: &Analysis) -> std::io::Result<()> {
    let schema = Arc::new(parse_message_type(TERMS_SCHEMA).map_err(io)?);
    let mut writer =
        SerializedFileWriter::new(&mut *out, schema, properties(analysis)).map_err(io)?;
    let idf = analysis.tfidf.idf();
    let ids: Vec<u32> = (0..idf.len() as u32).collect();
    for chunk in ids.chunks(ROW_GROUP * 4) {
        let mut group = writer.next_row_group().map_err(io)?;
        let term_ids: Vec<i32> = chunk.iter().map(|&t| t as i32).collect();
        column::<Int32Type>(&mut group, &term_ids, None, None).map_err(io)?;
        let names: Vec<ByteArray> = chunk
            .iter()
            .map(|&t| ByteArray::from(analysis.tfidf.term(t).unwrap_or("")))
            .collect();
        column::<ByteArrayType>(&mut group, &names, None, None).map_err(io)?;
        let weights: Vec<f32> = chunk.iter().map(|&t| idf[t as usize]).collect();
        column::<FloatType>(&mut group, &weights, None, None).map_err(io)?;
        group.close().map_err(io)?;
    }
    writer.close().map_err(io)?;
    Ok(())
}
