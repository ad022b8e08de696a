//! `xtask`: the project's own tasks, run as `cargo xtask <task>`.
//!
//! Owns: installing the tools a fresh Debian-like machine lacks (`setup`), building the
//! wasm UI without trunk (`ui`), starting a local server plus client (`run`), the whole
//! CI gate (`test`), the simulator (`sim`), the server-crash figures (`faults`), the long run (`soak`) and
//! release packages (`bundle`).
//! Must not: hold product logic or test assertions of its own; it only orders commands.
//!
//! Example: `cargo xtask test` runs fmt, the build with clippy's lints, tests (with end-to-end), docs, the
//! wasm build of `sotay-model` and the simulator, then prints one summary line.

mod bundle;
mod cmd;
mod faults;
mod fuzz;
mod gen;
mod postgres;
mod run;
mod runner;
mod setup;
mod soak;
mod test;
mod ui;

use anyhow::{bail, Result};

const USAGE: &str = "cargo xtask <task>

tasks:
  setup           install missing system packages and tools (idempotent)
  ui              build the Yew UI into ui/dist
  run             local server + client: the desktop app if a display exists, else a browser URL
  test            the CI gate: the UI (wasm), fmt, build linted by clippy, tests (incl.
                  end-to-end), docs, simulator
  sim [--seeds N [--first S] | --seed S] [--release]
                  run the sync simulator (default the gate's 1,000 seeds from seed 1) or replay one
                  seed; --release for long runs (the gate runs the dev binary)
  bundle          Linux .deb and a cross-compiled Windows .exe (zip)
  pg <cmd…>       run a command with SOTAY_TEST_PG set (the machine's PostgreSQL or a private one)
  gen --members N --years Y --out DIR [--seed S]
                  a province-sized data set (Thái Bình) in a server data directory
  bench [ARGS]    the benchmark suite (tests/scenarios `bench`; ARGS pass through)
  faults [--kills N] [--seed S]
                  kill the real server N times (default 50) under syncing replicas, on
                  SQLite and PostgreSQL; prints kills, acknowledged, lost, duplicated, resets
  soak [--minutes N] [--devices D] [--members M]
                  1,000 devices under load with enrollments, revocations and transfers for
                  N minutes (default 30); server memory, file sizes and p99s per minute
  fuzz [--secs N] the protocol's JSON decoding under cargo-fuzz, N seconds per target (not in CI)";

fn main() -> std::process::ExitCode {
    match dispatch() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One readable line, not anyhow's backtrace (RUST_BACKTRACE is often set).
            eprintln!("xtask: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn dispatch() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        println!("{USAGE}");
        return Ok(());
    };
    let rest = &args[1..];
    match task.as_str() {
        "setup" => setup::setup(setup::Needs::tests()),
        "ui" => ui::build(),
        "run" => run::start(),
        "test" => test::test(),
        "sim" => test::sim(parse_sim(rest)?),
        "bundle" => bundle::bundle(),
        "pg" => postgres::with(rest),
        "gen" => gen::gen(rest),
        "bench" => test::bench(rest),
        "faults" => faults::faults(rest),
        "soak" => soak::soak(rest),
        "fuzz" => fuzz::fuzz(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
}

fn parse_sim(rest: &[String]) -> Result<test::SimRun> {
    const USE: &str = "usage: cargo xtask sim [--seeds N [--first S] | --seed S] [--release]";
    let release = rest.iter().any(|a| a == "--release");
    let rest: Vec<&str> = rest
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--release")
        .collect();
    let what = match rest[..] {
        [] => test::SimWhat::Seeds {
            n: test::GATE_SEEDS,
            first: 1,
        },
        ["--seeds", n] => test::SimWhat::Seeds {
            n: n.parse()?,
            first: 1,
        },
        ["--seeds", n, "--first", s] | ["--first", s, "--seeds", n] => test::SimWhat::Seeds {
            n: n.parse()?,
            first: s.parse()?,
        },
        ["--seed", s] => test::SimWhat::Replay(s.parse()?),
        _ => bail!(USE),
    };
    Ok(test::SimRun { what, release })
}
