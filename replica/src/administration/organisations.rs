//! Organisations on this device: the flat list the UI builds its tree from, and
//! creating an organisation under one the device holds.

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_found};
use sotay_model::administration::requests::{CreateOrg, ListOrgs};
use sotay_model::api::ApiError;
use sotay_model::entities::{OrgKind, Organisation};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};
use std::collections::HashMap;

/// The Vietnamese name of an organisation level, for messages.
pub fn kind_vi(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Province => "Đảng bộ tỉnh",
        OrgKind::District => "Đảng bộ huyện",
        OrgKind::Grassroots => "Đảng bộ cơ sở",
        OrgKind::Section => "Đảng bộ bộ phận",
        OrgKind::Cell => "Chi bộ",
    }
}

/// Every live organisation held, top levels first, then by name.
pub fn list(db: &Db) -> Result<Vec<Organisation>, ApiError> {
    let rows = rows::select_live(&db.conn, "", "r.entity = 'organisation'", [])?;
    let mut orgs: Vec<Organisation> = rows
        .iter()
        .filter_map(|r| match Organisation::from_row(r) {
            Ok(o) => Some(o),
            Err(e) => {
                tracing::warn!(row = %r.row_id, "skipping malformed organisation: {e}");
                None
            }
        })
        .collect();
    orgs.sort_by(|a, b| {
        a.kind
            .depth()
            .cmp(&b.kind.depth())
            .then_with(|| sotay_model::vn::compare(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(orgs)
}

pub fn get(db: &Db, id: Id) -> Result<Organisation, ApiError> {
    db.live_row(Entity::Organisation, id)?
        .and_then(|r| Organisation::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy tổ chức đảng này trên máy"))
}

/// Create an organisation of `kind` directly under `parent_id`.
pub fn create(
    db: &mut Db,
    env: &dyn Env,
    name: &str,
    kind: OrgKind,
    parent_id: Id,
) -> Result<Id, ApiError> {
    let parent = get(db, parent_id)?;
    if !parent.kind.may_contain(kind) {
        return Err(invalid(format!(
            "Không thể lập {} trực thuộc {}",
            kind_vi(kind),
            kind_vi(parent.kind)
        )));
    }
    let org = Organisation {
        id: env.new_id(),
        name: name.trim().to_string(),
        kind,
        parent_id: Some(parent_id),
    };
    db.commit_local(env, Entity::Organisation, org.id, org.to_fields(), false)?;
    Ok(org.id)
}

impl Local for ListOrgs {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Organisation>, ApiError> {
        list(cx.db)
    }
}

impl Local for CreateOrg {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, &self.name, self.kind, self.parent_id)
    }
}

/// The organisations held, by id, for walking up the tree (whose rules apply, who
/// oversees what, where a figure counts).
pub(crate) struct OrgTree(pub HashMap<Id, Organisation>);

impl OrgTree {
    pub(crate) fn load(db: &Db) -> Result<OrgTree, ApiError> {
        // Not `list`: its order by the Vietnamese alphabet was most of the time a
        // province's dashboard took, and a map has no order.
        let rows = rows::select_live(&db.conn, "", "r.entity = 'organisation'", [])?;
        Ok(OrgTree(
            rows.iter()
                .filter_map(|r| Organisation::from_row(r).ok())
                .map(|o| (o.id, o))
                .collect(),
        ))
    }

    /// `org` and the organisations above it, nearest first.
    pub(crate) fn chain(&self, org: Id) -> Vec<Id> {
        let mut out = Vec::new();
        let mut at = Some(org);
        while let Some(o) = at {
            if out.contains(&o) || out.len() > 64 {
                break;
            }
            out.push(o);
            at = self.0.get(&o).and_then(|x| x.parent_id);
        }
        out
    }

    /// The organisations directly below `org`.
    pub(crate) fn below(&self, org: Id) -> impl Iterator<Item = &Organisation> {
        self.0.values().filter(move |o| o.parent_id == Some(org))
    }
}
