//! Issue 22 item 4: devices whose clocks are days wrong, one of which jumps back
//! midway, edit the same members' names and their own schedules and sync through a
//! real server that is also killed twice; nothing acknowledged is lost or applied
//! twice, every device converges, none starts over. The province officer's clock runs
//! three days ahead and then steps five days back (two days behind), the cell
//! secretary's runs two days behind: both edit the same few members. A member's clock
//! six hours behind steps two days ahead between two syncs.

use super::bin;
use sotay_scenarios::faults::{run_with_clocks, Clocks, Config, Db, Jump};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

#[test]
fn devices_with_wrong_and_jumping_clocks_converge_and_lose_nothing() {
    let cfg = Config {
        seed: 44,
        kills: 2,
        server_bin: bin("sotay-server"),
    };
    let clocks = Clocks {
        // The demo's devices in order: province officer, cell secretary, two members
        // of that cell, a member of another.
        skew_ms: vec![3 * DAY_MS, -2 * DAY_MS, 0, -6 * HOUR_MS, 9 * HOUR_MS],
        jumps: vec![
            Jump {
                device: 0,
                after_edits: 8,
                by_ms: -5 * DAY_MS,
            },
            // Ahead of what the server last told it: its next edits are refused once
            // for their stamps and sent again stamped by the server's time.
            Jump {
                device: 3,
                after_edits: 2,
                by_ms: 2 * DAY_MS,
            },
        ],
    };
    let report = run_with_clocks(&cfg, &Db::Sqlite, &clocks).expect("the run");
    eprint!("{report}");
    assert!(
        report.acknowledged > 0,
        "nothing was acknowledged\n{report}"
    );
    assert!(
        report.refused_for_stamps > 0,
        "the clock that jumped ahead was never refused\n{report}"
    );
    assert!(report.is_clean(), "{report}");
}
