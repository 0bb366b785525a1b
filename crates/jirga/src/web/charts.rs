//! Charts drawn by the server as SVG: bars comparing a period with the one before, and a
//! series of daily counts. No script, no library; they print as they show.

use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A label cut to what fits beside the bars (the table under the chart has it whole).
fn short(label: &str) -> String {
    const FITS: usize = 32;
    if label.chars().count() <= FITS {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(FITS - 1).collect::<String>())
    }
}

/// One row per (label, current, previous): two bars, this period's over the last one's, with
/// their counts written at the bars' ends. `rtl` lays the bars out from the right.
pub fn compare_bars(title: &str, rows: &[(String, i64, i64)], counts: impl Fn(i64) -> String, rtl: bool) -> String {
    const ROW: f64 = 34.0;
    const LABEL: f64 = 260.0;
    const WIDTH: f64 = 640.0;
    let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1) as f64;
    let height = ROW * rows.len().max(1) as f64 + 8.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    let span = WIDTH - LABEL - 50.0;
    for (i, (label, current, previous)) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let (wc, wp) = (span * *current as f64 / max, span * *previous as f64 / max);
        let (label_x, anchor) = if rtl { (WIDTH - 4.0, "end") } else { (4.0, "start") };
        let bar_x = |w: f64| if rtl { WIDTH - LABEL - w } else { LABEL };
        let count_x = |w: f64| if rtl { WIDTH - LABEL - w - 4.0 } else { LABEL + w + 4.0 };
        let count_anchor = if rtl { "end" } else { "start" };
        let _ = write!(
            out,
            r#"<text x="{label_x}" y="{:.1}" text-anchor="{anchor}" class="chart-label">{}</text>"#,
            y + 19.0,
            esc(&short(label))
        );
        let _ =
            write!(out, r#"<rect class="bar-current" x="{:.1}" y="{y:.1}" width="{wc:.1}" height="15"/>"#, bar_x(wc));
        let _ = write!(
            out,
            r#"<rect class="bar-previous" x="{:.1}" y="{:.1}" width="{wp:.1}" height="9"/>"#,
            bar_x(wp),
            y + 17.0
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="{count_anchor}" class="chart-count">{} ({})</text>"#,
            count_x(wc.max(wp)),
            y + 13.0,
            esc(&counts(*current)),
            esc(&counts(*previous))
        );
    }
    out.push_str("</svg>");
    out
}

/// Columns of daily counts, labelled underneath.
pub fn daily_columns(title: &str, days: &[(String, i64)], counts: impl Fn(i64) -> String) -> String {
    const HEIGHT: f64 = 160.0;
    const COLUMN: f64 = 60.0;
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
    let width = COLUMN * days.len().max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {}" role="img" aria-label="{t}"><title>{t}</title>"#,
        HEIGHT + 40.0,
        t = esc(title)
    );
    for (i, (label, n)) in days.iter().enumerate() {
        let h = (HEIGHT - 20.0) * *n as f64 / max;
        let x = COLUMN * i as f64;
        let _ = write!(
            out,
            r#"<rect class="bar-current" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"/>"#,
            x + 10.0,
            HEIGHT - h,
            COLUMN - 20.0
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="chart-count">{}</text>"#,
            x + COLUMN / 2.0,
            HEIGHT - h - 4.0,
            esc(&counts(*n))
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="chart-label">{}</text>"#,
            x + COLUMN / 2.0,
            HEIGHT + 18.0,
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_as_long_as_their_counts_and_labels_are_escaped() {
        let svg = compare_bars("t", &[("a<b".into(), 4, 2), ("c".into(), 2, 0)], |n| n.to_string(), false);
        assert!(svg.contains("a&lt;b") && !svg.contains("a<b"));
        assert!(svg.contains(r#"class="bar-current" x="260.0" y="4.0" width="330.0""#), "{svg}");
        assert!(svg.contains(r#"class="bar-previous" x="260.0" y="21.0" width="165.0""#), "{svg}");
        assert!(svg.contains(">4 (2)<"));
        let columns = daily_columns("d", &[("1".into(), 1), ("2".into(), 2)], |n| n.to_string());
        assert_eq!(columns.matches("<rect").count(), 2);
        assert!(columns.contains(r#"height="140.0""#), "the largest day fills the chart");
    }
}
