//! What the transfer requests answer.

use super::record::Transfer;
use serde::{Deserialize, Serialize};

/// One transfer as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferView {
    pub transfer: Transfer,
    /// Confirmed and, for a temporary one, not past its end date today.
    pub active: bool,
    /// This device's member may confirm or refuse it (incoming, still issued).
    pub may_decide: bool,
    /// This device's member may cancel it, or hand it over out of the province
    /// (outgoing, still issued).
    pub may_cancel: bool,
}

/// Transfers into and out of an organisation's subtree (answer type `transfers`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransferList {
    /// To this organisation or below: open ones first, newest first.
    pub incoming: Vec<TransferView>,
    /// From this organisation or below: open ones first, newest first.
    pub outgoing: Vec<TransferView>,
}
