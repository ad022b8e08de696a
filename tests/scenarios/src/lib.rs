//! `sotay-scenarios`: tests that cross parts — the deterministic sync simulator
//! ([`sim`]), the real server killed under real replicas ([`faults`]), and scenario
//! tests with a real server and several real replicas.
//! Must not: reach into a crate's private state where its public Api would do; sleep
//! to synchronise.
//!
//! ```no_run
//! let report = sotay_scenarios::sim::run(sotay_scenarios::sim::Config::new(7)).unwrap();
//! assert!(report.divergences.is_empty() && report.lost.is_empty());
//! ```

pub mod faults;
pub mod sim;
