//! A push body as the server reads it: decoding never panics, what decodes survives a
//! round trip, and merging its changes (and repairing far-future stamps) never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay_model::protocol::PushRequest;
use sotay_model::RowState;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<PushRequest>(data) else {
        return;
    };
    let json = serde_json::to_vec(&req).expect("a decoded push encodes");
    let back: PushRequest = serde_json::from_slice(&json).expect("its encoding decodes");
    assert_eq!(back.changes, req.changes);
    for change in &req.changes {
        let mut row = RowState::empty(change.entity, change.row_id);
        row.apply(change);
        assert!(
            !row.apply(change),
            "applying a change twice changed the row"
        );
        row.repair_stamps(1_780_000_000_000);
        assert!(row.is_plausible(1_780_000_000_000));
    }
});
