//! The scenario tests, one binary (one link instead of one per file): a real server
//! and several real replicas per test.

mod cell;
mod common;

mod admin_takeover;
mod checkin_replay;
mod checkin_verdict;
mod dues;
mod evaluation;
mod exchange_files;
mod exchange_reads;
mod exchange_scope;
mod exchange_world;
mod faults;
mod forged_admin;
mod future_stamps;
mod identity;
mod inspection;
mod meeting_plans;
mod meeting_rules;
mod meetings;
mod oversight;
mod schedule;
mod sim;
mod squatted_ids;
mod sync_rules;
mod tasks;
mod transfers;
