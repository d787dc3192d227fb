//! Command-line arguments (binary only; the library never sees clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// xietong (协同): find overlapping proposals across Chinese policy documents.
#[derive(Debug, Parser)]
#[command(name = "xietong", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Group the recommendations of the documents into clusters and report them.
    Report(ReportArgs),
    /// Show how the documents were cut into units (kind, heading path, source lines).
    Segment(SegmentArgs),
    /// List near-duplicate proposals across documents, or rank them against `--query` text.
    Similar(SimilarArgs),
    /// Cluster the documents like `report` and save the model for `assign`.
    Fit(FitArgs),
    /// Place the recommendations of new documents into the clusters of a saved model.
    Assign(AssignArgs),
    /// Review the groups in a local web app; every change is saved to the decisions file.
    Review(ReviewArgs),
    /// Write the 汇编 draft (docx, md or html) of the editor's groups (see `--review`).
    Compile(CompileArgs),
}

/// `xietong review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    // Its `--review FILE` is the decisions file (default: xietong.review.json beside the
    // documents).
    #[command(flatten)]
    pub report: ReportArgs,
    /// Print the address without opening a browser.
    #[arg(long)]
    pub no_open: bool,
}

/// `xietong compile`.
#[derive(Debug, Args)]
pub struct CompileArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// Title of the compilation.
    #[arg(long, value_name = "TEXT", default_value = xietong::compile::DEFAULT_TITLE)]
    pub title: String,
}

/// `xietong fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// The model file to write (atomically): compact binary when it ends in `.xtm`, else JSON.
    #[arg(long, value_name = "FILE")]
    pub model: PathBuf,
}

/// `xietong assign`.
#[derive(Debug, Args)]
pub struct AssignArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The model file written by `xietong fit`.
    #[arg(long, value_name = "FILE")]
    pub model: PathBuf,
}

/// Options shared by every command that reads documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read (folders recursively); `-` reads standard input.
    /// Default: the bundled seed documents.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Do not print warnings about skipped files.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the wall time of each stage on standard error at the end.
    #[arg(long)]
    pub timings: bool,
}

/// Options of the commands that compare units.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// Kinds of units to analyse.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "recommendation"
    )]
    pub kinds: Vec<KindArg>,
    /// Extra jieba dictionary (`word [freq] [tag]` per line), added to models/userdict.txt.
    #[arg(long, value_name = "FILE")]
    pub dict: Vec<PathBuf>,
    /// Extra stop words (one per line), added to models/stopwords.txt.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Vec<PathBuf>,
    /// Nearest neighbours kept per unit.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
    /// Also look for neighbours within the unit's own document.
    #[arg(long)]
    pub within_doc: bool,
    /// Cosine similarity from which two units of different documents count as near-duplicates.
    #[arg(long, value_name = "X", default_value_t = xietong::engine::DEFAULT_THRESHOLD)]
    pub threshold: f32,
    /// Ignore terms in fewer units than this (an integer: units; with a decimal point: a
    /// proportion). Default: 1 for similarity, 2 for clustering from 10 units on.
    #[arg(long, value_name = "N|F")]
    pub min_df: Option<String>,
    /// Ignore terms in more units than this (integer or proportion, as --min-df).
    #[arg(long, value_name = "N|F", default_value = "1.0")]
    pub max_df: String,
    /// Use raw term counts instead of 1 + ln(count).
    #[arg(long)]
    pub no_sublinear: bool,
    /// Use single words only, no word pairs.
    #[arg(long)]
    pub no_bigrams: bool,
}

/// `xietong report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Number of clusters; chosen automatically when absent.
    #[arg(long, value_name = "N")]
    pub k: Option<usize>,
    /// Seed for every random choice; the same input and seed give identical output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The editor's decisions file, applied after clustering. Default: xietong.review.json
    /// beside the first input, when it exists.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
}

/// `xietong similar`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Rank the documents' units against this text instead of listing near-duplicates.
    #[arg(long, value_name = "TEXT")]
    pub query: Option<String>,
}

/// `xietong segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print each unit's full text instead of a preview.
    #[arg(long)]
    pub full: bool,
    /// Also list the lines removed as furniture, with the reason.
    #[arg(long)]
    pub removed: bool,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable report.
    Text,
    /// Machine-readable JSON (schema in README).
    Json,
    /// JSON Lines: a header line, then one line per document, unit, cluster… (report only).
    Jsonl,
    /// Spreadsheet, one row per proposal (report only).
    Csv,
    /// Markdown compilation draft grouped by cluster (report only).
    Md,
    /// Self-contained HTML page with a map and a coverage table (report only).
    Html,
    /// Parquet: the proposals with cluster and TF-IDF vector, and the vocabulary beside them
    /// (report only; needs --out).
    Parquet,
    /// Word document (compile only; compile's default).
    Docx,
}

/// `--kinds` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Proposals.
    Recommendation,
    /// Problems and causes.
    Problem,
    /// Background.
    Background,
    /// Cases and examples.
    Case,
}

impl Command {
    /// The input options of the command.
    pub fn input(&self) -> &InputArgs {
        match self {
            Command::Report(a) => &a.input,
            Command::Segment(a) => &a.input,
            Command::Similar(a) => &a.input,
            Command::Fit(a) => &a.report.input,
            Command::Assign(a) => &a.input,
            Command::Review(a) => &a.report.input,
            Command::Compile(a) => &a.report.input,
        }
    }
}
