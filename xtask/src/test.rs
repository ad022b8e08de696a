//! `cargo xtask test`: the CI gate, and `cargo xtask sim`.
//!
//! One target dir and one profile per artifact kind: `cargo build --workspace
//! --all-targets`, with clippy as the workspace's compiler wrapper, lints our crates and compiles the binaries the end-to-end tests start *and* the test
//! executables with the same feature set `cargo test` uses, so the test step only runs.

use crate::cmd::{self, human, run, timed};
use crate::{runner, setup, ui};
use anyhow::{bail, Context, Result};

/// Seeds the gate's simulator runs. 1,400 fit the CPU 1,000 took before the simulator
/// got 29% cheaper per seed, but on two cores the gate's time is its total CPU, and
/// they made a clean gate 28 min (bench/results.md): the gate keeps 1,000.
pub const GATE_SEEDS: u32 = 1_000;

pub fn test() -> Result<()> {
    let gate_started = std::time::Instant::now();
    let mut results: Vec<(&str, Result<()>, f64)> = Vec::new();
    let mut record = |name: &'static str, step: &mut dyn FnMut() -> Result<()>| {
        let (result, secs) = timed(name, step);
        let ok = result.is_ok();
        results.push((name, result, secs));
        ok
    };

    // Without the tools and the UI nothing after can build: stop early.
    let ready = record("setup", &mut || setup::setup(setup::Needs::tests()))
        && record("ui", &mut ui::build);
    if ready {
        record("fmt", &mut || {
            run(cmd::cargo().args(["fmt", "--all", "--", "--check"]))
        });
        // The simulator is CPU, and the build has gaps (one big crate at a time) and
        // the end-to-end tests mostly wait on browsers: its binary is built first, then
        // it runs niced beside the rest of the build and the tests, and the gate waits
        // for it at the end. Its output goes to a file shown then.
        let mut background: Option<SimInBackground> = None;
        let mut sim_started = std::time::Instant::now();
        // Clippy runs inside this build (`cargo_linted`): a lint fails it like an error.
        // `--workspace --bin sim` resolves features as the whole build does, so its
        // crates are not compiled twice.
        let built = record("build+clippy", &mut || {
            run(cmd::cargo_linted().args(["build", "--workspace", "--bin", "sim"]))?;
            sim_started = std::time::Instant::now();
            match SimInBackground::start(GATE_SEEDS) {
                Ok(sim) => background = Some(sim),
                Err(e) => println!("xtask: the simulator could not start early: {e:#}"),
            }
            run(cmd::cargo_linted().args(["build", "--workspace", "--all-targets"]))
        });
        // Doc tests and the docs are cargo's, one at a time (it locks the target dir):
        // they run in a thread beside the test executables' pool, which mostly waits on
        // browsers and servers. That the model builds for wasm32 needs no step of its
        // own: the `ui` step compiles it for wasm32 inside the UI.
        let cargo_side = || -> Vec<(&'static str, Result<()>, f64)> {
            let mut side = Vec::new();
            if built {
                let (r, s) = timed("doctests", || {
                    run(cmd::cargo_linted().args(["test", "--workspace", "--doc"]))
                });
                side.push(("doctests", r, s));
            }
            // Broken intra-doc links and the like fail the gate like a clippy warning.
            let (r, s) = timed("doc", || {
                run(cmd::cargo()
                    .args(["doc", "--workspace", "--no-deps"])
                    .env("RUSTDOCFLAGS", "-D warnings"))
            });
            side.push(("doc", r, s));
            side
        };
        if built {
            let mut side = Vec::new();
            record("test", &mut || {
                // The PgStore suite runs on a real PostgreSQL (the machine's or a private
                // one, stopped when `pg` drops) and, like e2e, must not skip here.
                let pg = crate::postgres::ensure()?;
                // The e2e suite must not skip in CI: xtask has installed its tools.
                let env = [
                    ("SOTAY_E2E_REQUIRED", "1".to_string()),
                    ("SOTAY_TEST_PG", pg.url.clone()),
                    ("SOTAY_PG_REQUIRED", "1".to_string()),
                ];
                let bins = runner::list(cmd::cargo_linted())?;
                std::thread::scope(|scope| {
                    let cargo = scope.spawn(cargo_side);
                    let pool = runner::run(bins, test_jobs(), &env);
                    side = cargo.join().unwrap_or_else(|_| {
                        vec![(
                            "doc",
                            Err(anyhow::anyhow!("the doc steps' thread panicked")),
                            0.0,
                        )]
                    });
                    pool
                })
            });
            results.append(&mut side);
        } else {
            results.append(&mut cargo_side());
        }
        // DESIGN §4.8 is checked by GATE_SEEDS seeds on every run, by the binary the
        // build step made: `cargo run -p sotay-scenarios` would compile a minute of
        // crates again with that one package's features.
        let finish = || match background {
            Some(sim) => sim.wait(),
            None => sim(SimRun {
                what: SimWhat::Seeds {
                    n: GATE_SEEDS,
                    first: 1,
                },
                release: false,
            }),
        };
        let (result, _) = timed("sim (waiting for it)", finish);
        // Its time is from its start beside the test step, not from this wait.
        results.push(("sim", result, sim_started.elapsed().as_secs_f64()));
    }

    println!("\nxtask test summary:");
    let mut failed = Vec::new();
    // Steps overlap (the simulator runs beside the tests): the total is the wall time.
    let total = gate_started.elapsed().as_secs_f64();
    for (name, result, secs) in &results {
        match result {
            Ok(()) => println!("  ok      {name:<12} {}", human(*secs)),
            Err(e) => {
                println!("  FAILED  {name:<12} {}  {e:#}", human(*secs));
                failed.push(*name);
            }
        }
    }
    if failed.is_empty() && ready {
        println!(
            "xtask test: all {} steps ok in {}",
            results.len(),
            human(total)
        );
        Ok(())
    } else {
        println!(
            "xtask test: FAILED ({}) after {}",
            failed.join(", "),
            human(total)
        );
        bail!("xtask test failed: {}", failed.join(", "))
    }
}

