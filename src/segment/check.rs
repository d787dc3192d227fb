//! Invariants that every segmentation must satisfy, whatever the input: the fuzz target, the
//! property tests and the stress example all check them through [`check`], so a violation
//! found by any of them reads the same.
//!
//! - every unit's text is a substring of the cleaned document text ([`Cleaned::text`]);
//! - the units of a document appear in source order and never overlap in that text;
//! - every location lies within the source (`1..=lines`) with `first_line <= last_line`.

use super::Unit;
use crate::clean::Cleaned;

/// One broken invariant, naming the unit it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// The unit's text does not occur in the cleaned document text at all.
    #[error("unit {unit}: text is not in the cleaned document: {text:?}")]
    NotInText {
        /// Index of the unit.
        unit: usize,
        /// Its text.
        text: String,
    },
    /// The unit's text occurs only before the end of the previous unit.
    #[error("unit {unit}: overlaps the previous unit or is out of order: {text:?}")]
    Overlap {
        /// Index of the unit.
        unit: usize,
        /// Its text.
        text: String,
    },
    /// The unit's source lines are outside the file or reversed.
    #[error("unit {unit}: lines {first}..={last} not within 1..={lines}")]
    Location {
        /// Index of the unit.
        unit: usize,
        /// Its first line.
        first: u32,
        /// Its last line.
        last: u32,
        /// Lines in the source.
        lines: usize,
    },
}

/// Checks the units segmented from `cleaned`, itself cleaned from `source`.
///
/// Units are located in the cleaned text greedily, each at its first occurrence after the end
/// of the previous one: if some non-overlapping in-order placement exists, this one is found.
pub fn check(source: &str, cleaned: &Cleaned, units: &[Unit]) -> Result<(), Violation> {
    let text = cleaned.text();
    let lines = source.split('\n').count();
    let mut from = 0;
    for (i, u) in units.iter().enumerate() {
        let (first, last) = (u.location.first_line, u.location.last_line);
        if first < 1 || first > last || last as usize > lines {
            return Err(Violation::Location {
                unit: i,
                first,
                last,
                lines,
            });
        }
        match text[from..].find(&u.text) {
            Some(at) => from += at + u.text.len(),
            None if text.contains(&u.text) => {
                return Err(Violation::Overlap {
                    unit: i,
                    text: u.text.clone(),
                })
            }
            None => {
                return Err(Violation::NotInText {
                    unit: i,
                    text: u.text.clone(),
                })
            }
        }
    }
    Ok(())
}

/// Cleans and segments `source`, then [`check`]s the result.
pub fn check_source(source: &str) -> Result<(), Violation> {
    let cleaned = crate::clean::clean(source);
    let units = super::segment(&cleaned);
    check(source, &cleaned, &units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_satisfy_every_invariant() {
        for entry in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert_eq!(check_source(&text), Ok(()), "{}", entry.path().display());
        }
    }

    #[test]
    fn a_unit_out_of_place_is_reported() {
        let src = "对策建议\n1.推进园区共建。完善利益分享机制。\n2.推动人才互认。\n";
        let cleaned = crate::clean::clean(src);
        let mut units = crate::segment::segment(&cleaned);
        assert_eq!(units.len(), 2);
        units.swap(0, 1);
        assert!(matches!(
            check(src, &cleaned, &units),
            Err(Violation::Overlap { unit: 1, .. })
        ));
        units[0].text = "不在文中".into();
        assert!(matches!(
            check(src, &cleaned, &units),
            Err(Violation::NotInText { unit: 0, .. })
        ));
        units[0].location.last_line = 99;
        assert!(matches!(
            check(src, &cleaned, &units),
            Err(Violation::Location { lines: 4, .. })
        ));
    }
}
