//! Membership transfer on this device (issue 19, chuyển sinh hoạt đảng): the sending
//! committee issues, cancels or (out of the province) hands over a transfer, the
//! receiving committee confirms or refuses its copy, all written offline and judged
//! by the server at sync (`sotay_server::transfers` says what it then writes itself:
//! the other side's status, the member's move, the member's history following them).
//! These checks are the UI's; the server's are the ones that count.
//!
//! A cell's committee holds only its own branch of the tree, so a receiving cell it
//! does not hold is named by its id and the name the sender gives it; the server
//! refuses an id that is not a live cell.

use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::error::{invalid, not_found};
use crate::meetings::me;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::OrgKind;
use sotay_model::tasks::vn_day;
use sotay_model::transfers::api::{TransferList, TransferView};
use sotay_model::transfers::requests::{
    CancelTransfer, ConfirmTransfer, HandOverTransfer, IssueTransfer, ListTransfers, RefuseTransfer,
};
use sotay_model::transfers::{Transfer, TransferIn, TransferKind, TransferStatus};
use sotay_model::{Entity, Id};

fn forbidden(message: &str) -> ApiError {
    ApiError::new(ApiErrorKind::Forbidden, message)
}

/// This device's member sits on the committee of `org` or of one above it.
fn committee_over(db: &Db, tree: &OrgTree, org: Id) -> Result<bool, ApiError> {
    let chain = tree.chain(org);
    Ok(my_posts(db)?
        .iter()
        .any(|(o, t)| chain.contains(o) && t.on_committee()))
}

fn org_name(tree: &OrgTree, org: Id) -> String {
    tree.0.get(&org).map(|o| o.name.clone()).unwrap_or_default()
}

/// Every held transfer of one side, live.
fn held(db: &Db, entity: Entity) -> Result<Vec<Transfer>, ApiError> {
    let found = rows::select_live(&db.conn, "", "r.entity = ?1", [entity.as_str()])?;
    Ok(found
        .iter()
        .filter_map(|r| Transfer::from_row(r).ok())
        .collect())
}

fn today(cx: &Cx<'_>) -> String {
    vn_day(cx.env.now_ms())
}

/// The decision fields set on `t`.
fn decided(t: &Transfer, status: TransferStatus, by: Id, on: String, note: &str) -> Transfer {
    Transfer {
        status,
        decided_by: Some(by),
        decided_date: Some(on),
        note: note.trim().to_string(),
        ..t.clone()
    }
}

impl Local for IssueTransfer {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let m = crate::administration::members::get(cx.db, self.member_id)?;
        if !m.status.is_active() {
            return Err(invalid(
                "Chỉ giới thiệu chuyển sinh hoạt cho đảng viên đang sinh hoạt",
            ));
        }
        let tree = OrgTree::load(cx.db)?;
        if !committee_over(cx.db, &tree, m.cell_id)? {
            return Err(forbidden(
                "Chỉ cấp ủy chi bộ của đảng viên hoặc cấp ủy cấp trên mới được giới thiệu chuyển sinh hoạt",
            ));
        }
        let open = held(cx.db, Entity::Transfer)?
            .into_iter()
            .any(|t| t.member_id == m.id && t.status.is_open());
        if open {
            return Err(invalid(
                "Đảng viên đang có một giấy giới thiệu chờ tiếp nhận; hãy thu hồi giấy cũ trước",
            ));
        }
        let dest_name = match self.dest_org_id {
            Some(d) if d == m.cell_id => {
                return Err(invalid("Chi bộ chuyển đến phải khác chi bộ đang sinh hoạt"))
            }
            Some(d) => match tree.0.get(&d) {
                Some(o) if o.kind != OrgKind::Cell => {
                    return Err(invalid("Nơi chuyển đến phải là một chi bộ"))
                }
                Some(o) => o.name.clone(),
                None if self.dest_name.trim().is_empty() => format!("Chi bộ mã {d}"),
                None => self.dest_name.trim().to_string(),
            },
            None if self.dest_name.trim().is_empty() => {
                return Err(invalid("Hãy ghi nơi chuyển đến (tổ chức đảng ngoài tỉnh)"))
            }
            None => self.dest_name.trim().to_string(),
        };
        let end_date = self
            .end_date
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());
        match (self.kind, &end_date) {
            (TransferKind::Temporary, None) => {
                return Err(invalid("Chuyển sinh hoạt tạm thời phải có ngày kết thúc"))
            }
            (TransferKind::Official, Some(_)) => {
                return Err(invalid(
                    "Chuyển sinh hoạt chính thức không có ngày kết thúc",
                ))
            }
            _ => {}
        }
        let now = cx.env.now_ms();
        let id = Id::v7(now, cx.env.random());
        let t = Transfer {
            id,
            org_id: m.cell_id,
            transfer_id: id,
            member_id: m.id,
            member_name: m.full_name.clone(),
            card_no: m.card_no.clone(),
            from_org_id: m.cell_id,
            from_org_name: org_name(&tree, m.cell_id),
            dest_org_id: self.dest_org_id,
            dest_name,
            kind: self.kind,
            reason: self.reason.trim().to_string(),
            end_date,
            issued_by: me,
            issued_date: vn_day(now),
            status: TransferStatus::Issued,
            decided_by: None,
            decided_date: None,
            note: String::new(),
        };
        cx.db.save(cx.env, &t)
    }
}

