//! The `xietong` command: parses arguments, runs the library, maps errors to exit codes
//! (0 success, warnings allowed; 1 failure; 2 usage error) and treats a closed pipe as success.

mod bars;
mod cli;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;

use cli::{AnalysisArgs, Cli, Command, CompileArgs, FormatArg, InputArgs, KindArg, ReportArgs};
use xietong::corpus::Corpus;
use xietong::engine;
use xietong::ingest::{IngestError, ReadOptions};
use xietong::model::SavedModel;
use xietong::report::{self, json, text, OutputFormat};
use xietong::review;
use xietong::segment::Kind;
use xietong::timings::Timings;
use xietong::vectorize::DfThreshold;

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
    let mut timings = Timings::with_progress(bars::for_stderr(cli.command.input().quiet));
    if let Command::Review(args) = &cli.command {
        return review(args, &mut timings);
    }
    let (input, bytes) = match &cli.command {
        Command::Segment(args) => {
            let corpus = load(&args.input, &mut timings)?;
            let start = timings.begin("report", None);
            let bytes = match args.input.format {
                FormatArg::Json => json::to_bytes(&json::segment_output(&corpus)),
                FormatArg::Text => {
                    text::segmentation(&corpus, args.full, args.removed).into_bytes()
                }
                other => return Err(not_a_report_format(other)),
            };
            timings.record("report", start, corpus.units.len());
            (&args.input, Some(bytes))
        }
        Command::Report(args) => {
            let (bytes, analysis) = report(args, &mut timings)?;
            // Freeing millions of small allocations one by one takes a noticeable part of a
            // large run's last second; the process ends here and the system takes it all back.
            std::mem::forget(analysis);
            (&args.input, bytes)
        }
        Command::Compile(args) => (&args.report.input, Some(compile(args, &mut timings)?)),
        Command::Fit(args) => {
            let (bytes, analysis) = report(&args.report, &mut timings)?;
            let model = SavedModel::from_analysis(&analysis)?;
            let model_bytes = if xietong::model_bin::is_binary_path(&args.model) {
                xietong::model_bin::to_bytes(&model)
            } else {
                model.to_bytes()
            };
            report::write_atomic(&args.model, &model_bytes, &args.report.input.paths)?;
            if !args.report.input.quiet {
                eprintln!("xietong: model saved to {}", args.model.display());
            }
            (&args.report.input, bytes)
        }
        Command::Assign(args) => {
            let model = SavedModel::load(&args.model)?;
            let corpus = load(&args.input, &mut timings)?;
            let start = timings.begin("assign", None);
            let placed = model.assign(&corpus)?;
            timings.record("assign", start, placed.len());
            let bytes = match args.input.format {
                FormatArg::Json => json::to_bytes(&json::assign_output(&corpus, &model, &placed)),
                FormatArg::Text => text::assignments(&corpus, &model, &placed).into_bytes(),
                other => return Err(not_a_report_format(other)),
            };
            (&args.input, Some(bytes))
        }
        Command::Review(_) => unreachable!("served above"),
        Command::Similar(args) => {
            let settings = settings(&args.analysis)?;
            let corpus = load(&args.input, &mut timings)?;
            let vectors = engine::vectorize_timed(&corpus, &settings, &mut timings)?;
            if !matches!(args.input.format, FormatArg::Text | FormatArg::Json) {
                return Err(not_a_report_format(args.input.format));
            }
            let start = timings.begin("neighbours+duplicates", None);
            let found = match &args.query {
                Some(q) => Found::Query(q, engine::query(&vectors, q, settings.top_n)?),
                None => {
                    let near = engine::nearest(&vectors, settings.top_n, settings.within_doc)?;
                    Found::Pairs(engine::duplicates(&vectors, &near, settings.threshold)?)
                }
            };
            timings.record("neighbours+duplicates", start, vectors.units.len());
            let vocabulary = vectors.tfidf.vocabulary();
            let bytes = match (args.input.format, &found) {
                (FormatArg::Json, Found::Query(q, hits)) => {
                    json::to_bytes(&json::query_output(&corpus, q, hits.as_slice(), vocabulary))
                }
                (FormatArg::Json, Found::Pairs(pairs)) => json::to_bytes(&json::duplicates_output(
                    &corpus,
                    pairs.as_slice(),
                    vocabulary,
                )),
                (FormatArg::Text, Found::Query(q, hits)) => {
                    text::query(&corpus, q, hits, vocabulary).into_bytes()
                }
                (_, Found::Pairs(pairs)) => {
                    text::duplicates(&corpus, pairs, settings.threshold, vocabulary).into_bytes()
                }
                (_, Found::Query(q, hits)) => {
                    text::query(&corpus, q, hits, vocabulary).into_bytes()
                }
            };
            (&args.input, Some(bytes))
        }
    };
    // `None`: the report was written as it was produced.
    if let Some(bytes) = bytes {
        write_stage(input, &mut timings, bytes.len(), |out| {
            out.write_all(&bytes)
        })?;
    }
    if input.timings {
        eprint!("{}", timings.table());
    }
    Ok(())
}

