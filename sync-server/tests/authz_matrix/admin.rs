//! The matrix's cases for administering a member (issue 12, item 1): a member of cell C
//! holding posts at several levels (none; cell and district; cell and province;
//! grassroots and district), each administration act (code, device list, rename,
//! revoke, edits of identity, status, transfer, delete, changing or removing one of
//! their posts), by an actor at each level (the cell, the grassroots, the district,
//! the province, another district). The expected verdict is stated here from the tree,
//! independently of the server: the actor's office must sit at or above the member's
//! cell and every organisation where they hold a post. Every act goes over real HTTP.

use super::{now_ms, Server, World};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sotay_model::entities::MemberStatus;
use sotay_model::entities::PositionTitle::{self, *};
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::permissions::Role;
use sotay_model::protocol::{Outcome, PushResponse, RejectReason, PROTOCOL_VERSION};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change};
use sotay_server::Store;

const OUTRANKED: &str = "Đồng chí không có quyền quản lý đảng viên giữ chức vụ";

/// The posts of the member administered, by shape: (organisation name, title).
const SHAPES: &[(&str, &[(&str, PositionTitle)])] = &[
    ("no post", &[]),
    (
        "cell + district",
        &[("C", CommitteeMember), ("D1", CommitteeMember)],
    ),
    (
        "cell + province",
        &[("C", CommitteeMember), ("P", Secretary)],
    ),
    (
        "grassroots + district",
        &[("G", DeputySecretary), ("D1", Secretary)],
    ),
];

