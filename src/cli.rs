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
}

/// `xietong report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Number of clusters; chosen automatically when absent.
    #[arg(long, value_name = "N")]
    pub k: Option<usize>,
    /// Seed for every random choice; the same input and seed give identical output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Kinds of units to cluster.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "recommendation"
    )]
    pub kinds: Vec<KindArg>,
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
    /// Spreadsheet, one row per proposal (report only).
    Csv,
    /// Markdown compilation draft grouped by cluster (report only).
    Md,
    /// Self-contained HTML page with a map and a coverage table (report only).
    Html,
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
