//! A pull answer as a replica reads it: decoding never panics, and merging its rows
//! (each twice, the second time changing nothing) never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sotay_model::protocol::PullResponse;
use sotay_model::RowState;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = serde_json::from_slice::<PullResponse>(data) else {
        return;
    };
    for pulled in &page.rows {
        let mut row = RowState::empty(pulled.row.entity, pulled.row.row_id);
        row.merge(&pulled.row);
        let once = row.clone();
        row.merge(&pulled.row);
        assert_eq!(row, once, "merging a row twice changed it");
        row.repair_stamps(0);
    }
});
