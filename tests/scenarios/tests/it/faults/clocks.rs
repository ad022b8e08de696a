//! Issue 22 item 4: devices whose clocks are days wrong, two of which jump midway
//! (`Clocks::wrong`), edit the same members' names and their own schedules and sync
//! through a real server that is also killed twice; nothing acknowledged is lost or
//! applied twice, each change refused for its stamps comes back accepted, every device
//! converges, none starts over. `cargo xtask faults` runs it with the full kill count.

use super::bin;
use sotay_scenarios::faults::{run_with_clocks, Clocks, Config, Db};

#[test]
fn devices_with_wrong_and_jumping_clocks_converge_and_lose_nothing() {
    let cfg = Config {
        seed: 44,
        kills: 2,
        server_bin: bin("sotay-server"),
    };
    let report = run_with_clocks(&cfg, &Db::Sqlite, &Clocks::wrong()).expect("the run");
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
