//! An Api request as the headless host and the Tauri command read it from the UI:
//! decoding never panics and what decodes survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay_model::api::Request;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<Request>(data) else {
        return;
    };
    let json = serde_json::to_vec(&req).expect("a decoded request encodes");
    let back: Request = serde_json::from_slice(&json).expect("its encoding decodes");
    assert_eq!(back, req);
});
