//! The corpus: documents read from the user's inputs, cleaned and segmented into units, each
//! unit with a corpus-wide id. This is what every later stage and every report reads.

use rayon::prelude::*;

use crate::clean::{self, DocMeta, RemovedLine};
use crate::ingest::{self, Format, ReadOptions, Source, Warning};
use crate::segment::{self, Kind, Unit};
use crate::timings::Timings;
use crate::Result;

/// The bundled seed documents, used when no input is given and `seeds/` is not on disk.
const EMBEDDED_SEEDS: [(&str, &str); 5] = [
    (
        "seeds/000_72a7b87fc3321f6e.txt",
        include_str!("../seeds/000_72a7b87fc3321f6e.txt"),
    ),
    (
        "seeds/001_896269cbe59e9b91.txt",
        include_str!("../seeds/001_896269cbe59e9b91.txt"),
    ),
    (
        "seeds/002_a7581ce583f3e2a8.txt",
        include_str!("../seeds/002_a7581ce583f3e2a8.txt"),
    ),
    (
        "seeds/003_e6db8e3596dbca84.txt",
        include_str!("../seeds/003_e6db8e3596dbca84.txt"),
    ),
    (
        "seeds/004_55434fdc5f3ead45.txt",
        include_str!("../seeds/004_55434fdc5f3ead45.txt"),
    ),
];

/// One article's title and byline.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleInfo {
    /// The title, when the document shows one.
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The article's own metadata (发文字号, dates…), title included.
    pub meta: DocMeta,
}

/// A document of the corpus.
#[derive(Debug, Clone)]
pub struct Document {
    /// Index in [`Corpus::documents`].
    pub id: usize,
    /// The path as the user gave it (`seeds/000_72a7b87fc3321f6e.txt`).
    pub path: String,
    /// The first article's title, else the file name without extension.
    pub title: String,
    /// The reader used.
    pub format: Format,
    /// The encoding the bytes were in.
    pub encoding: &'static str,
    /// Its articles.
    pub articles: Vec<ArticleInfo>,
    /// Lines removed as furniture, with reasons.
    pub removed: Vec<RemovedLine>,
    /// Whether the text was hard-wrapped (PDF extraction).
    pub wrapped: bool,
    /// The document's metadata (发文机关, 发文字号, dates, source…).
    pub meta: DocMeta,
}

/// A unit with its place in the corpus.
#[derive(Debug, Clone)]
pub struct CorpusUnit {
    /// Corpus-wide id: the index in [`Corpus::units`].
    pub id: usize,
    /// The document it comes from.
    pub document: usize,
    /// The unit.
    pub unit: Unit,
}

/// Documents, their units, and what went wrong while reading.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Documents in input order.
    pub documents: Vec<Document>,
    /// Units in document order, then source order.
    pub units: Vec<CorpusUnit>,
    /// Files skipped or read with a caveat.
    pub warnings: Vec<Warning>,
}

impl Corpus {
    /// Reads, cleans and segments the inputs. An empty `inputs` means the bundled seeds: the
    /// `seeds/` folder when it exists, else the copies compiled into the program.
    pub fn load(inputs: &[String], opts: &ReadOptions) -> Result<Corpus> {
        Corpus::load_timed(inputs, opts, &mut Timings::default())
    }

    /// Like [`Corpus::load`], recording the `read` and `clean+segment` stages.
    pub fn load_timed(
        inputs: &[String],
        opts: &ReadOptions,
        timings: &mut Timings,
    ) -> Result<Corpus> {
        let start = timings.begin("read", None);
        let read = |paths: &[String]| {
            let stdin = std::io::stdin().lock();
            ingest::read_inputs_reporting(paths, opts, stdin, timings.progress())
        };
        let loaded = if inputs.is_empty() {
            if std::path::Path::new("seeds").is_dir() {
                read(&["seeds".to_string()])?
            } else {
                embedded_seeds()
            }
        } else {
            read(inputs)?
        };
        let n = loaded.sources.len();
        timings.record("read", start, n);
        let start = timings.begin("clean+segment", None);
        let corpus = Corpus::from_sources(loaded.sources, loaded.warnings);
        timings.record("clean+segment", start, n);
        Ok(corpus)
    }

