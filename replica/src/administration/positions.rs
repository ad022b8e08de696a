//! Committee positions on this device (Bí thư, Phó Bí thư, Cấp ủy viên, văn phòng).

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use sotay_model::administration::requests::ListPositions;
use sotay_model::api::ApiError;
use sotay_model::entities::Position;
use sotay_model::Id;

fn typed(rows: Vec<sotay_model::RowState>) -> Vec<Position> {
    let mut out: Vec<Position> = rows
        .iter()
        .filter_map(|r| Position::from_row(r).ok())
        .collect();
    out.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
    out
}

/// The committee of one organisation: positions held in exactly `org_id`, by rank.
pub fn list(db: &Db, org_id: Id) -> Result<Vec<Position>, ApiError> {
    let rows = rows::select_live(
        &db.conn,
        "",
        "r.entity = 'position' AND r.org_id = ?1",
        [org_id.to_string()],
    )?;
    Ok(typed(rows))
}

/// The positions one member holds, anywhere.
pub fn of_member(db: &Db, member_id: Id) -> Result<Vec<Position>, ApiError> {
    let rows = rows::select_live(
        &db.conn,
        "",
        "r.entity = 'position' AND r.member_id = ?1",
        [member_id.to_string()],
    )?;
    Ok(typed(rows))
}

impl Local for ListPositions {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Position>, ApiError> {
        list(cx.db, self.org_id)
    }
}
