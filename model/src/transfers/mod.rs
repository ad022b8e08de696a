//! Membership transfer (issue 19, chuyển sinh hoạt đảng): a cell's committee (or one
//! above it that administers the member) issues a [`Transfer`] of a member to another
//! cell, official or temporary, or out of the province; the receiving cell's committee
//! (or one above it) confirms or refuses it on the receiver's copy, a [`TransferIn`].
//! (Not to be confused with [`crate::transfer`], which holds what imports and exports
//! report.)
//!
//! Two rows, because each side reads only its own subtree: the sender's `Transfer`
//! sits at the sending cell, the receiver's `TransferIn` (id [`TransferIn::row_id`],
//! made by the server when the transfer is accepted) at the receiving cell. The server
//! keeps them in step: a confirmation or refusal on the copy is written on the
//! original, a cancellation of the original on the copy.
//!
//! What a status means for the member:
//! - `issued`: nothing moves yet; the sending cell keeps the member and their history.
//! - `confirmed`, official: the server moves the member (their `cell_id`) to the
//!   receiving cell, and with them every row of their history (dues basis and
//!   payments, self-assessments and ratings, study marks and notes, their meeting
//!   check-ins): those rows are read at the member's current cell, so the receiving
//!   cell's devices pull them and the sending cell's drop them at their next sync.
//! - `confirmed`, temporary: the home cell keeps the member and their history; the
//!   host cell reads the copy (the member's name, card number and dates) and lists
//!   them as sinh hoạt tạm thời until `end_date`; from that day the transfer has ended
//!   ([`Transfer::active_on`]) and nothing else changes.
//! - `sent_out` (out of the province, no receiving cell in the tree): the sending
//!   committee hands the member's file over; the server marks the member as having
//!   left the province's organisation (status `left`), so their devices keep only their
//!   own rows.
//! - `refused`, `cancelled`: nothing moves.
//!
//! ```
//! use sotay_model::transfers::{TransferIn, TransferStatus};
//! use sotay_model::Id;
//! let t = Id::from_u128(7);
//! // Every device and the server name the receiver's copy alike.
//! assert_eq!(TransferIn::row_id(t), TransferIn::row_id(t));
//! assert!(TransferStatus::Issued.is_open() && !TransferStatus::Confirmed.is_open());
//! ```

pub mod api;
pub mod record;
pub mod requests;

pub use record::{Transfer, TransferIn, TransferKind, TransferStatus};

#[cfg(test)]
mod tests;