    /// Cleans and segments decoded sources (in parallel; the result is in source order).
    pub fn from_sources(sources: Vec<Source>, mut warnings: Vec<Warning>) -> Corpus {
        warnings.extend(duplicate_warnings(&sources));
        let parsed: Vec<(Document, Vec<Unit>)> = sources
            .into_par_iter()
            .enumerate()
            .map(|(id, source)| parse(id, source))
            .collect();
        let mut corpus = Corpus::default();
        for (doc, units) in parsed {
            if units.is_empty() {
                warnings.push(Warning::new(&doc.path, "no text left after cleaning"));
            }
            for unit in units {
                let id = corpus.units.len();
                corpus.units.push(CorpusUnit {
                    id,
                    document: doc.id,
                    unit,
                });
            }
            corpus.documents.push(doc);
        }
        corpus.warnings = warnings;
        corpus
    }

    /// The title a unit appears under: in a compilation of several articles, its article's
    /// title (when the article shows one), else the document's title.
    pub fn title_of(&self, unit: usize) -> &str {
        let u = &self.units[unit];
        let d = &self.documents[u.document];
        match d.articles.get(u.unit.article) {
            Some(a) if d.articles.len() > 1 => a.title.as_deref().unwrap_or(&d.title),
            _ => &d.title,
        }
    }

    /// What a unit comes from, for people: `《title》` (see [`title_of`](Self::title_of)), or
    /// the file's path for a document that shows no title (its fallback title is only the
    /// file name, which in 《》 would read as a real title).
    pub fn source_name(&self, unit: usize) -> String {
        match (self.shown_title(unit), self.doc_number_of(unit)) {
            (Some(t), Some(n)) => format!("《{t}》（{n}）"),
            (Some(t), None) => format!("《{t}》"),
            (None, _) => self.documents[self.units[unit].document].path.clone(),
        }
    }

    /// The 发文字号 a unit is cited by: its article's own, else its document's (an attached
    /// 办法 is cited by the number of the notice that issued it).
    pub fn doc_number_of(&self, unit: usize) -> Option<&str> {
        let u = &self.units[unit];
        let d = &self.documents[u.document];
        d.articles
            .get(u.unit.article)
            .and_then(|a| a.meta.doc_number.as_deref())
            .or(d.meta.doc_number.as_deref())
    }

    /// [`title_of`](Self::title_of) when the unit's document shows a title, else `None` (the
    /// title is then only the file name).
    pub fn shown_title(&self, unit: usize) -> Option<&str> {
        let d = &self.documents[self.units[unit].document];
        d.articles
            .iter()
            .any(|a| a.title.is_some())
            .then(|| self.title_of(unit))
    }