/// How many test executables run at once: `SOTAY_TEST_JOBS`, else 1. Alone, the 46
/// took 537 s and 445 CPU-s: the end-to-end flows wait on browsers and servers (one
/// used 24 CPU-s in 82 s), and cargo's doc steps run beside them to use that. Two at a
/// time was measured in a clean gate (7 Dec 2026): with the simulator beside, the gate
/// is bound by its total CPU, and the runs side by side cost more of it (bench/results.md).
fn test_jobs() -> usize {
    std::env::var("SOTAY_TEST_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

/// The gate's simulator run as a niced child process, writing to a log in `target/`.
struct SimInBackground {
    child: std::process::Child,
    log: std::path::PathBuf,
}

impl SimInBackground {
    fn start(seeds: u32) -> Result<SimInBackground> {
        let built = cmd::target_dir().join("debug/sim");
        if !built.is_file() {
            bail!("{} was not built", built.display());
        }
        let log = cmd::target_dir().join("gate-sim.log");
        let out = std::fs::File::create(&log)?;
        let err = out.try_clone()?;
        // nice(1) is in coreutils; the tests take the CPU when they want it.
        let mut c = std::process::Command::new("nice");
        c.args(["-n", "10"])
            .arg(&built)
            .args(["--seeds", &seeds.to_string()])
            .current_dir(cmd::root())
            .stdout(out)
            .stderr(err);
        println!(
            "$ nice -n 10 {} --seeds {seeds} > {} &",
            built.display(),
            log.display()
        );
        let child = c.spawn().context("could not start the simulator")?;
        Ok(SimInBackground { child, log })
    }

    fn wait(mut self) -> Result<()> {
        let status = self.child.wait()?;
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        // Its last lines: the summary, and for a failing seed how to replay it.
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines[lines.len().saturating_sub(40)..] {
            println!("{line}");
        }
        if !status.success() {
            bail!(
                "the simulator failed ({status}); its output is in {}",
                self.log.display()
            );
        }
        Ok(())
    }
}

/// Is the simulator binary written yet? (tests/scenarios, owned by someone else.)
fn sim_exists() -> bool {
    let dir = cmd::root().join("tests/scenarios");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    dir.join("src/bin/sim.rs").is_file()
        || dir.join("src/bin/sim/main.rs").is_file()
        || manifest.contains("name = \"sim\"")
}

/// What `cargo xtask sim` runs: many seeds, or one seed again to replay a failure.
pub enum SimWhat {
    Seeds { n: u32, first: u64 },
    Replay(u64),
}

/// `cargo xtask sim`: what to run, and whether with the release binary.
pub struct SimRun {
    pub what: SimWhat,
    pub release: bool,
}

/// The simulator runs as the dev-profile binary that the gate's build makes (linted as
/// there, so nothing is compiled twice; SQLite, its hot path, is optimised even there),
/// or with `--release` as the release binary, for long runs such as 10,000 seeds:
/// twice as fast (40 seeds: 7.5 s against 14.4 s) but without the dev build's overflow
/// checks.
pub fn sim(job: SimRun) -> Result<()> {
    if !sim_exists() {
        bail!(
            "the simulator is not written yet: expected a `sim` binary in tests/scenarios \
             (src/bin/sim.rs)"
        );
    }
    let mut args: Vec<String> = vec!["run".into()];
    if job.release {
        args.push("--release".into());
    }
    args.extend(["-p", "sotay-scenarios", "--bin", "sim", "--"].map(String::from));
    match job.what {
        SimWhat::Seeds { n, first } => args.extend([
            "--seeds".into(),
            n.to_string(),
            "--first".into(),
            first.to_string(),
        ]),
        SimWhat::Replay(seed) => args.extend(["--seed".into(), seed.to_string()]),
    }
    let mut cargo = if job.release {
        cmd::cargo()
    } else {
        cmd::cargo_linted()
    };
    run(cargo.args(&args))
}

/// `cargo xtask bench [ARGS]`: the release `bench` binary of tests/scenarios against a
/// release `sotay-server`; extra arguments (`--members`, `--runs`, `--pg` …) pass through.
pub fn bench(args: &[String]) -> Result<()> {
    let dir = cmd::root().join("tests/scenarios/src/bin");
    if !dir.join("bench/main.rs").is_file() && !dir.join("bench.rs").is_file() {
        println!("xtask bench: no benchmarks yet");
        return Ok(());
    }
    // The .deb first (it builds the UI and shrinks its wasm, as shipped): its size is
    // one of the figures, and a clean machine has none. The same release build makes
    // the server and the bench.
    let started = std::time::Instant::now();
    setup::setup(setup::Needs {
        node: true,
        ..setup::Needs::default()
    })?;
    let npm = setup::bench_node()?;
    let deb = crate::bundle::deb(&[
        ("sotay-server", "sotay-server"),
        ("sotay-scenarios", "bench"),
    ])?;
    if let Some(mut npm) = npm {
        let status = npm.child.wait()?;
        if !status.success() {
            println!("xtask bench: npm install failed ({status}); the PouchDB figures are skipped");
        }
    }
    let release = cmd::target_dir().join("release");
    // The PostgreSQL figures need a server: the machine's or a private one.
    let pg = crate::postgres::ensure();
    let pg_url = match &pg {
        Ok(pg) => pg.url.clone(),
        Err(e) => {
            println!("xtask bench: no PostgreSQL ({e:#}); its figures are skipped");
            "none".into()
        }
    };
    let build_s = started.elapsed().as_secs_f64();
    run(std::process::Command::new(release.join("bench"))
        .current_dir(cmd::root())
        .arg("--server-bin")
        .arg(release.join("sotay-server"))
        .args(["--pg", &pg_url])
        .arg("--deb")
        .arg(&deb)
        .args(["--build-s", &format!("{build_s:.0}")])
        .arg("--node-modules")
        .arg(setup::bench_node_modules())
        .args(args))
}
