//! Charts drawn by the app as SVG (issue 8 point 3): stacked bars per week. Each chart is an
//! image with a title and a description for screen readers, a legend in words, and the same
//! figures as a table right after it (the text equivalent), so nothing is only in the picture.

use leptos::prelude::*;

/// GOV.UK colours, in an order where neighbours contrast.
const COLOURS: [&str; 9] = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#28a197", "#d53880", "#505a5f", "#b58840"];

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 10.0;

/// One bar per label; each series stacks one segment on every bar.
#[component]
pub fn StackedBars(
    id: &'static str,
    title: String,
    description: String,
    labels: Vec<String>,
    series: Vec<(String, Vec<usize>)>,
    /// Show values as percentages (the axis ends at 100).
    #[prop(optional)]
    percent: bool,
) -> impl IntoView {
    let totals: Vec<usize> = (0..labels.len()).map(|i| series.iter().map(|(_, v)| v.get(i).copied().unwrap_or(0)).sum()).collect();
    let max = if percent { 100 } else { domain::performance::axis_max(totals.iter().copied().max().unwrap_or(0)) };
    let n = labels.len().max(1) as f64;
    let slot = (W - LEFT) / n;
    let bar = (slot * 0.7).max(2.0);
    let scale = (H - TOP - BOTTOM) / max as f64;
    let mut rects = Vec::new();
    for (i, _) in labels.iter().enumerate() {
        let mut y = H - BOTTOM;
        for (s, (_, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let h = v as f64 * scale;
            y -= h;
            rects.push((LEFT + slot * i as f64 + (slot - bar) / 2.0, y, bar, h, COLOURS[s % COLOURS.len()]));
        }
    }
    // Every other label when there are many weeks, so they never overlap.
    let every = if labels.len() > 10 { 2 } else { 1 };
    let ticks: Vec<(f64, String)> = labels.iter().enumerate().filter(|(i, _)| i % every == 0).map(|(i, l)| (LEFT + slot * i as f64 + slot / 2.0, l.clone())).collect();
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="fd-chart-legend" aria-hidden="true">
                {series.iter().enumerate().map(|(s, (name, _))| view! {
                    <li><span class="fd-chart-swatch" style=format!("background:{}", COLOURS[s % COLOURS.len()])></span>{name.clone()}</li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <figure class="fd-chart" data-testid=id>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=labelled_by preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title}</title>
                <desc id=desc_id>{description}</desc>
                <line x1=LEFT y1=H - BOTTOM x2=W y2=H - BOTTOM stroke="#0b0c0c"/>
                <text x=LEFT - 4.0 y=TOP + 10.0 text-anchor="end" font-size="11">{if percent { "100%".to_string() } else { max.to_string() }}</text>
                <text x=LEFT - 4.0 y=H - BOTTOM text-anchor="end" font-size="11">"0"</text>
                {rects.into_iter().map(|(x, y, w, h, fill)| view! { <rect x=x y=y width=w height=h fill=fill/> }).collect_view()}
                {ticks.into_iter().map(|(x, l)| view! { <text x=x y=H - 10.0 text-anchor="middle" font-size="11">{l}</text> }).collect_view()}
            </svg>
            {legend}
        </figure>
    }
}
