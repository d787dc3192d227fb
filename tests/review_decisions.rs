//! The editor's decisions across reruns: review the seeds (rename, merge, move, exclude, mark
//! duplicates), add two documents and rerun: every decision holds, the new proposals are
//! placed and marked new, nothing is lost; edit a document so one proposal changes: its
//! decision is listed as orphaned. Hostile decisions files are refused without being touched.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use xietong::corpus::Corpus;
use xietong::engine::{self, Settings};
use xietong::ingest::ReadOptions;
use xietong::review::{Decisions, ExcludeReason, Fingerprint, GroupId, Op, Proposals, Reviewed};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn run(dir: &Path) -> Result<(Corpus, Proposals), Box<dyn std::error::Error>> {
    let corpus = Corpus::load(&[dir.display().to_string()], &ReadOptions::default())?;
    let analysis = engine::analyse(&corpus, &Settings::default())?;
    let proposals = Proposals::new(&corpus, &analysis)?;
    Ok((corpus, proposals))
}

/// A folder with copies of the seeds (and the given extra fixtures).
fn folder(extra: &[&str]) -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for e in std::fs::read_dir(common::repo().join("seeds"))? {
        let e = e?;
        std::fs::copy(e.path(), dir.path().join(e.file_name()))?;
    }
    for name in extra {
        let src = common::repo().join("tests/fixtures/review").join(name);
        std::fs::copy(&src, dir.path().join(name))?;
    }
    Ok(dir)
}

/// Every proposal's place: group id, `-` for no group, `x` for excluded.
fn places(r: &Reviewed) -> BTreeMap<Fingerprint, String> {
    let mut out = BTreeMap::new();
    for g in &r.groups {
        for e in &g.entries {
            out.insert(e.fp.clone(), g.id.0.clone());
        }
    }
    for e in &r.unplaced {
        out.insert(e.fp.clone(), "-".into());
    }
    for e in &r.excluded {
        out.insert(e.fp.clone(), "x".into());
    }
    out
}

/// Every analysed unit appears exactly once (folded duplicates inside their entry).
fn assert_nothing_lost(r: &Reviewed, p: &Proposals) {
    let mut seen: Vec<usize> = Vec::new();
    for g in &r.groups {
        for e in &g.entries {
            seen.push(e.unit);
            seen.extend(&e.also);
        }
    }
    seen.extend(r.unplaced.iter().map(|e| e.unit));
    seen.extend(r.excluded.iter().map(|e| e.unit));
    seen.sort_unstable();
    assert_eq!(seen, p.units, "every proposal once");
}

/// The editor's review of the seeds, saved as a file; returns what was decided.
struct Review {
    renamed: GroupId,
    merged: (GroupId, GroupId),
    moved: (Fingerprint, GroupId),
    excluded: Fingerprint,
    duplicate: (Fingerprint, Fingerprint),
    before: BTreeMap<Fingerprint, String>,
}

fn review_seeds(dir: &Path, file: &Path) -> Result<Review, Box<dyn std::error::Error>> {
    let (_, p) = run(dir)?;
    let mut d = Decisions::load(file)?;
    assert!(d.is_empty());
    let machine = d.apply(&p);
    assert!(!machine.reviewed);
    assert!(d.adopt(&p));
    let r = d.apply(&p);
    assert!(r.reviewed);
    // Adopting changes nothing in the groups: they are the machine's.
    assert_eq!(places(&r), places(&machine));
    assert!(r.groups.len() >= 4, "{} groups", r.groups.len());
    let g = |i: usize| r.groups[i].id.clone();
    let reference = |unit: usize| p.reference(unit).cloned().ok_or("no reference");
    d.push(Op::Rename {
        group: g(0),
        title: "人才与要素".into(),
    });
    d.push(Op::Merge {
        into: g(1),
        from: vec![g(2)],
    });
    let moved = reference(r.groups[0].entries[1].unit)?;
    d.push(Op::Move {
        proposal: moved.clone(),
        to: Some(g(3)),
    });
    let excluded = reference(r.groups[3].entries[0].unit)?;
    d.push(Op::Exclude {
        proposal: excluded.clone(),
        reason: ExcludeReason::NotAProposal,
    });
    let (a, b) = (
        reference(r.groups[1].entries[0].unit)?,
        reference(r.groups[1].entries[1].unit)?,
    );
    d.push(Op::Same {
        proposal: a.clone(),
        duplicate: b.clone(),
    });
    d.push(Op::Note {
        group: g(1),
        text: "创新与产业转移合为一组".into(),
    });
    d.push(Op::OrderGroups {
        order: vec![g(3), g(0)],
    });
    d.save(file)?;
    let reviewed = Decisions::load(file)?.apply(&p);
    assert_eq!(reviewed.groups[0].id, g(3));
    assert_nothing_lost(&reviewed, &p);
    Ok(Review {
        renamed: g(0),
        merged: (g(1), g(2)),
        moved: (moved.fp, g(3)),
        excluded: excluded.fp,
        duplicate: (a.fp, b.fp),
        before: places(&reviewed),
    })
}

