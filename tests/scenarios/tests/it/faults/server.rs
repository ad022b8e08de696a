//! Issue 22, the short version for the gate: the real `sotay-server` killed with
//! SIGKILL three times under five syncing replicas, on SQLite and on PostgreSQL; nothing
//! acknowledged is lost or applied twice, every device converges, none starts over.
//! `cargo xtask faults` runs the full counts.

use super::bin;
use sotay_scenarios::faults::{run, Config, Db};

fn three_kills(seed: u64) -> Config {
    Config {
        seed,
        kills: 3,
        server_bin: bin("sotay-server"),
    }
}

#[test]
fn a_server_killed_three_times_on_sqlite_loses_nothing_acknowledged() {
    let report = run(&three_kills(22), &Db::Sqlite).expect("the run");
    assert_eq!(report.kills, 3);
    assert!(
        report.acknowledged > 0,
        "nothing was acknowledged\n{report}"
    );
    assert!(report.is_clean(), "{report}");
}

#[test]
fn a_server_killed_three_times_on_postgres_loses_nothing_acknowledged() {
    let Ok(url) = std::env::var("SOTAY_TEST_PG") else {
        assert!(
            std::env::var("SOTAY_PG_REQUIRED").as_deref() != Ok("1"),
            "SOTAY_PG_REQUIRED=1 but SOTAY_TEST_PG is not set"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: set SOTAY_TEST_PG (or run `cargo xtask test`) to kill the server on PostgreSQL"
        );
        return;
    };
    let report = run(&three_kills(23), &Db::Postgres(url)).expect("the run");
    assert_eq!(report.kills, 3);
    assert!(
        report.acknowledged > 0,
        "nothing was acknowledged\n{report}"
    );
    assert!(report.is_clean(), "{report}");
}
