//! The SVG map of the HTML report: one circle per analysed unit at its
//! [`Analysis::coords`] position, coloured by cluster, with each cluster's number at the
//! centre of its members. Also owns the cluster colours, so the page and the map agree.

use std::fmt::Write;

use super::escape;
use crate::corpus::Corpus;
use crate::engine::Analysis;

/// Width of the drawing in SVG units.
pub const WIDTH: f64 = 900.0;
/// Height of the drawing in SVG units.
pub const HEIGHT: f64 = 560.0;
/// Margin kept free around the points, so circles and labels are not clipped.
const PAD: f64 = 28.0;

/// Most points drawn: above it each cluster (and the units not clustered) is drawn by its
/// most central members in proportion to its size, so a 100,000-proposal page stays a few
/// hundred kilobytes and its labels can be placed. Cluster centres still use every member.
pub const MAP_POINTS: usize = 5000;

/// How many of `size` units a group draws when `total` units are analysed (at least one).
fn drawn(size: usize, total: usize) -> usize {
    if total <= MAP_POINTS {
        size
    } else {
        (size * MAP_POINTS).div_ceil(total).clamp(1, size.max(1))
    }
}

/// Colour-blind-friendly categorical palette (Tableau 10, the two light greys dropped).
const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#d4a017",
];

/// The colour of cluster `id`: the palette, then hues spread by the golden angle.
pub fn colour(id: usize) -> String {
    match PALETTE.get(id) {
        Some(c) => (*c).to_string(),
        None => {
            let hue = (id as f64 * 137.508) % 360.0;
            format!("hsl({hue:.0},55%,45%)")
        }
    }
}

/// The inline `<svg>` element.
pub fn svg(c: &Corpus, a: &Analysis) -> String {
    let points = screen_points(a);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="map of the units coloured by cluster">"#
    );
    let _ = writeln!(
        out,
        r#"<rect class="frame" x="0.5" y="0.5" width="{}" height="{}"/>"#,
        WIDTH - 1.0,
        HEIGHT - 1.0
    );
    let total = a.units.len();
    let mut shown: Vec<(f64, f64)> = Vec::new();
    for k in &a.clusters {
        let _ = writeln!(out, r#"<g class="cluster" data-cluster="{}">"#, k.id + 1);
        let quota = drawn(k.members.len(), total);
        for (rank, &m) in k.members.iter().take(quota).enumerate() {
            let (x, y) = point_of(a, &points, m);
            shown.push((x, y));
            let u = &c.units[m];
            let head = u.unit.heading.as_deref().unwrap_or(&u.unit.text);
            let head: String = head.chars().take(40).collect();
            let _ = writeln!(
                out,
                r#"<circle class="pt{}" data-unit="{m}" cx="{x:.1}" cy="{y:.1}" r="{}" fill="{}"><title>{}. {} — 《{}》 {}</title></circle>"#,
                if rank == 0 { " rep" } else { "" },
                if rank == 0 { 8 } else { 6 },
                colour(k.id),
                k.id + 1,
                escape::html(&k.label),
                escape::html(c.title_of(m)),
                escape::html(&head),
            );
        }
        let _ = writeln!(out, "</g>");
    }
    if !a.unclustered.is_empty() {
        let _ = writeln!(out, r#"<g class="unclustered">"#);
        let quota = drawn(a.unclustered.len(), total);
        for u in a.unclustered.iter().take(quota) {
            let (x, y) = point_of(a, &points, u.unit);
            shown.push((x, y));
            let unit = &c.units[u.unit];
            let head = unit.unit.heading.as_deref().unwrap_or(&unit.unit.text);
            let head: String = head.chars().take(40).collect();
            let _ = writeln!(
                out,
                r#"<circle class="pt out" data-unit="{}" cx="{x:.1}" cy="{y:.1}" r="5"><title>not clustered — 《{}》 {}</title></circle>"#,
                u.unit,
                escape::html(c.title_of(u.unit)),
                escape::html(&head),
            );
        }
        let _ = writeln!(out, "</g>");
    }
    // Numbers go on top of every point; the halo keeps them readable over any colour.
    let centres: Vec<(f64, f64)> = a
        .clusters
        .iter()
        .map(|k| {
            let n = k.members.len().max(1) as f64;
            let (sx, sy) = k.members.iter().fold((0.0, 0.0), |(sx, sy), &m| {
                let (x, y) = point_of(a, &points, m);
                (sx + x, sy + y)
            });
            (sx / n, sy / n)
        })
        .collect();
    let _ = writeln!(out, r#"<g class="labels">"#);
    for (k, (x, y)) in a.clusters.iter().zip(place_labels(&centres, &shown)) {
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" fill="{}">{}</text>"#,
            colour(k.id),
            k.id + 1
        );
    }
    let _ = writeln!(out, "</g>\n</svg>");
    out
}

/// Label positions: each label at its cluster centre unless a point or an earlier label is
/// there, then at the first free spot on rings of growing radius around it (inside the
/// frame); if there is none nearby, at the centre anyway.
fn place_labels(centres: &[(f64, f64)], points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    const GAP: f64 = 24.0;
    const POINT_GAP: f64 = 16.0;
    let free = |p: (f64, f64), placed: &[(f64, f64)]| {
        placed
            .iter()
            .all(|q| (p.0 - q.0).abs() >= GAP || (p.1 - q.1).abs() >= GAP)
            && points
                .iter()
                .all(|q| (p.0 - q.0).hypot(p.1 - q.1) >= POINT_GAP)
    };
    let inside = |p: (f64, f64)| {
        (PAD / 2.0..=WIDTH - PAD / 2.0).contains(&p.0)
            && (PAD / 2.0..=HEIGHT - PAD / 2.0).contains(&p.1)
    };
    let mut placed: Vec<(f64, f64)> = Vec::with_capacity(centres.len());
    for &c in centres {
        let mut spot = c;
        'search: for ring in 1..=8 {
            if free(spot, &placed) {
                break;
            }
            for step in 0..8 {
                let angle =
                    std::f64::consts::FRAC_PI_4 * f64::from(step) - std::f64::consts::FRAC_PI_2;
                let r = 12.0 * f64::from(ring);
                let p = (c.0 + r * angle.cos(), c.1 + r * angle.sin());
                if inside(p) && free(p, &placed) {
                    spot = p;
                    break 'search;
                }
            }
        }
        placed.push(spot);
    }
    placed
}

