//! The trend chart of the HTML report, drawn as inline SVG: findings per
//! 1,000 characters over issue dates, one line per publication.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub series: String,
    /// ISO date.
    pub date: String,
    pub value: f64,
}

const W: f64 = 720.0;
const H: f64 = 260.0;
const PAD: f64 = 44.0;
const COLORS: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn day(date: &str) -> f64 {
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.since(jiff::civil::date(1800, 1, 1)).ok())
        .map_or(0.0, |s| s.get_days() as f64)
}

/// The chart; an empty chart says there is nothing to draw.
pub fn svg(points: &[Point]) -> String {
    if points.is_empty() {
        return "<p>No issues to chart.</p>".into();
    }
    let (min_d, max_d) = points
        .iter()
        .map(|p| day(&p.date))
        .fold((f64::MAX, f64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    let max_v = points
        .iter()
        .map(|p| p.value)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let span = (max_d - min_d).max(1.0);
    let x = |d: &str| PAD + (day(d) - min_d) / span * (W - 2.0 * PAD);
    let y = |v: f64| H - PAD - v / max_v * (H - 2.0 * PAD);
    let mut series: Vec<&str> = points.iter().map(|p| p.series.as_str()).collect();
    series.sort();
    series.dedup();
    let mut out = format!(
        "<svg class=\"trend\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"findings per 1,000 characters by issue date\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    out.push_str(&format!(
        "<line x1=\"{PAD}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/><line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{}\" stroke=\"#888\"/>",
        H - PAD, W - PAD, H - PAD, H - PAD
    ));
    out.push_str(&format!("<text x=\"4\" y=\"{}\" font-size=\"11\">{:.1}</text><text x=\"4\" y=\"{}\" font-size=\"11\">0</text>", PAD + 4.0, max_v, H - PAD));
    let (first, last) = (
        points
            .iter()
            .min_by(|a, b| day(&a.date).partial_cmp(&day(&b.date)).unwrap())
            .unwrap(),
        points
            .iter()
            .max_by(|a, b| day(&a.date).partial_cmp(&day(&b.date)).unwrap())
            .unwrap(),
    );
    out.push_str(&format!(
        "<text x=\"{PAD}\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
        H - PAD + 16.0, esc(&first.date), W - PAD, H - PAD + 16.0, esc(&last.date)
    ));
    for (k, s) in series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let mut pts: Vec<&Point> = points.iter().filter(|p| p.series == *s).collect();
        pts.sort_by(|a, b| a.date.cmp(&b.date));
        let path: Vec<String> = pts
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(&p.date), y(p.value)))
            .collect();
        if pts.len() > 1 {
            out.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
                path.join(" ")
            ));
        }
        for p in &pts {
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{color}\"><title>{} {}: {:.2}</title></circle>",
                x(&p.date), y(p.value), esc(s), esc(&p.date), p.value
            ));
        }
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{color}\">{}</text>",
            PAD + 8.0,
            PAD + 14.0 * (k as f64 + 1.0),
            esc(s)
        ));
    }
    out.push_str("</svg>");
    out
}
