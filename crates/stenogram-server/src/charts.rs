//! Charts drawn on the server as SVG (plotters): bars of documents per
//! year, lines of per-million frequencies, points of a claim series. Each
//! has axes with units and a legend; text is escaped by the SVG backend.

use plotters::prelude::*;

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
];

/// Marks the root element so pages and tests can find it.
fn tag(svg: String, label: &str) -> String {
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    svg.replacen(
        "<svg ",
        &format!("<svg class=\"chart\" role=\"img\" aria-label=\"{label}\" "),
        1,
    )
}

/// Vertical bars: one per label.
pub fn bars(title: &str, y_desc: &str, x_desc: &str, points: &[(String, f64)]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 320)).into_drawing_area();
        let _ = draw_bars(&root, title, y_desc, x_desc, points);
        let _ = root.present();
    }
    tag(svg, title)
}

fn draw_bars(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    y_desc: &str,
    x_desc: &str,
    points: &[(String, f64)],
) -> Result<(), Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let top = points.iter().map(|p| p.1).fold(0.0f64, f64::max).max(1.0) * 1.1;
    let n = points.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d((0..n).into_segmented(), 0f64..top)?;
    let labels: Vec<String> = points.iter().map(|p| p.0.clone()).collect();
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .disable_x_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(n.min(24))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .draw()?;
    chart
        .draw_series(points.iter().enumerate().map(|(i, (_, v))| {
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), *v),
                ],
                PALETTE[0].filled(),
            );
            bar.set_margin(0, 0, 2, 2);
            bar
        }))?
        .label(y_desc)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], PALETTE[0].filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

/// One line per series over shared x labels (periods).
pub fn lines(
    title: &str,
    y_desc: &str,
    x_desc: &str,
    x: &[String],
    series: &[(String, Vec<f64>)],
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 380)).into_drawing_area();
        let _ = draw_lines(&root, title, y_desc, x_desc, x, series);
        let _ = root.present();
    }
    tag(svg, title)
}

fn draw_lines(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    y_desc: &str,
    x_desc: &str,
    x: &[String],
    series: &[(String, Vec<f64>)],
) -> Result<(), Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let top = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.1;
    let n = x.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0usize..n.saturating_sub(1).max(1), 0f64..top)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(n.clamp(2, 24))
        .x_label_formatter(&|i| x.get(*i).cloned().unwrap_or_default())
        .draw()?;
    for (k, (name, values)) in series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let points: Vec<(usize, f64)> = values.iter().copied().enumerate().collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(name.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    Ok(())
}

/// A trends chart: one line per term, per million words over the periods
/// (the page's and `stenogram trends --plot`).
pub fn trends(
    terms: &[String],
    rows: &[stenogram_analysis::measures::TrendRow],
    x_desc: &str,
) -> String {
    let mut periods: Vec<String> = rows.iter().map(|x| x.period.clone()).collect();
    periods.sort();
    periods.dedup();
    let series: Vec<(String, Vec<f64>)> = terms
        .iter()
        .map(|t| {
            let values = periods
                .iter()
                .map(|p| {
                    rows.iter()
                        .find(|x| &x.term == t && &x.period == p)
                        .map_or(0.0, |x| x.per_million)
                })
                .collect();
            (t.clone(), values)
        })
        .collect();
    lines(
        &format!("{} per million words", terms.join(", ")),
        "occurrences per million words",
        x_desc,
        &periods,
        &series,
    )
}

/// Points in time (x: a fractional year) for claimed values, one colour per unit.
pub fn points(title: &str, y_desc: &str, series: &[(String, Vec<(f64, f64)>)]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (860, 360)).into_drawing_area();
        let _ = draw_points(&root, title, y_desc, series);
        let _ = root.present();
    }
    tag(svg, title)
}

fn draw_points(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    y_desc: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> Result<(), Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let all: Vec<(f64, f64)> = series.iter().flat_map(|s| s.1.iter().copied()).collect();
    let (x0, x1) = all
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (x0, x1) = if all.is_empty() {
        (2000.0, 2001.0)
    } else {
        (x0.floor(), (x1 + 1.0).floor().max(x0 + 1.0))
    };
    let top = all.iter().map(|p| p.1).fold(0.0f64, f64::max).max(1e-9) * 1.15;
    let bottom = all.iter().map(|p| p.1).fold(0.0f64, f64::min).min(0.0) * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(x0..x1, bottom..top)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("date of the statement (year)")
        .y_desc(y_desc)
        .x_label_formatter(&|v| format!("{:.0}", v))
        .y_label_formatter(&|v| human(*v))
        .draw()?;
    for (k, (name, values)) in series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        chart
            .draw_series(values.iter().map(|p| Circle::new(*p, 4, color.filled())))?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 6, y), 4, color.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

/// A number for an axis: 51 bn, 3.5 m, 12 k.
pub fn human(v: f64) -> String {
    let a = v.abs();
    if a >= 1e12 {
        format!("{:.1} tn", v / 1e12)
    } else if a >= 1e9 {
        format!("{:.1} bn", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1} m", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0} k", v / 1e3)
    } else if a >= 10.0 || a == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_tagged_and_escape_their_labels() {
        let svg = lines(
            "<script>alert(1)</script> per million",
            "per million words",
            "year",
            &["2019".into(), "2020".into()],
            &[("<b>x</b>".into(), vec![1.0, 2.0])],
        );
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("per million words"));
        let bars = bars(
            "Documents per year",
            "documents",
            "year",
            &[("2019".into(), 3.0)],
        );
        assert!(bars.contains("<rect"));
        assert_eq!(human(51e9), "51.0 bn");
    }
}