fn assert_decisions_hold(r: &Reviewed, review: &Review) {
    let group = |id: &GroupId| r.groups.iter().find(|g| &g.id == id);
    let renamed = group(&review.renamed).map(|g| (g.title.as_str(), g.renamed));
    assert_eq!(renamed, Some(("人才与要素", true)));
    assert!(group(&review.merged.1).is_none(), "merged group is gone");
    let merged = group(&review.merged.0).map(|g| g.note.clone());
    assert_eq!(merged, Some(Some("创新与产业转移合为一组".into())));
    assert_eq!(r.groups[0].id, review.moved.1, "editor's group order");
    let now = places(r);
    assert_eq!(now.get(&review.moved.0), Some(&review.moved.1 .0));
    assert_eq!(now.get(&review.excluded).map(String::as_str), Some("x"));
    let folded = r
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .find(|e| e.fp == review.duplicate.0)
        .map(|e| e.also.len());
    assert_eq!(folded, Some(1), "duplicate folded into its proposal");
    assert!(!now.contains_key(&review.duplicate.1));
}

#[test]
fn decisions_hold_when_two_documents_are_added_and_new_proposals_are_marked() -> TestResult {
    let dir = folder(&[])?;
    let file = dir.path().join("xietong.review.json");
    let review = review_seeds(dir.path(), &file)?;
    let saved = std::fs::read(&file)?;
    for name in ["added_cluster_promotion.txt", "added_elderly_care.txt"] {
        std::fs::copy(
            common::repo().join("tests/fixtures/review").join(name),
            dir.path().join(name),
        )?;
    }
    let (corpus, p) = run(dir.path())?;
    let d = Decisions::load(&file)?;
    let r = d.apply(&p);
    assert!(r.orphaned.is_empty(), "{:?}", r.orphaned);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_decisions_hold(&r, &review);
    assert_nothing_lost(&r, &p);
    // Every proposal the editor saw is where the editor left it.
    let now = places(&r);
    for (fp, place) in &review.before {
        assert_eq!(now.get(fp), Some(place), "{fp} moved");
    }
    // The six new proposals are marked new. The cluster-promotion ones join the groups of
    // the seeds' proposals they repeat (on the assign rule); an elderly-care one shares too
    // little with every group and waits, "new, not yet placed".
    assert_eq!(r.new_count(), 6);
    let title_of = |unit: usize| corpus.documents[corpus.units[unit].document].title.clone();
    let new_in = |words: &str| -> Vec<String> {
        r.groups
            .iter()
            .flat_map(|g| g.entries.iter().map(move |e| (g, e)))
            .filter(|(_, e)| e.new && corpus.units[e.unit].unit.text.starts_with(words))
            .map(|(g, _)| g.title.clone())
            .collect()
    };
    let promotion = new_in("加快培育集群促进机构");
    assert!(
        promotion.len() == 1 && promotion[0].contains("集群促进机构"),
        "{promotion:?}"
    );
    assert_eq!(new_in("强化人才和要素支撑"), vec!["人才与要素".to_string()]);
    assert_eq!(new_in("推动先进制造业集群跨区域协同发展").len(), 1);
    let waiting: Vec<String> = r
        .unplaced
        .iter()
        .filter(|e| e.new)
        .map(|e| title_of(e.unit))
        .collect();
    assert!(!waiting.is_empty(), "{waiting:?}");
    assert!(waiting.iter().all(|t| t.contains("养老")), "{waiting:?}");
    // Reading the decisions never writes them.
    assert_eq!(std::fs::read(&file)?, saved);
    // Once adopted, the new proposals are seen: no longer new, and where they were shown.
    let mut d = d;
    assert!(d.adopt(&p));
    let again = d.apply(&p);
    assert_eq!(again.new_count(), 0);
    assert_eq!(places(&again), now);
    Ok(())
}

