//! `sim --seeds N [--first S] [--steps K]` or `sim --seed S`: run the deterministic sync
//! simulation and end with exactly one line `sim: N seeds, D divergences, L lost`.

use anyhow::{bail, Context, Result};
use sotay_scenarios::sim::{run, Config, Report};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn arg(args: &[String], name: &str) -> Result<Option<u64>> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            let v = args
                .get(i + 1)
                .with_context(|| format!("{name} needs a number"))?;
            Ok(Some(
                v.parse()
                    .with_context(|| format!("{name}: not a number: {v}"))?,
            ))
        }
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let steps = arg(&args, "--steps")?;
    let seeds: Vec<u64> = match (arg(&args, "--seed")?, arg(&args, "--seeds")?) {
        (Some(s), _) => vec![s],
        (None, Some(n)) => {
            let first = arg(&args, "--first")?.unwrap_or(1);
            (first..first + n).collect()
        }
        (None, None) => bail!("usage: sim --seeds N [--first S] [--steps K] | --seed S"),
    };
    // Seeds are independent: run them on every core, then report in seed order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(u64, Result<Report>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(&seed) = seeds.get(i) else { break };
                let mut cfg = Config::new(seed);
                if let Some(k) = steps {
                    cfg.steps = k as u32;
                }
                let r = run(cfg);
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((seed, r));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(seed, _)| *seed);

    let (mut divergences, mut lost) = (0usize, 0usize);
    let mut total = sotay_scenarios::sim::Stats::default();
    for (seed, report) in results {
        let report = report.with_context(|| format!("seed {seed} failed to run"))?;
        total.engine_syncs += report.stats.engine_syncs;
        total.attached += report.stats.attached;
        total.uploads += report.stats.uploads;
        total.downloads += report.stats.downloads;
        total.revocations += report.stats.revocations;
        total.wipes += report.stats.wipes;
        total.enroll_requests += report.stats.enroll_requests;
        total.codes_reissued += report.stats.codes_reissued;
        total.admin_requests += report.stats.admin_requests;
        if verbose {
            eprintln!("seed {seed}: {:?}", report.stats);
        }
        if !report.divergences.is_empty() || !report.lost.is_empty() {
            eprintln!(
                "seed {seed}: {} divergences, {} lost; replay with: cargo xtask sim --seed {seed}",
                report.divergences.len(),
                report.lost.len()
            );
            for d in report.divergences.iter().chain(&report.lost).take(10) {
                eprintln!("  {d}");
            }
        }
        divergences += report.divergences.len();
        lost += report.lost.len();
    }
    println!(
        "sim: {} seeds, {divergences} divergences, {lost} lost; engine syncs {}, files attached {}, \
         uploaded {}, downloaded {}, devices revoked {}, wiped {}; enroll requests {}, codes \
         reissued {}, admin requests {}",
        seeds.len(),
        total.engine_syncs,
        total.attached,
        total.uploads,
        total.downloads,
        total.revocations,
        total.wipes,
        total.enroll_requests,
        total.codes_reissued,
        total.admin_requests
    );
    if divergences + lost > 0 {
        std::process::exit(1);
    }
    Ok(())
}