/// Who acts: (title, organisation name).
const ACTORS: &[(PositionTitle, &str)] = &[
    (Secretary, "C"),
    (OfficeStaff, "C"),
    (Secretary, "G"),
    (OfficeStaff, "D1"),
    (Secretary, "D1"),
    (CommitteeMember, "P"),
    (OfficeStaff, "P"),
    (Secretary, "D9"),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Act {
    Code,
    Devices,
    Rename,
    Revoke,
    EditName,
    EditCard,
    SetLeft,
    Transfer,
    Delete,
    RetitlePost,
    RemovePost,
}

const ACTS: [Act; 11] = [
    Act::Code,
    Act::Devices,
    Act::Rename,
    Act::Revoke,
    Act::EditName,
    Act::EditCard,
    Act::SetLeft,
    Act::Transfer,
    Act::Delete,
    Act::RetitlePost,
    Act::RemovePost,
];

/// Whether an office at `at` reaches the organisation `org`: the same or one above.
fn reaches(w: &World, at: Id, org: Id) -> bool {
    matches!(
        w.relation(org, at),
        Some(sotay_model::permissions::Relation::Same)
            | Some(sotay_model::permissions::Relation::Descendant)
    )
}

/// What the act should get: `None` when allowed, else whether the refusal may say why
/// (the actor keeps the member's record, or the post's organisation, but not every
/// level) as opposed to a bare refusal.
fn expected(w: &World, act: Act, title: PositionTitle, at: Id, posts: &[(Id, Id)]) -> Option<bool> {
    let c = w.org("C");
    let posts_ok = posts.iter().all(|&(_, org)| reaches(w, at, org));
    match act {
        Act::RetitlePost | Act::RemovePost => {
            // The table: leaders of the post's organisation, committees above it.
            let (_, org) = posts[0];
            let table = (matches!(title, Secretary | DeputySecretary) && org == at)
                || (matches!(title, Secretary | DeputySecretary | CommitteeMember)
                    && org != at
                    && reaches(w, at, org));
            match (table, posts_ok) {
                (false, _) => Some(false),
                (true, false) => Some(true),
                (true, true) => None,
            }
        }
        _ => {
            let cell_ok = reaches(w, at, c);
            let target_ok = act != Act::Transfer || reaches(w, at, w.org("C3"));
            match (cell_ok && target_ok, posts_ok) {
                (true, true) => None,
                (true, false) => Some(true),
                // Not even the record (or the cell moved to): a bare refusal.
                (false, _) => Some(false),
            }
        }
    }
}

async fn post(server: &Server, path: &str, cred: &str, mut body: Value) -> (StatusCode, String) {
    body["protocol"] = json!(PROTOCOL_VERSION);
    let resp = server
        .client
        .post(format!("{}{path}", server.base))
        .bearer_auth(cred)
        .json(&body)
        .send()
        .await
        .expect("send");
    let status = resp.status();
    (status, resp.text().await.expect("body"))
}

/// What a refusal must leave as it was.
fn snapshot(server: &Server, ids: &[Id], device: DeviceId) -> String {
    let mut out = String::new();
    for id in ids {
        out.push_str(&format!("{:?}", server.store.row(*id).expect("row")));
    }
    out.push_str(&format!(
        "{:?}",
        server.store.device_info(device).expect("info")
    ));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_with_posts_at_several_levels_are_administered_only_from_above_them_all() {
    let server = Server::start().await;
    let mut case: u128 = 1 << 20;
    let (mut allowed, mut refused, mut explained, mut not_applicable) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (shape, posts) in SHAPES {
        for &(title, at_name) in ACTORS {
            for act in ACTS {
                case += 1;
                if posts.is_empty() && matches!(act, Act::RetitlePost | Act::RemovePost) {
                    not_applicable += 1;
                    continue;
                }
                let label = format!("{shape}: {title:?} of {at_name} does {act:?}");
                let mut w = World::new(case);
                let (c, at) = (w.org("C"), w.org(at_name));
                w.actor = w.add_member("Nguyễn Văn An", w.org("HC"));
                w.roles.push((Role::Member, w.org("HC")));
                w.add_position(w.actor, at, title);
                w.roles.push((Role::Position(title), at));
                let target = w.add_member("Trần Văn Lãnh", c);
                let held: Vec<(Id, Id)> = posts
                    .iter()
                    .map(|&(org, t)| {
                        let org = w.org(org);
                        (w.add_position(target, org, t), org)
                    })
                    .collect();
                let want = expected(&w, act, title, at, &held);
                let seeded = server.store.seed(&w.changes, 1_000).expect("seed");
                assert!(
                    seeded
                        .iter()
                        .all(|r| matches!(r.outcome, Outcome::Accepted { .. })),
                    "{label}: world refused"
                );
                let enroll = |member| {
                    let code = server
                        .store
                        .create_enroll_code(member, 3_600_000, now_ms())
                        .expect("code");
                    server
                        .store
                        .enroll(&code, "máy thử", now_ms())
                        .expect("enroll")
                };
                let me = enroll(w.actor);
                let theirs = enroll(target).device_id;
                let mut watched = vec![target];
                watched.extend(held.iter().map(|p| p.0));
                let before = snapshot(&server, &watched, theirs);
                let cred = me.credential.as_str();
                let hlc = Hlc {
                    wall_ms: 50_000,
                    counter: 0,
                    node: me.device_id,
                };
                let cid = w.fresh();
                let member_edit = |org: Id, fields: Vec<(&str, Value)>| {
                    edit_change(cid, Entity::Member, target, org, fields, hlc)
                };
                let online = |path: &'static str, body: Value| (path, body);
                let (request, change): (Option<(&str, Value)>, Option<Change>) = match act {
                    Act::Code => (
                        Some(online("/v1/codes", json!({"member_id": target}))),
                        None,
                    ),
                    Act::Devices => (
                        Some(online("/v1/devices", json!({"member_id": target}))),
                        None,
                    ),
                    Act::Rename => (
                        Some(online(
                            "/v1/devices/rename",
                            json!({"device_id": theirs, "name": "Bị chiếm"}),
                        )),
                        None,
                    ),
                    Act::Revoke => (
                        Some(online("/v1/devices/revoke", json!({"device_id": theirs}))),
                        None,
                    ),
                    Act::EditName => (
                        None,
                        Some(member_edit(c, vec![("full_name", json!("Kẻ Mạo Danh"))])),
                    ),
                    Act::EditCard => (
                        None,
                        Some(member_edit(
                            c,
                            vec![
                                ("card_no", json!(super::card())),
                                ("birth_date", json!("1979-09-09")),
                            ],
                        )),
                    ),
                    Act::SetLeft => (
                        None,
                        Some(member_edit(c, vec![("status", json!(MemberStatus::Left))])),
                    ),
                    Act::Transfer => {
                        let to = w.org("C3");
                        (None, Some(member_edit(to, vec![("cell_id", json!(to))])))
                    }
                    Act::Delete => (
                        None,
                        Some(delete_change(cid, Entity::Member, target, c, hlc)),
                    ),
                    Act::RetitlePost => (
                        None,
                        Some(edit_change(
                            cid,
                            Entity::Position,
                            held[0].0,
                            held[0].1,
                            vec![("title", json!(OfficeStaff))],
                            hlc,
                        )),
                    ),
                    Act::RemovePost => (
                        None,
                        Some(delete_change(
                            cid,
                            Entity::Position,
                            held[0].0,
                            held[0].1,
                            hlc,
                        )),
                    ),
                };
                // (accepted, the reason given when refused)
                let (ok, why): (bool, Option<String>) = match (request, change) {
                    (Some((path, body)), _) => {
                        let (status, text) = post(&server, path, cred, body).await;
                        if status.is_success() {
                            (true, None)
                        } else {
                            if status != StatusCode::FORBIDDEN {
                                failures.push(format!("{label}: {status} {text}"));
                            }
                            let message = serde_json::from_str::<Value>(&text)
                                .ok()
                                .and_then(|v| v["message"].as_str().map(String::from));
                            (false, message.filter(|m| m.starts_with(OUTRANKED)))
                        }
                    }
                    (None, Some(change)) => {
                        let (status, text) =
                            post(&server, "/v1/push", cred, json!({"changes": [change]})).await;
                        assert_eq!(status, StatusCode::OK, "{label}: {text}");
                        let answer: PushResponse = serde_json::from_str(&text).expect("push");
                        match &answer.results[0].outcome {
                            Outcome::Accepted { .. } => (true, None),
                            Outcome::Rejected { reason, .. } => match reason {
                                RejectReason::Forbidden => (false, None),
                                RejectReason::Outranked(m) if m.starts_with(OUTRANKED) => {
                                    (false, Some(m.clone()))
                                }
                                other => {
                                    failures.push(format!("{label}: refused as {other:?}"));
                                    (false, None)
                                }
                            },
                        }
                    }
                    (None, None) => unreachable!("every act does something"),
                };
                if !ok && before != snapshot(&server, &watched, theirs) {
                    failures.push(format!("{label}: refused but something changed"));
                }
                match (want, ok) {
                    (None, true) => allowed += 1,
                    (Some(says_why), false) => {
                        refused += 1;
                        if says_why != why.is_some() {
                            failures.push(format!(
                                "{label}: refused, reason expected: {says_why}, given: {why:?}"
                            ));
                        }
                        explained += u32::from(why.is_some());
                    }
                    (None, false) => failures.push(format!("{label}: refused, should be allowed")),
                    (Some(_), true) => {
                        failures.push(format!("{label}: ACCEPTED, should be refused"))
                    }
                }
            }
        }
    }
    println!(
        "administration matrix: {allowed} allowed, {refused} refused ({explained} with the reason), {not_applicable} not applicable"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(allowed > 50 && explained > 50, "{allowed} {explained}");
}