#[test]
fn a_changed_proposal_orphans_its_decision_and_comes_back_as_new() -> TestResult {
    let dir = folder(&[])?;
    let file = dir.path().join("xietong.review.json");
    let review = review_seeds(dir.path(), &file)?;
    let (corpus, p) = run(dir.path())?;
    let unit = p.unit_of(&review.moved.0).ok_or("moved proposal")?;
    let doc = &corpus.documents[corpus.units[unit].document];
    let text = &corpus.units[unit].unit.text;
    // Edit one sentence of the moved proposal in its file.
    let words: String = text.chars().skip(4).take(6).collect();
    let source = std::fs::read_to_string(&doc.path)?;
    assert!(source.contains(&words), "{words}");
    std::fs::write(&doc.path, source.replacen(&words, "切实加强统筹", 1))?;
    let (_, p2) = run(dir.path())?;
    let r = Decisions::load(&file)?.apply(&p2);
    assert!(p2.unit_of(&review.moved.0).is_none());
    let orphans: Vec<&str> = r.orphaned.iter().map(|o| o.decision.as_str()).collect();
    assert!(
        orphans.iter().any(|o| o.starts_with("move ")),
        "{orphans:?}"
    );
    // Only the changed proposal is orphaned: its first placement and the move.
    assert_eq!(orphans.len(), 2, "{orphans:?}");
    assert_eq!(r.new_count(), 1);
    assert_nothing_lost(&r, &p2);
    Ok(())
}

#[test]
fn hostile_decisions_files_are_refused_or_warned_about_and_never_lost() -> TestResult {
    let dir = folder(&[])?;
    let file = dir.path().join("xietong.review.json");
    review_seeds(dir.path(), &file)?;
    let good = std::fs::read_to_string(&file)?;
    let refused = |text: &str, says: &str| -> TestResult {
        std::fs::write(&file, text)?;
        let e = Decisions::load(&file).err().map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains(says)), "{e:?}");
        assert_eq!(
            std::fs::read_to_string(&file)?,
            text,
            "the file is untouched"
        );
        Ok(())
    };
    let third: String = good.chars().take(good.chars().count() / 3).collect();
    refused(&third, "damaged or not JSON")?;
    refused(
        &good.replace("\"version\": 1", "\"version\": 2"),
        "version 2",
    )?;
    refused("{\"ops\": []}", "not a xietong decisions file")?;
    refused(
        &good.replacen("\"op\": \"rename\"", "\"op\": \"rename_group\"", 1),
        "entry 2 of \"ops\"",
    )?;
    // Unknown group ids and a proposal placed in two groups: warnings naming the entry.
    let mut d: Decisions = serde_json::from_str(&good)?;
    d.push(Op::Rename {
        group: GroupId("g999".into()),
        title: "不存在".into(),
    });
    if let Some(Op::Place { placements, .. }) = d.ops.first_mut() {
        let mut twice = placements[0].clone();
        twice.group = Some(GroupId("g2".into()));
        placements.push(twice);
    }
    let (_, p) = run(dir.path())?;
    let r = d.apply(&p);
    let n = d.ops.len();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with(&format!("entry {n} (rename g999"))
                && w.contains("no group g999")),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("entry 1 ") && w.contains("two groups")),
        "{:?}",
        r.warnings
    );
    assert_nothing_lost(&r, &p);
    Ok(())
}