/// Loads the inputs, runs the whole analysis for `report` and `fit`, applies the editor's
/// decisions, and renders the report: as bytes to write, or (`None`) already written for the
/// formats that are written as they are produced.
fn report(
    args: &ReportArgs,
    timings: &mut Timings,
) -> anyhow::Result<(Option<Vec<u8>>, engine::Analysis)> {
    let format = output_format(args.input.format)?;
    if format == OutputFormat::Parquet && args.input.out.is_none() {
        return Err(xietong::Error::Config {
            option: "--out",
            message: "Parquet is written to files (the proposals, and the vocabulary beside \
                      them): give --out FILE.parquet"
                .into(),
        }
        .into());
    }
    let (corpus, mut analysis) = analyse(args, timings)?;
    // Never freed, for the reason given where `report` is called.
    let corpus = std::mem::ManuallyDrop::new(corpus);
    let reviewed = apply_review(args, &corpus, &analysis, timings)?;
    if let Some((p, r)) = &reviewed {
        analysis = review::edited_analysis(&analysis, r, p);
    }
    if matches!(
        format,
        OutputFormat::Json | OutputFormat::Jsonl | OutputFormat::Csv
    ) {
        let renderer = report::renderer(format);
        let units = analysis.units.len();
        write_stage(&args.input, timings, units, |out| {
            renderer.write_to(&corpus, &analysis, out)
        })?;
        return Ok((None, analysis));
    }
    if let (OutputFormat::Parquet, Some(out)) = (format, &args.input.out) {
        let renderer = report::renderer(format);
        let units = analysis.units.len();
        write_stage(&args.input, timings, units, |w| {
            renderer.write_to(&corpus, &analysis, w)
        })?;
        let terms = report::parquet::terms_path(out);
        report::write_atomic_with(&terms, &args.input.paths, |w| {
            report::parquet::write_terms(w, &analysis)
        })?;
        if !args.input.quiet {
            eprintln!("xietong: vocabulary written to {}", terms.display());
        }
        return Ok((None, analysis));
    }
    let start = timings.begin("report", None);
    let mut bytes = if args.input.format == FormatArg::Text && colour(&args.input) {
        text::clusters_styled(&corpus, &analysis, text::Style::new(true)).into_bytes()
    } else {
        report::renderer(format).render(&corpus, &analysis)?
    };
    // Text and Markdown end with what the review changed; the other formats carry the
    // edited groups only (the warnings went to standard error).
    if let (Some((_, r)), OutputFormat::Text | OutputFormat::Markdown) = (&reviewed, format) {
        let summary = review::summary(&corpus, r);
        if !summary.is_empty() {
            let sep = if format == OutputFormat::Markdown {
                "\n## Review\n\n"
            } else {
                "\n"
            };
            bytes.extend_from_slice(sep.as_bytes());
            bytes.extend_from_slice(summary.as_bytes());
        }
    }
    timings.record("report", start, analysis.units.len());
    Ok((Some(bytes), analysis))
}

/// Loads the inputs and runs the whole analysis (`report`, `fit`, `review`).
fn analyse(args: &ReportArgs, timings: &mut Timings) -> anyhow::Result<(Corpus, engine::Analysis)> {
    let mut settings = settings(&args.analysis)?;
    settings.k = args.k;
    settings.seed = args.seed;
    let corpus = load(&args.input, timings)?;
    let mut analysis = engine::analyse_timed(&corpus, &settings, timings.child())?;
    timings.extend(std::mem::take(&mut analysis.timings));
    Ok((corpus, analysis))
}

/// `xietong review`: analyses like `report`, then serves the review app until interrupted.
fn review(args: &cli::ReviewArgs, timings: &mut Timings) -> anyhow::Result<()> {
    let (corpus, analysis) = analyse(&args.report, timings)?;
    timings.stop_progress();
    let file = args
        .report
        .review
        .clone()
        .unwrap_or_else(|| review::default_path(&args.report.input.paths));
    let backend = review::live::Live::open(corpus, analysis, file)?;
    let server =
        review::server::Server::bind(backend).context("starting the review server on 127.0.0.1")?;
    let address = server.address();
    println!("xietong review: {address}");
    if !args.report.input.quiet {
        eprintln!("xietong: every change is saved at once; press Ctrl+C to stop");
    }
    std::io::stdout().flush()?;
    if !args.no_open {
        review::server::open_browser(&address);
    }
    Ok(server.run()?)
}