fn point_of(a: &Analysis, points: &[(f64, f64)], unit: usize) -> (f64, f64) {
    a.units
        .binary_search(&unit)
        .ok()
        .and_then(|row| points.get(row).copied())
        .unwrap_or((WIDTH / 2.0, HEIGHT / 2.0))
}

/// `coords` fitted into the drawing, y growing downwards as in SVG. Each axis is first
/// compressed with `asinh(x / s)`, `s` its median absolute deviation: monotone, so order along
/// the axis is kept, but one outlying cluster no longer squeezes all the others into a corner.
/// The axes are then scaled separately to fill the frame.
fn screen_points(a: &Analysis) -> Vec<(f64, f64)> {
    let xs = compressed(a.coords.iter().map(|p| f64::from(p.0)).collect());
    let ys = compressed(a.coords.iter().map(|p| f64::from(p.1)).collect());
    let xs = fitted(&xs, WIDTH);
    let ys = fitted(&ys, HEIGHT);
    xs.into_iter().zip(ys).collect()
}

fn compressed(v: Vec<f64>) -> Vec<f64> {
    let median = |mut w: Vec<f64>| -> f64 {
        w.sort_by(f64::total_cmp);
        w.get(w.len() / 2).copied().unwrap_or(0.0)
    };
    let mid = median(v.clone());
    let mad = median(v.iter().map(|x| (x - mid).abs()).collect());
    if mad.is_nan() || mad <= 0.0 {
        return v;
    }
    v.iter().map(|x| ((x - mid) / mad).asinh()).collect()
}

/// Values mapped linearly onto `[PAD, size - PAD]`; all at the centre when they are equal.
fn fitted(v: &[f64], size: f64) -> Vec<f64> {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = hi - lo;
    v.iter()
        .map(|x| {
            if range > 0.0 && range.is_finite() {
                PAD + (x - lo) / range * (size - 2.0 * PAD)
            } else {
                size / 2.0
            }
        })
        .collect()
}