/// The receiver's copy, open, that this device's member may answer.
fn open_copy(cx: &Cx<'_>, transfer: Id) -> Result<Transfer, ApiError> {
    let copy: TransferIn = cx
        .db
        .live_typed(TransferIn::row_id(transfer))?
        .ok_or_else(|| not_found("Không tìm thấy giấy giới thiệu chuyển đến trên máy"))?;
    if !copy.0.status.is_open() {
        return Err(invalid("Giấy giới thiệu này đã được xử lý"));
    }
    let tree = OrgTree::load(cx.db)?;
    if !committee_over(cx.db, &tree, copy.0.org_id)? {
        return Err(forbidden(
            "Chỉ cấp ủy chi bộ nhận hoặc cấp ủy cấp trên mới được tiếp nhận đảng viên",
        ));
    }
    Ok(copy.0)
}

/// The sender's transfer, open, that this device's member may withdraw.
fn open_transfer(cx: &Cx<'_>, transfer: Id) -> Result<Transfer, ApiError> {
    let t: Transfer = cx
        .db
        .live_typed(transfer)?
        .ok_or_else(|| not_found("Không tìm thấy giấy giới thiệu trên máy"))?;
    if !t.status.is_open() {
        return Err(invalid("Giấy giới thiệu này đã được xử lý"));
    }
    let tree = OrgTree::load(cx.db)?;
    if !committee_over(cx.db, &tree, t.org_id)? {
        return Err(forbidden(
            "Chỉ cấp ủy chi bộ chuyển đi hoặc cấp ủy cấp trên mới được thu hồi giấy giới thiệu",
        ));
    }
    Ok(t)
}

impl Local for ConfirmTransfer {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let copy = open_copy(cx, self.transfer_id)?;
        let me = me(cx.db)?;
        let on = today(cx);
        let done = decided(&copy, TransferStatus::Confirmed, me, on, "");
        cx.db.save(cx.env, &TransferIn(done))?;
        Ok(())
    }
}

impl Local for RefuseTransfer {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        if self.reason.trim().is_empty() {
            return Err(invalid("Hãy ghi lý do từ chối tiếp nhận"));
        }
        let copy = open_copy(cx, self.transfer_id)?;
        let me = me(cx.db)?;
        let on = today(cx);
        let done = decided(&copy, TransferStatus::Refused, me, on, &self.reason);
        cx.db.save(cx.env, &TransferIn(done))?;
        Ok(())
    }
}

impl Local for CancelTransfer {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let t = open_transfer(cx, self.transfer_id)?;
        let me = me(cx.db)?;
        let on = today(cx);
        let done = decided(&t, TransferStatus::Cancelled, me, on, &self.reason);
        cx.db.save(cx.env, &done)?;
        Ok(())
    }
}

impl Local for HandOverTransfer {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let t = open_transfer(cx, self.transfer_id)?;
        if t.dest_org_id.is_some() {
            return Err(invalid(
                "Chỉ giấy giới thiệu ra ngoài tỉnh mới được đánh dấu đã bàn giao; chuyển trong tỉnh do chi bộ nhận xác nhận",
            ));
        }
        let me = me(cx.db)?;
        let on = today(cx);
        let done = decided(&t, TransferStatus::SentOut, me, on, &self.note);
        cx.db.save(cx.env, &done)?;
        Ok(())
    }
}

impl Local for ListTransfers {
    fn local(self, cx: &mut Cx<'_>) -> Result<TransferList, ApiError> {
        let org = match self.org_id {
            Some(o) => o,
            None => crate::administration::members::get(cx.db, me(cx.db)?)?.cell_id,
        };
        let tree = OrgTree::load(cx.db)?;
        let day = today(cx);
        let under = |at: Id| at == org || tree.chain(at).contains(&org);
        let view = |t: Transfer, incoming: bool| -> Result<TransferView, ApiError> {
            let mine = t.status.is_open() && committee_over(cx.db, &tree, t.org_id)?;
            Ok(TransferView {
                active: t.active_on(&day),
                may_decide: incoming && mine,
                may_cancel: !incoming && mine,
                transfer: t,
            })
        };
        let mut list = TransferList::default();
        for (entity, incoming) in [(Entity::TransferIn, true), (Entity::Transfer, false)] {
            for t in held(cx.db, entity)? {
                if !under(t.org_id) {
                    continue;
                }
                let v = view(t, incoming)?;
                if incoming {
                    list.incoming.push(v);
                } else {
                    list.outgoing.push(v);
                }
            }
        }
        for side in [&mut list.incoming, &mut list.outgoing] {
            side.sort_by(|a, b| {
                (
                    !a.transfer.status.is_open(),
                    &b.transfer.issued_date,
                    b.transfer.id,
                )
                    .cmp(&(
                        !b.transfer.status.is_open(),
                        &a.transfer.issued_date,
                        a.transfer.id,
                    ))
            });
        }
        Ok(list)
    }
}