/// The editor's decisions applied to the run: from `--review FILE`, else from
/// `xietong.review.json` beside the inputs when it exists. Orphaned decisions and problems
/// with entries are warnings; a file that cannot be read stops the run (and is left as it is).
fn apply_review(
    args: &ReportArgs,
    corpus: &Corpus,
    analysis: &engine::Analysis,
    timings: &mut Timings,
) -> anyhow::Result<Option<(review::Proposals, review::Reviewed)>> {
    let path = match &args.review {
        Some(p) => p.clone(),
        None => {
            let p = review::default_path(&args.input.paths);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    let start = timings.begin("review", None);
    let decisions = review::Decisions::load(&path)?;
    let proposals = review::Proposals::new(corpus, analysis)?;
    let reviewed = decisions.apply(&proposals);
    timings.record("review", start, proposals.units.len());
    if !args.input.quiet {
        let shown = path.display();
        for o in &reviewed.orphaned {
            eprintln!(
                "xietong: warning: {shown}: entry {}: {}: its proposal is not in this run \
                 (the decision is kept)",
                o.entry, o.decision
            );
        }
        for w in &reviewed.warnings {
            eprintln!("xietong: warning: {shown}: {w}");
        }
        match reviewed.new_count() {
            0 => {}
            n => eprintln!("xietong: {n} proposals are new since the last review"),
        }
    }
    Ok(Some((proposals, reviewed)))
}

/// The 汇编 draft of the editor's groups (the machine's when there is no review).
fn compile(args: &CompileArgs, timings: &mut Timings) -> anyhow::Result<Vec<u8>> {
    let r = &args.report;
    let format = match (r.input.format, &r.input.out) {
        (FormatArg::Md | FormatArg::Html | FormatArg::Docx, _) => r.input.format,
        // No format named: the output file's extension says which.
        (FormatArg::Text, Some(out)) => match out.extension().and_then(|e| e.to_str()) {
            Some("md") => FormatArg::Md,
            Some("html" | "htm") => FormatArg::Html,
            _ => FormatArg::Docx,
        },
        (FormatArg::Text, None) => FormatArg::Docx,
        (other, _) => {
            return Err(xietong::Error::Config {
                option: "--format",
                message: format!("compile writes docx, md or html, not {other:?}").to_lowercase(),
            }
            .into())
        }
    };
    if format == FormatArg::Docx && r.input.out.is_none() {
        return Err(xietong::Error::Config {
            option: "--out",
            message: "a .docx is written to a file: give --out FILE".into(),
        }
        .into());
    }
    let (corpus, analysis) = analyse(r, timings)?;
    let reviewed = match apply_review(r, &corpus, &analysis, timings)? {
        Some((_, reviewed)) => reviewed,
        None => {
            let proposals = review::Proposals::new(&corpus, &analysis)?;
            review::Decisions::new().apply(&proposals)
        }
    };
    let start = timings.begin("compile", None);
    let draft = xietong::compile::Compilation::new(&corpus, &reviewed, &args.title);
    let bytes = match format {
        FormatArg::Md => xietong::compile::md::to_markdown(&draft).into_bytes(),
        FormatArg::Html => xietong::compile::html::to_html(&draft).into_bytes(),
        _ => xietong::compile::docx::to_docx(&draft)
            .map_err(|e| anyhow::anyhow!("writing the .docx: {e}"))?,
    };
    timings.record("compile", start, draft.proposals());
    if !r.input.quiet {
        eprintln!(
            "xietong: {} groups, {} proposals compiled ({} in no group, {} excluded)",
            draft.groups(),
            draft.proposals(),
            draft.unplaced,
            draft.excluded
        );
    }
    Ok(bytes)
}

/// What `similar` found.
enum Found<'q> {
    Query(&'q str, Vec<engine::Neighbor>),
    Pairs(Vec<engine::Duplicate>),
}

/// Checks the analysis options and reads the user's model files, before any work starts.
fn settings(args: &AnalysisArgs) -> anyhow::Result<engine::Settings> {
    if !(args.threshold > 0.0 && args.threshold <= 1.0) {
        return Err(xietong::Error::Config {
            option: "--threshold",
            message: format!("{} is not in (0, 1]", args.threshold),
        }
        .into());
    }
    if args.top == 0 {
        return Err(xietong::Error::Config {
            option: "--top",
            message: "must be at least 1".into(),
        }
        .into());
    }
    let read = |paths: &[std::path::PathBuf]| -> anyhow::Result<Vec<(String, String)>> {
        paths
            .iter()
            .map(|p| {
                let shown = p.display().to_string();
                let text =
                    std::fs::read_to_string(p).with_context(|| format!("reading {shown}"))?;
                Ok((shown, text))
            })
            .collect()
    };
    Ok(engine::Settings {
        kinds: args.kinds.iter().map(|k| kind(*k)).collect(),
        top_n: args.top,
        within_doc: args.within_doc,
        threshold: args.threshold,
        models: engine::TextModels {
            dicts: read(&args.dict)?,
            stopwords: read(&args.stopwords)?,
        },
        tfidf: engine::TfidfOptions {
            min_df: args
                .min_df
                .as_deref()
                .map(|v| df_threshold("--min-df", v))
                .transpose()?,
            max_df: df_threshold("--max-df", &args.max_df)?,
            sublinear_tf: !args.no_sublinear,
            bigrams: !args.no_bigrams,
        },
        ..engine::Settings::default()
    })
}

fn load(input: &InputArgs, timings: &mut Timings) -> anyhow::Result<Corpus> {
    let corpus = match Corpus::load_timed(&input.paths, &ReadOptions::default(), timings) {
        Ok(corpus) => corpus,
        Err(e) => {
            timings.stop_progress();
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

/// The "write" stage: the output written by `fill` to `--out` (atomically) or to standard
/// output, through a buffer, as it is produced. `size` is what the stage's rate counts.
fn write_stage(
    input: &InputArgs,
    timings: &mut Timings,
    size: usize,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let start = if input.out.is_some() {
        timings.begin("write", None)
    } else {
        // The output goes to the terminal the bars are drawn on: no bar may draw over it.
        timings.stop_progress();
        Instant::now()
    };
    match &input.out {
        Some(path) => report::write_atomic_with(path, &input.paths, fill)?,
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            fill(&mut out)?;
            out.flush()?;
        }
    }
    timings.record("write", start, size);
    Ok(())
}

/// `--min-df`/`--max-df` as scikit-learn reads them: an integer is a count of units, a number
/// with a decimal point a proportion of them.
fn df_threshold(option: &'static str, value: &str) -> anyhow::Result<DfThreshold> {
    let bad = |why: &str| xietong::Error::Config {
        option,
        message: format!("{value:?}: {why}"),
    };
    let parsed = if value.contains('.') {
        value
            .parse::<f64>()
            .ok()
            .filter(|f| *f > 0.0 && *f <= 1.0)
            .map(DfThreshold::Fraction)
    } else {
        value
            .parse::<usize>()
            .ok()
            .filter(|c| *c >= 1)
            .map(DfThreshold::Count)
    };
    parsed.ok_or_else(|| bad("expected a count of at least 1 or a proportion in (0, 1]").into())
}

/// Colour only for a person at a terminal: not into files or pipes, and never with `NO_COLOR`.
fn colour(input: &InputArgs) -> bool {
    use std::io::IsTerminal;
    input.out.is_none() && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn output_format(f: FormatArg) -> anyhow::Result<OutputFormat> {
    Ok(match f {
        FormatArg::Text => OutputFormat::Text,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Jsonl => OutputFormat::Jsonl,
        FormatArg::Csv => OutputFormat::Csv,
        FormatArg::Md => OutputFormat::Markdown,
        FormatArg::Html => OutputFormat::Html,
        FormatArg::Parquet => OutputFormat::Parquet,
        FormatArg::Docx => {
            return Err(xietong::Error::Config {
                option: "--format",
                message: "docx is written by `xietong compile`".into(),
            }
            .into())
        }
    })
}

/// csv, md and html lay out clusters; the other commands write text or JSON.
fn not_a_report_format(f: FormatArg) -> anyhow::Error {
    xietong::Error::Config {
        option: "--format",
        message: format!("{f:?} is a report format; this command writes text or json")
            .to_lowercase(),
    }
    .into()
}

fn kind(k: KindArg) -> Kind {
    match k {
        KindArg::Recommendation => Kind::Recommendation,
        KindArg::Problem => Kind::Problem,
        KindArg::Background => Kind::Background,
        KindArg::Case => Kind::Case,
    }
}
