//! A pull answer as a backend reads it: each row is the JSON the backend stores, not
//! parsed. The HTTP handler writes it out as it is; [`PullPage::parse`] gives the typed
//! `PullResponse` the simulator and the conformance suite compare.
//!
//! Why: parsing every stored row into a `RowState` only to serialise it again was most
//! of a pull's CPU on the server (a province officer's first sync is 114,000 rows of
//! about a kilobyte each).
//!
//! ```
//! use sotay_server::pull_page::{PullPage, RawRow};
//! let page = PullPage { rows: vec![], cursor: Default::default(), more: false,
//!     reset: false, gone: vec![], remaining: 0 };
//! assert_eq!(page.parse().unwrap().rows.len(), 0);
//! ```

use crate::error::StoreError;
use sotay_model::ids::Id;
use sotay_model::protocol::{Cursor, PullResponse, PulledRow};
use std::fmt::Write;

/// One row of a page: its sequence number and its state as stored (a `RowState`'s
/// JSON, written by this server's own serialiser).
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    pub seq: u64,
    pub state: String,
}

/// `PullResponse` with unparsed rows; the fields mean the same.
#[derive(Clone, Debug, PartialEq)]
pub struct PullPage {
    pub rows: Vec<RawRow>,
    pub cursor: Cursor,
    pub more: bool,
    pub reset: bool,
    pub gone: Vec<Id>,
    pub remaining: u64,
}

impl PullPage {
    /// The typed answer: every row parsed (a stored row that does not parse is
    /// reported as corrupt).
    pub fn parse(self) -> Result<PullResponse, StoreError> {
        let rows = self
            .rows
            .into_iter()
            .map(|r| {
                Ok(PulledRow {
                    seq: r.seq,
                    row: serde_json::from_str(&r.state)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(PullResponse {
            rows,
            cursor: self.cursor,
            more: self.more,
            reset: self.reset,
            gone: self.gone,
            remaining: self.remaining,
        })
    }

    /// The answer's JSON, shaped exactly as `PullResponse` serialises, with each
    /// stored state copied in as it is. The states are not checked again: the server
    /// wrote them with serde, and a client that cannot parse a page changes nothing.
    pub fn to_json(&self) -> Result<String, StoreError> {
        let bytes: usize = self.rows.iter().map(|r| r.state.len() + 32).sum();
        let mut out = String::with_capacity(bytes + 256);
        out.push_str("{\"rows\":[");
        for (i, r) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Writing into a String cannot fail.
            let _ = write!(out, "{{\"seq\":{},\"row\":{}}}", r.seq, r.state);
        }
        let _ = write!(
            out,
            "],\"cursor\":{},\"more\":{},\"reset\":{}",
            serde_json::to_string(&self.cursor)?,
            self.more,
            self.reset
        );
        if !self.gone.is_empty() {
            let _ = write!(out, ",\"gone\":{}", serde_json::to_string(&self.gone)?);
        }
        let _ = write!(out, ",\"remaining\":{}}}", self.remaining);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sotay_model::hlc::Hlc;
    use sotay_model::{Entity, RowState};

    fn row(n: u128) -> RowState {
        let mut r = RowState::empty(Entity::Member, Id::from_u128(n));
        r.org_id = Id::from_u128(7);
        r.fields.insert(
            "full_name".into(),
            sotay_model::FieldValue {
                value: json!("Nguyễn Văn \"An\"\n"),
                hlc: Hlc {
                    wall_ms: 5,
                    counter: 1,
                    node: Id::from_u128(9),
                },
            },
        );
        r
    }

    fn page(gone: Vec<Id>) -> PullPage {
        PullPage {
            rows: [1u128, 2]
                .iter()
                .map(|&n| RawRow {
                    seq: n as u64 * 10,
                    state: serde_json::to_string(&row(n)).unwrap_or_default(),
                })
                .collect(),
            cursor: Cursor { epoch: 3, seq: 20 },
            more: true,
            reset: true,
            gone,
            remaining: 4,
        }
    }

    /// The hand-written JSON is what serde writes for the parsed answer, with and
    /// without `gone` (skipped when empty), and reads back to the same answer.
    #[test]
    fn json_matches_the_typed_answer() {
        for gone in [vec![], vec![Id::from_u128(5), Id::from_u128(6)]] {
            let p = page(gone);
            let typed = p.clone().parse().expect("parse");
            let ours: serde_json::Value =
                serde_json::from_str(&p.to_json().expect("json")).expect("valid JSON");
            assert_eq!(ours, serde_json::to_value(&typed).expect("serde"));
            let back: PullResponse = serde_json::from_value(ours).expect("reads back");
            assert_eq!(back, typed);
        }
    }

    #[test]
    fn a_corrupt_stored_row_is_an_error() {
        let mut p = page(vec![]);
        p.rows[1].state = "{\"entity\":".into();
        assert!(p.parse().is_err());
    }
}
