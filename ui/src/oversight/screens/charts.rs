//! Two small charts drawn as SVG by hand: bars per organisation below (two shares each)
//! and lines per month (two shares). No chart crate: they cost the wasm a few
//! kilobytes instead of a library's hundreds, and at 360 px we decide where every
//! label goes (names above the bars, not squeezed beside them; the y axis only
//! 0/50/100%).

use yew::prelude::*;

/// One organisation's two shares, in whole percent (`None`: nothing to count).
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub key: String,
    pub label: String,
    pub a: Option<u32>,
    pub b: Option<u32>,
}

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub rows: Vec<BarRow>,
    pub a_label: AttrValue,
    pub b_label: AttrValue,
    /// Short words before each value ("họp 85%").
    pub a_short: AttrValue,
    pub b_short: AttrValue,
    /// Where each share turns amber (the light rule's line), drawn as a mark.
    pub a_mark: u32,
    pub b_mark: u32,
}

fn pct(v: Option<u32>) -> String {
    v.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into())
}

fn bar(y: u32, v: Option<u32>, mark: u32, class: &'static str) -> Html {
    let w = v.unwrap_or(0).min(100);
    html! {
        <>
            <rect x="0" y={y.to_string()} width="100" height="5" class="ov-track" />
            <rect x="0" y={y.to_string()} width={w.to_string()} height="5" class={class} />
            <line x1={mark.to_string()} x2={mark.to_string()} y1={y.to_string()} y2={(y + 5).to_string()}
                class="ov-mark" vector-effect="non-scaling-stroke" />
        </>
    }
}

#[function_component(Bars)]
pub fn bars(p: &BarsProps) -> Html {
    html! {
        <div class="ov-bars" data-testid="oversight-bars">
            <p class="ov-legend small">
                <span class="ov-key ov-a"></span>{ p.a_label.clone() }
                <span class="ov-key ov-b"></span>{ p.b_label.clone() }
            </p>
            { for p.rows.iter().map(|r| html! {
                <div class="ov-bar-row" key={r.key.clone()} data-testid="oversight-bar" data-org-id={r.key.clone()}>
                    <span class="ov-bar-name">{ &r.label }</span>
                    <svg class="ov-bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
                        { bar(0, r.a, p.a_mark, "ov-a") }
                        { bar(7, r.b, p.b_mark, "ov-b") }
                    </svg>
                    <span class="ov-bar-vals mono small">
                        <span class="ov-a-text" data-testid="oversight-bar-a">{ p.a_short.clone() }{ " " }{ pct(r.a) }</span>{ " · " }
                        <span class="ov-b-text" data-testid="oversight-bar-b">{ p.b_short.clone() }{ " " }{ pct(r.b) }</span>
                    </span>
                </div>
            }) }
        </div>
    }
}

/// One month's two shares.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePoint {
    pub label: String,
    pub a: Option<u32>,
    pub b: Option<u32>,
}

#[derive(Properties, PartialEq)]
pub struct LinesProps {
    pub points: Vec<LinePoint>,
    pub a_label: AttrValue,
    pub b_label: AttrValue,
}

const W: f64 = 320.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 310.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 110.0;

fn x_at(i: usize, n: usize) -> f64 {
    if n <= 1 {
        (LEFT + RIGHT) / 2.0
    } else {
        LEFT + (RIGHT - LEFT) * i as f64 / (n - 1) as f64
    }
}

fn y_at(v: u32) -> f64 {
    BOTTOM - (BOTTOM - TOP) * f64::from(v.min(100)) / 100.0
}

/// The segments of a series through the months that have a value, and its dots.
fn series(values: &[Option<u32>], class: &'static str) -> Html {
    let n = values.len();
    let pts: Vec<Option<(f64, f64)>> = values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|v| (x_at(i, n), y_at(v))))
        .collect();
    let mut runs: Vec<Vec<(f64, f64)>> = vec![vec![]];
    for p in &pts {
        match (p, runs.last_mut()) {
            (Some(p), Some(run)) => run.push(*p),
            (None, Some(run)) if !run.is_empty() => runs.push(vec![]),
            _ => {}
        }
    }
    html! {
        <g class={class}>
            { for runs.iter().filter(|r| r.len() > 1).map(|r| {
                let d = r.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                html! { <polyline points={d} fill="none" /> }
            }) }
            { for pts.iter().flatten().map(|(x, y)| html! {
                <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="3" />
            }) }
        </g>
    }
}

#[function_component(Lines)]
pub fn lines(p: &LinesProps) -> Html {
    let n = p.points.len();
    let a: Vec<Option<u32>> = p.points.iter().map(|m| m.a).collect();
    let b: Vec<Option<u32>> = p.points.iter().map(|m| m.b).collect();
    // Every month's name when they fit (a quarter, a year at 320 units), else every
    // other one.
    let every = if n > 12 { 2 } else { 1 };
    html! {
        <div class="ov-lines" data-testid="oversight-lines">
            <p class="ov-legend small">
                <span class="ov-key ov-a"></span>{ p.a_label.clone() }
                <span class="ov-key ov-b"></span>{ p.b_label.clone() }
            </p>
            <svg class="ov-line-chart" viewBox={format!("0 0 {W} 130")} role="img"
                aria-label={format!("{} · {}", p.a_label, p.b_label)}>
                { for [0u32, 50, 100].iter().map(|v| {
                    let y = format!("{:.1}", y_at(*v));
                    html! {
                        <>
                            <line x1={LEFT.to_string()} x2={RIGHT.to_string()} y1={y.clone()} y2={y.clone()} class="ov-grid" />
                            <text x={(LEFT - 4.0).to_string()} y={y} class="ov-axis" text-anchor="end" dominant-baseline="middle">{ format!("{v}%") }</text>
                        </>
                    }
                }) }
                { for p.points.iter().enumerate().filter(|(i, _)| i % every == 0).map(|(i, m)| html! {
                    <text x={format!("{:.1}", x_at(i, n))} y="126" class="ov-axis" text-anchor="middle">{ &m.label }</text>
                }) }
                { series(&a, "ov-a") }
                { series(&b, "ov-b") }
            </svg>
        </div>
    }
}
