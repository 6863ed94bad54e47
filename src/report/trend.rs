//! The trend chart of the HTML report, drawn as inline SVG: findings per
//! 1,000 characters over issue dates, one line per publication.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub series: String,
    /// ISO date.
    pub date: String,
    pub value: f64,
    /// Issues the point stands for: 1, or a month's issues (`value` is
    /// then their mean, `date` mid-month).
    pub issues: usize,
}

/// Issues that keep a point of their own; past this, the chart shows
/// monthly means per publication.
const EXACT_POINTS: usize = 2000;

/// The chart's points, gathered issue by issue in bounded memory: up to
/// [`EXACT_POINTS`] issues each keep their point, beyond that every point
/// becomes part of its publication's monthly mean. An archive of a
/// million issues charts as publications × months, and a chart 720 pixels
/// wide could not show more anyway.
#[derive(Debug, Default)]
pub struct Trend {
    exact: Vec<Point>,
    /// (publication, YYYY-MM) → (sum, issues).
    monthly: BTreeMap<(String, String), (f64, usize)>,
}

impl Trend {
    pub fn add(&mut self, p: Point) {
        if self.monthly.is_empty() && self.exact.len() < EXACT_POINTS {
            self.exact.push(p);
            return;
        }
        for q in self.exact.drain(..).chain(std::iter::once(p)) {
            let month = q.date.get(..7).unwrap_or(&q.date).to_string();
            let e = self.monthly.entry((q.series, month)).or_default();
            e.0 += q.value * q.issues as f64;
            e.1 += q.issues;
        }
    }

    pub fn points(&self) -> Vec<Point> {
        if self.monthly.is_empty() {
            return self.exact.clone();
        }
        self.monthly
            .iter()
            .map(|((series, month), (sum, n))| Point {
                series: series.clone(),
                date: format!("{month}-15"),
                value: sum / *n as f64,
                issues: *n,
            })
            .collect()
    }

    /// The chart of the points gathered.
    pub fn svg(&self) -> String {
        svg(&self.points())
    }
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
            let when = if p.issues > 1 {
                format!(
                    "{} (mean of {} issues)",
                    p.date.get(..7).unwrap_or(&p.date),
                    p.issues
                )
            } else {
                p.date.clone()
            };
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{color}\"><title>{} {}: {:.2}</title></circle>",
                x(&p.date), y(p.value), esc(s), esc(&when), p.value
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(series: &str, date: String, value: f64) -> Point {
        Point {
            series: series.into(),
            date,
            value,
            issues: 1,
        }
    }

    #[test]
    fn many_issues_chart_as_monthly_means_per_publication() {
        let mut few = Trend::default();
        few.add(point("a", "2022-07-05".into(), 2.0));
        few.add(point("a", "2022-07-06".into(), 4.0));
        assert_eq!(few.points().len(), 2, "a small run keeps its points");

        // 3 years of two dailies: past the limit, one point per month each.
        let mut trend = Trend::default();
        let start = jiff::civil::date(2020, 1, 1);
        for d in 0..1096 {
            let date = start.checked_add(jiff::Span::new().days(d)).unwrap();
            trend.add(point("a", date.to_string(), 1.0));
            trend.add(point(
                "b",
                date.to_string(),
                if d % 2 == 0 { 2.0 } else { 4.0 },
            ));
        }
        let points = trend.points();
        assert_eq!(points.len(), 2 * 36, "2020 to 2022: 36 months, twice");
        let jan = points
            .iter()
            .find(|p| p.series == "b" && p.date == "2020-01-15")
            .unwrap();
        assert_eq!(jan.issues, 31);
        // 16 even days at 2.0, 15 odd ones at 4.0.
        assert!((jan.value - (16.0 * 2.0 + 15.0 * 4.0) / 31.0).abs() < 1e-9);
        assert_eq!(points.iter().map(|p| p.issues).sum::<usize>(), 2 * 1096);
        let svg = trend.svg();
        assert!(svg.contains("2020-01 (mean of 31 issues)"));
        assert_eq!(svg.matches("<circle").count(), points.len());
    }
}
