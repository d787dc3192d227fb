//! The `xietong` command: parses arguments, runs the library, maps errors to exit codes
//! (0 success, warnings allowed; 1 failure; 2 usage error) and treats a closed pipe as success.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, FormatArg, InputArgs, KindArg};
use xietong::corpus::Corpus;
use xietong::ingest::{IngestError, ReadOptions};
use xietong::report::{self, json, text};
use xietong::segment::Kind;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xietong: error: {e:#}");
            let usage = e
                .downcast_ref::<xietong::Error>()
                .is_some_and(|x| matches!(x, xietong::Error::Config { .. }));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Segment(args) => {
            let corpus = load(&args.input)?;
            let bytes = match args.input.format {
                FormatArg::Json => json::to_bytes(&json::segment_output(&corpus)),
                FormatArg::Text => {
                    text::segmentation(&corpus, args.full, args.removed).into_bytes()
                }
            };
            emit(&args.input, &bytes)
        }
        Command::Report(args) => {
            let corpus = load(&args.input)?;
            let kinds: Vec<Kind> = args.kinds.iter().map(|k| kind(*k)).collect();
            let settings = xietong::engine::Settings {
                k: args.k,
                seed: args.seed,
                kinds,
            };
            let analysis = xietong::engine::analyse(&corpus, &settings)?;
            let bytes = match args.input.format {
                FormatArg::Json => json::to_bytes(&json::report_output(&corpus, &analysis)),
                FormatArg::Text => text::clusters(&corpus, &analysis).into_bytes(),
            };
            emit(&args.input, &bytes)
        }
    }
}

fn load(input: &InputArgs) -> anyhow::Result<Corpus> {
    let corpus = match Corpus::load(&input.paths, &ReadOptions::default()) {
        Ok(corpus) => corpus,
        Err(e) => {
            // Nothing was readable: say why for each input, or the error alone explains nothing.
            if let xietong::Error::Ingest(IngestError::NoSources { warnings }) = &e {
                if !input.quiet {
                    for w in warnings {
                        eprintln!("xietong: warning: {w}");
                    }
                }
            }
            return Err(anyhow::Error::new(e).context("reading inputs"));
        }
    };
    if !input.quiet {
        for w in &corpus.warnings {
            eprintln!("xietong: warning: {w}");
        }
    }
    Ok(corpus)
}

fn emit(input: &InputArgs, bytes: &[u8]) -> anyhow::Result<()> {
    match &input.out {
        Some(path) => Ok(report::write_atomic(path, bytes, &input.paths)?),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn kind(k: KindArg) -> Kind {
    match k {
        KindArg::Recommendation => Kind::Recommendation,
        KindArg::Problem => Kind::Problem,
        KindArg::Background => Kind::Background,
        KindArg::Case => Kind::Case,
    }
}
