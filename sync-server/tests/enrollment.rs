//! Enrollment codes over HTTP (issue 3): issued only to those who may edit the member,
//! short, expiring, usable once; bad, expired and reused codes refused alike; a flood
//! of guesses (and of wrong credentials) refused, with the limit holding.

mod common;

use common::{code, TestServer};
use reqwest::StatusCode;
use serde_json::json;
use sotay_server::admin::API_CODE_TTL_MS;
use sotay_server::{Limits, Store};

fn enroll_body(code: &str) -> serde_json::Value {
    json!({"code": code, "device_name": "Điện thoại"})
}

#[tokio::test]
async fn a_committee_issues_a_72_hour_one_time_code_and_others_cannot() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let sec = s.device(t.sec).credential;
    let m1 = s.device(t.m1).credential;
    let o = s.device(t.o).credential;

    let (status, v) = s
        .post("/v1/codes", Some(&sec), json!({"member_id": t.m2}))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let issued = v["code"].as_str().expect("code").to_string();
    assert_eq!(issued.len(), 9, "short: XXXX-XXXX");
    assert_eq!(v["expires_ms"], json!(s.now() + API_CODE_TTL_MS));
    let (status, v) = s.post("/v1/enroll", None, enroll_body(&issued)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["member_id"], json!(t.m2));

    // A plain member, a committee of another district, an unknown member, and a
    // member of the secretary's cell asked for with a bad validity.
    for (cred, member) in [
        (&m1, t.m2),
        (&o, t.m1),
        (&sec, t.o),
        (&sec, sotay_model::Id::from_u128(77)),
    ] {
        let (status, v) = s
            .post("/v1/codes", Some(cred), json!({"member_id": member}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{v}");
        assert_eq!(code(&v), "forbidden");
        assert!(v["message"].as_str().unwrap_or("").contains("quyền"), "{v}");
    }
    let (status, v) = s
        .post(
            "/v1/codes",
            Some(&sec),
            json!({"member_id": t.m1, "ttl_ms": 31u64 * 24 * 3600 * 1000}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let (status, _) = s.post("/v1/codes", None, json!({"member_id": t.m1})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_expired_and_reused_codes_are_refused_alike() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let sec = s.device(t.sec).credential;
    let issue = |ttl: u64| {
        let s = &s;
        let sec = sec.clone();
        async move {
            let (status, v) = s
                .post(
                    "/v1/codes",
                    Some(&sec),
                    json!({"member_id": t.m1, "ttl_ms": ttl}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v["code"].as_str().expect("code").to_string()
        }
    };

    for bad in ["", "ABCD", "ABCD-EFG0", "22222222", "ĐĐĐĐ-ĐĐĐĐ"] {
        let (status, v) = s.post("/v1/enroll", None, enroll_body(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert_eq!(code(&v), "bad_code", "{bad}");
    }

    let short = issue(60_000).await;
    s.advance(60_000);
    let (status, v) = s.post("/v1/enroll", None, enroll_body(&short)).await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::BAD_REQUEST, "bad_code"),
        "expired"
    );

    let once = issue(API_CODE_TTL_MS).await;
    let (status, v) = s
        .post("/v1/enroll", None, enroll_body(&once.to_lowercase()))
        .await;
    assert_eq!(status, StatusCode::OK, "typed in lower case: {v}");
    let (status, v) = s.post("/v1/enroll", None, enroll_body(&once)).await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::BAD_REQUEST, "bad_code"),
        "reused"
    );
    let devices = s.store.devices_of(t.m1).expect("devices");
    assert_eq!(devices.len(), 1, "one device from one code");
}

#[tokio::test]
async fn a_flood_of_guesses_is_refused_and_the_limit_holds_for_the_window() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let sec = s.device(t.sec).credential;
    let (_, v) = s
        .post("/v1/codes", Some(&sec), json!({"member_id": t.m1}))
        .await;
    let good = v["code"].as_str().expect("code").to_string();

    let mut refused_as_bad = 0;
    let mut limited = 0;
    for i in 0..200u32 {
        let guess =
            format!("{:04}-{:04}", 2222 + i % 7000, 3333 + i % 6000).replace(['0', '1'], "A");
        let (status, v) = s.post("/v1/enroll", None, enroll_body(&guess)).await;
        match (status, code(&v)) {
            (StatusCode::BAD_REQUEST, "bad_code") => refused_as_bad += 1,
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited") => limited += 1,
            other => panic!("guess {guess}: {other:?} {v}"),
        }
    }
    println!("flood: {refused_as_bad} checked and refused, {limited} refused by the limit");
    assert_eq!(refused_as_bad, 10, "10 attempts a minute per address");
    assert_eq!(limited, 190);
    // The limit holds even for the right code until the window passes.
    let (status, _) = s.post("/v1/enroll", None, enroll_body(&good)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(s.store.devices_of(t.m1).expect("devices").is_empty());
    s.advance(60_000);
    let (status, v) = s.post("/v1/enroll", None, enroll_body(&good)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn a_flood_of_wrong_credentials_is_refused_and_the_limit_holds_for_the_window() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let good = s.device(t.m1).credential;
    let device = good.split('.').next().expect("id").to_string();
    let pull = json!({"cursor": {"epoch": 0, "seq": 0}, "limit": 10});
    for i in 0..20 {
        let forged = format!("{device}.{:064x}", i);
        let (status, v) = s.post("/v1/pull", Some(&forged), pull.clone()).await;
        assert_eq!(
            (status, code(&v)),
            (StatusCode::UNAUTHORIZED, "unauthenticated")
        );
    }
    for cred in ["nonsense", good.as_str()] {
        let (status, v) = s.post("/v1/pull", Some(cred), pull.clone()).await;
        assert_eq!(
            (status, code(&v)),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            "{cred}"
        );
    }
    s.advance(60_000);
    let (status, v) = s.post("/v1/pull", Some(&good), pull).await;
    assert_eq!(status, StatusCode::OK, "{v}");
}
