//! The transfer rows: the sender's [`Transfer`] at the sending cell and the
//! receiver's copy [`TransferIn`] at the receiving cell. Both carry the same fields;
//! only the status and who decided it, when and why change after issue.

use crate::change::{Entity, RowState};
use crate::fields::{enum_from, id_field, text, valid_date};
use crate::ids::Id;
use crate::meetings::meeting::{optional_id, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_NAME: usize = 200;
pub const MAX_REASON: usize = 1_000;

/// Chính thức (the member moves) or tạm thời (the member stays, the host cell reads
/// them until a date).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    #[default]
    Official,
    Temporary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Issued by the sender, waiting for the receiver.
    #[default]
    Issued,
    /// Confirmed by the receiving committee.
    Confirmed,
    /// Refused by the receiving committee.
    Refused,
    /// Withdrawn by the sender before the receiver answered.
    Cancelled,
    /// Out of the province: handed over by the sender (there is no receiver here).
    SentOut,
}

impl TransferStatus {
    /// Still waiting for an answer.
    pub fn is_open(self) -> bool {
        self == TransferStatus::Issued
    }
}

/// Giấy giới thiệu sinh hoạt đảng: one member's transfer, as the sending cell keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub id: Id,
    /// The owner: the sending cell for a [`Transfer`], the receiving one for its copy.
    pub org_id: Id,
    /// The sender's transfer (its own id on the sender's row).
    pub transfer_id: Id,
    pub member_id: Id,
    /// The member's name and card number when issued: the receiver does not hold the
    /// member's row until it confirms, and the sender no longer does after.
    pub member_name: String,
    pub card_no: String,
    pub from_org_id: Id,
    pub from_org_name: String,
    /// The receiving cell; `None` out of the province.
    pub dest_org_id: Option<Id>,
    /// The receiving cell's name, or where out of the province the member goes.
    pub dest_name: String,
    pub kind: TransferKind,
    pub reason: String,
    /// yyyy-mm-dd, the last day of a temporary transfer.
    pub end_date: Option<String>,
    pub issued_by: Id,
    /// yyyy-mm-dd
    pub issued_date: String,
    pub status: TransferStatus,
    pub decided_by: Option<Id>,
    /// yyyy-mm-dd
    pub decided_date: Option<String>,
    /// Why it was refused or cancelled, or what was handed over.
    pub note: String,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "transfer_id",
    "member_id",
    "member_name",
    "card_no",
    "from_org_id",
    "from_org_name",
    "dest_org_id",
    "dest_name",
    "kind",
    "reason",
    "end_date",
    "issued_by",
    "issued_date",
    "status",
    "decided_by",
    "decided_date",
    "note",
];

/// What changes after issue.
pub const MUTABLE: &[&str] = &["status", "decided_by", "decided_date", "note"];

pub const IMMUTABLE: &[&str] = &[
    "org_id",
    "transfer_id",
    "member_id",
    "member_name",
    "card_no",
    "from_org_id",
    "from_org_name",
    "dest_org_id",
    "dest_name",
    "kind",
    "reason",
    "end_date",
    "issued_by",
    "issued_date",
];

fn optional_date(row: &RowState, field: &str) -> Result<Option<String>, String> {
    let s = optional_text(row, field, 10)?;
    if s.is_empty() {
        return Ok(None);
    }
    if !valid_date(&s) {
        return Err(format!("{} không hợp lệ", crate::fields::label(field)));
    }
    Ok(Some(s))
}

impl Transfer {
    pub fn from_row(row: &RowState) -> Result<Transfer, String> {
        let issued_date = text(row, "issued_date", 10)?;
        if !valid_date(&issued_date) {
            return Err("ngày giới thiệu không hợp lệ".into());
        }
        let t = Transfer {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            transfer_id: id_field(row, "transfer_id")?,
            member_id: id_field(row, "member_id")?,
            member_name: text(row, "member_name", MAX_NAME)?,
            card_no: optional_text(row, "card_no", 40)?,
            from_org_id: id_field(row, "from_org_id")?,
            from_org_name: text(row, "from_org_name", MAX_NAME)?,
            dest_org_id: optional_id(row, "dest_org_id")?,
            dest_name: text(row, "dest_name", MAX_NAME)?,
            kind: enum_from(row, "kind")?,
            reason: optional_text(row, "reason", MAX_REASON)?,
            end_date: optional_date(row, "end_date")?,
            issued_by: id_field(row, "issued_by")?,
            issued_date,
            status: enum_from(row, "status")?,
            decided_by: optional_id(row, "decided_by")?,
            decided_date: optional_date(row, "decided_date")?,
            note: optional_text(row, "note", MAX_REASON)?,
        };
        t.check()?;
        Ok(t)
    }