    /// The distinct [`source_name`](Self::source_name)s of the given units, in document and
    /// article order.
    pub fn titles_of(&self, units: &[usize]) -> Vec<String> {
        let places: std::collections::BTreeSet<(usize, usize, usize)> = units
            .iter()
            .map(|&id| (self.units[id].document, self.units[id].unit.article, id))
            .collect();
        let mut out: Vec<String> = Vec::new();
        for (_, _, id) in places {
            let t = self.source_name(id);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    /// Units of the given kinds, in corpus order.
    pub fn units_of<'a>(&'a self, kinds: &'a [Kind]) -> impl Iterator<Item = &'a CorpusUnit> + 'a {
        self.units
            .iter()
            .filter(move |u| kinds.contains(&u.unit.kind))
    }
}

/// Sources with the same text as an earlier one (a file saved twice under two names): both
/// are kept, so nothing is lost, and the pair is named so the user knows why their units match.
fn duplicate_warnings(sources: &[Source]) -> Vec<Warning> {
    let mut first: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for s in sources {
        match first.get(s.text.as_str()) {
            Some(earlier) => out.push(Warning::new(
                &s.path,
                format!("same text as {earlier} (duplicate document); both are kept"),
            )),
            None => {
                first.insert(&s.text, &s.path);
            }
        }
    }
    out
}

fn parse(id: usize, source: Source) -> (Document, Vec<Unit>) {
    let cleaned = clean::clean(&source.text);
    let units = segment::segment(&cleaned);
    let articles: Vec<ArticleInfo> = cleaned
        .articles
        .iter()
        .map(|a| ArticleInfo {
            title: a.title.clone(),
            byline: a.byline.clone(),
            meta: a.meta.clone(),
        })
        .collect();
    let title = articles
        .iter()
        .find_map(|a| a.title.clone())
        .unwrap_or_else(|| file_stem(&source.path));
    let doc = Document {
        id,
        path: source.path,
        title,
        format: source.format,
        encoding: source.encoding,
        articles,
        removed: cleaned.removed,
        wrapped: cleaned.wrapped,
        meta: cleaned.meta,
    };
    (doc, units)
}

fn file_stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

fn embedded_seeds() -> ingest::Loaded {
    let sources = EMBEDDED_SEEDS
        .iter()
        .map(|&(path, text)| Source {
            path: path.to_string(),
            format: Format::Text,
            encoding: "UTF-8",
            text: text.to_string(),
        })
        .collect();
    ingest::Loaded {
        sources,
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(text: &str) -> Vec<Kind> {
        let source = Source {
            path: "a.txt".into(),
            format: crate::ingest::Format::Text,
            encoding: "UTF-8",
            text: text.into(),
        };
        let c = Corpus::from_sources(vec![source], Vec::new());
        c.units.iter().map(|u| u.unit.kind).collect()
    }

    #[test]
    fn a_title_that_is_only_a_section_name_heads_the_items() {
        // `发展海洋经济` does not open like a proposal, but under `对策建议` it is one.
        let items =
            "\n\n1.推进园区共建。完善利益分享机制。\n\n2.发展海洋经济。建设港口航运中心。\n";
        assert_eq!(
            kinds_of(&format!("对策建议{items}")),
            vec![Kind::Recommendation; 2]
        );
        // A longer title names the report, not the kind of every paragraph in it: its
        // opening paragraph stays background.
        let report = format!(
            "沿海地区海洋经济发展的现状与对策建议\n\n近年来，沿海地区海洋经济发展迅速，\
             海洋产业规模持续扩大。{items}"
        );
        assert_eq!(kinds_of(&report)[0], Kind::Background);
    }

    #[test]
    fn embedded_seeds_match_the_folder() {
        for (path, text) in EMBEDDED_SEEDS {
            let on_disk = std::fs::read_to_string(path).unwrap_or_default();
            assert_eq!(on_disk, text, "{path} differs from its embedded copy");
        }
    }

    /// Units compared across formats: everything but source lines, which HTML and .docx
    /// renumber (one block per line).
    type UnitKey = (usize, Kind, Option<String>, Vec<String>, String);
    type Encoder = fn(&str) -> Vec<u8>;

    fn unit_keys(c: &Corpus) -> Vec<UnitKey> {
        c.units
            .iter()
            .map(|u| {
                let x = &u.unit;
                (
                    u.document,
                    x.kind,
                    x.heading.clone(),
                    x.path.clone(),
                    x.text.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn every_encoding_and_format_gives_the_same_units() -> Result<(), Box<dyn std::error::Error>> {
        use crate::ingest::fixtures::{lines_to_docx, lines_to_html};
        let reference = Corpus::from_sources(embedded_seeds().sources, Vec::new());
        let want = unit_keys(&reference);
        let dir = tempfile::tempdir()?;
        let variants: [(&str, &str, Encoder); 4] = [
            ("gbk", "txt", |t| encoding_rs::GBK.encode(t).0.into_owned()),
            ("utf16", "txt", |t| {
                let mut b = vec![0xFF, 0xFE];
                b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
                b
            }),
            ("html", "html", |t| lines_to_html(t).into_bytes()),
            ("docx", "docx", |t| lines_to_docx(t).unwrap_or_default()),
        ];
        for (name, ext, encode) in variants {
            let sub = dir.path().join(name);
            std::fs::create_dir(&sub)?;
            for (path, text) in EMBEDDED_SEEDS {
                let stem = file_stem(path);
                std::fs::write(sub.join(format!("{stem}.{ext}")), encode(text))?;
            }
            let loaded =
                ingest::read_inputs(&[sub.display().to_string()], &ReadOptions::default())?;
            assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
            let got = Corpus::from_sources(loaded.sources, Vec::new());
            let got_keys = unit_keys(&got);
            assert_eq!(got_keys.len(), want.len(), "{name}: unit count");
            for (g, w) in got_keys.iter().zip(&want) {
                assert_eq!(g, w, "{name}");
            }
            let titles: Vec<_> = got.documents.iter().map(|d| d.title.clone()).collect();
            let want_titles: Vec<_> = reference
                .documents
                .iter()
                .map(|d| d.title.clone())
                .collect();
            assert_eq!(titles, want_titles, "{name}");
        }
        Ok(())
    }

    #[test]
    fn units_get_corpus_ids_in_document_order() {
        let c = Corpus::from_sources(embedded_seeds().sources, Vec::new());
        assert_eq!(c.documents.len(), 5);
        assert!(c.units.iter().enumerate().all(|(i, u)| u.id == i));
        assert!(c.units.windows(2).all(|w| w[0].document <= w[1].document));
        assert_eq!(c.documents[3].title, "003_e6db8e3596dbca84");
        let recs = c.units_of(&[Kind::Recommendation]).count();
        assert_eq!(recs, 29 + 9 + 15 + 4 + 4);
    }
}