    /// The rules a transfer holds on its own.
    fn check(&self) -> Result<(), String> {
        match (self.kind, &self.end_date) {
            (TransferKind::Temporary, None) => {
                return Err("chuyển sinh hoạt tạm thời phải có ngày kết thúc".into())
            }
            (TransferKind::Temporary, Some(end)) if *end < self.issued_date => {
                return Err("ngày kết thúc phải sau ngày giới thiệu".into())
            }
            (TransferKind::Official, Some(_)) => {
                return Err("chuyển sinh hoạt chính thức không có ngày kết thúc".into())
            }
            _ => {}
        }
        if self.dest_org_id.is_none() && self.kind == TransferKind::Temporary {
            return Err("chuyển sinh hoạt ra ngoài tỉnh chỉ là chuyển chính thức".into());
        }
        if self.dest_org_id == Some(self.from_org_id) {
            return Err("chi bộ chuyển đến phải khác chi bộ đang sinh hoạt".into());
        }
        let out = self.dest_org_id.is_none();
        match self.status {
            TransferStatus::SentOut if !out => {
                return Err("chỉ chuyển ra ngoài tỉnh mới được đánh dấu đã bàn giao".into())
            }
            TransferStatus::Confirmed | TransferStatus::Refused if out => {
                return Err("chuyển ra ngoài tỉnh không có chi bộ nhận để xác nhận".into())
            }
            _ => {}
        }
        let decided = self.decided_by.is_some() && self.decided_date.is_some();
        if !self.status.is_open() && !decided {
            return Err("phải ghi người và ngày quyết định".into());
        }
        if self.status == TransferStatus::Refused && self.note.is_empty() {
            return Err("từ chối tiếp nhận phải ghi lý do".into());
        }
        Ok(())
    }

    /// A temporary transfer confirmed and not yet past its end date on `today`
    /// (yyyy-mm-dd); an official one confirmed.
    pub fn active_on(&self, today: &str) -> bool {
        self.status == TransferStatus::Confirmed
            && self.end_date.as_deref().is_none_or(|end| today <= end)
    }

    /// The receiver's copy of this transfer.
    pub fn copy_for_receiver(&self) -> Option<TransferIn> {
        let dest = self.dest_org_id?;
        Some(TransferIn(Transfer {
            id: TransferIn::row_id(self.transfer_id),
            org_id: dest,
            ..self.clone()
        }))
    }
}

/// The receiving cell's copy of a transfer: what its committee confirms or refuses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TransferIn(pub Transfer);

impl TransferIn {
    /// The copy's id, derived from the transfer's.
    pub fn row_id(transfer: Id) -> Id {
        Id::derived("sotay transfer in", &[transfer.0.as_bytes()])
    }

    pub fn from_row(row: &RowState) -> Result<TransferIn, String> {
        let t = Transfer::from_row(row)?;
        if t.dest_org_id != Some(t.org_id) || t.id != TransferIn::row_id(t.transfer_id) {
            return Err("bản tiếp nhận phải thuộc chi bộ nhận".into());
        }
        if t.status == TransferStatus::SentOut {
            return Err("trạng thái không hợp lệ".into());
        }
        Ok(TransferIn(t))
    }
}

impl crate::row::Row for Transfer {
    const ENTITY: Entity = Entity::Transfer;
    const FIELDS: &'static [&'static str] = FIELDS;
    const IMMUTABLE: &'static [&'static str] = IMMUTABLE;
    fn id(&self) -> Id {
        self.id
    }
    fn owning_org(&self) -> Id {
        self.org_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        let t = Transfer::from_row(row)?;
        if t.org_id != t.from_org_id || t.transfer_id != t.id {
            return Err("giấy giới thiệu phải thuộc chi bộ chuyển đi".into());
        }
        Ok(t)
    }
}

impl crate::row::Row for TransferIn {
    const ENTITY: Entity = Entity::TransferIn;
    const FIELDS: &'static [&'static str] = FIELDS;
    const IMMUTABLE: &'static [&'static str] = IMMUTABLE;
    fn id(&self) -> Id {
        self.0.id
    }
    fn owning_org(&self) -> Id {
        self.0.org_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        TransferIn::from_row(row)
    }
}
