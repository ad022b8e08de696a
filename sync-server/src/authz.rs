//! Who may do what, decided from the organisation tree and the one permission table
//! (`sotay_model::permissions`). Backend-independent: it reads rows through
//! [`TreeView`] and answers in terms of ids and [`OrgPath`]s; backends turn a
//! [`ReadScope`] into their own query.

use crate::error::StoreError;
use crate::tree::{subject_of, OrgPath, StoredRow, TreeView};
use sha2::{Digest, Sha256};
use sotay_model::entities::{MemberStatus, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::permissions::{administers_member, allows, decide, Action, Relation, Role};
use sotay_model::{Entity, RowState};
use std::collections::BTreeSet;

/// The member a device acts for, with the roles they hold right now.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub member: Id,
    /// Their cell, unless their member row is missing or deleted.
    pub cell: Option<(Id, OrgPath)>,
    /// Their non-deleted positions whose organisation still exists.
    pub positions: Vec<(PositionTitle, Id, OrgPath)>,
    /// When the member row's `status` and `cell_id` were last set (their stamps), so
    /// that leaving and coming back (or moving away and back) never yields an epoch a
    /// device already holds: while away, a refusal may have dropped rows from the
    /// device (it could not be shown them), and only a reset brings them back.
    pub scope_stamps: String,
}

impl Actor {
    /// A member who left the Party or died keeps no cell and no positions: their
    /// devices then read only their own rows.
    pub fn load(view: &impl TreeView, member: Id) -> Result<Actor, StoreError> {
        let stored = view.row(member)?;
        let scope_stamps = stored
            .as_ref()
            .filter(|s| s.row.entity == Entity::Member)
            .map(|s| {
                ["status", "cell_id"]
                    .iter()
                    .filter_map(|f| s.row.fields.get(*f))
                    .map(|v| format!("{}.{}.{}", v.hlc.wall_ms, v.hlc.counter, v.hlc.node))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .unwrap_or_default();
        let gone = stored
            .as_ref()
            .is_some_and(|s| s.row.entity == Entity::Member && !active(&s.row));
        let cell = match stored {
            Some(StoredRow { row, path, .. })
                if row.entity == Entity::Member && row.tombstone.is_none() && !gone =>
            {
                path.org().map(|id| (id, path))
            }
            _ => None,
        };
        let mut positions = Vec::new();
        let held = if gone {
            Vec::new()
        } else {
            view.positions_of(member)?
        };
        for (org, title) in held {
            if let Some(node) = view.org(org)? {
                if !node.tombstoned {
                    positions.push((title, org, node.path));
                }
            }
        }
        positions.sort_by_key(|a| (a.1, a.0));
        positions.dedup();
        Ok(Actor {
            member,
            cell,
            positions,
            scope_stamps,
        })
    }

    /// Every (role, relation) the actor has towards the organisation at `path` (not
    /// a row: used for duties such as reading the audit log).
    pub fn org_grants(&self, path: &OrgPath) -> Vec<(Role, Relation)> {
        self.roles()
            .filter_map(|(role, at)| OrgPath::relation(path, at).map(|rel| (role, rel)))
            .collect()
    }

    fn roles(&self) -> impl Iterator<Item = (Role, &OrgPath)> {
        let cell = self.cell.iter().map(|(_, p)| (Role::Member, p));
        let pos = self
            .positions
            .iter()
            .map(|(t, _, p)| (Role::Position(*t), p));
        cell.chain(pos)
    }

    /// Every (role, relation) the actor has towards a row owned by the organisation
    /// at `path` and about `subject` (see [`subject_of`]).
    pub fn grants(&self, subject: Option<Id>, path: &OrgPath) -> Vec<(Role, Relation)> {
        let mut out: Vec<(Role, Relation)> = self
            .roles()
            .filter_map(|(role, at)| OrgPath::relation(path, at).map(|rel| (role, rel)))
            .collect();
        if subject == Some(self.member) {
            out.push((Role::Member, Relation::Own));
        }
        out
    }

    pub fn may(&self, action: Action, row: &RowState, path: &OrgPath) -> bool {
        decide(row.entity, action, &self.grants(subject_of(row), path))
    }

    /// [`Actor::may`] with more grants the caller found (the chair and minute-taker of
    /// a meeting: `crate::meetings::grants`).
    pub fn may_with(
        &self,
        action: Action,
        row: &RowState,
        path: &OrgPath,
        extra: &[(Role, Relation)],
    ) -> bool {
        let mut grants = self.grants(subject_of(row), path);
        grants.extend_from_slice(extra);
        decide(row.entity, action, &grants)
    }

    /// A fingerprint of everything the read scope depends on (cell, positions, and
    /// when the member's status and cell were last set).
    /// Never 0, so that a device's first cursor (`Cursor::default()`) always differs.
    pub fn epoch(&self) -> u64 {
        let mut h = Sha256::new();
        if let Some((cell, _)) = &self.cell {
            h.update(cell.to_string());
        }
        for (title, org, _) in &self.positions {
            h.update(format!("|{org}:{title:?}"));
        }
        h.update(format!("#{}", self.scope_stamps));
        let d = h.finalize();
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[..8]);
        // Keep it within i64 so SQL backends and JSON readers hold it exactly.
        (u64::from_be_bytes(b) >> 12) | 1
    }

    /// What the actor may read, as terms a backend can query by.
    pub fn read_scope(&self) -> ReadScope {
        let mut terms = BTreeSet::new();
        for entity in Entity::ALL {
            if allows(entity, Action::Read, Role::Member, Relation::Own) {
                terms.insert(ScopeTerm::Own(entity));
            }
            for (role, at) in self.roles() {
                let ok = |rel| allows(entity, Action::Read, role, rel);
                if ok(Relation::Same) {
                    terms.insert(ScopeTerm::Orgs(
                        entity,
                        vec![at.org().unwrap_or_else(Id::nil)],
                    ));
                }
                if ok(Relation::Ancestor) {
                    let mut above = at.ids();
                    above.pop();
                    if !above.is_empty() {
                        terms.insert(ScopeTerm::Orgs(entity, above));
                    }
                }
                if ok(Relation::Descendant) {
                    terms.insert(ScopeTerm::Below(entity, at.clone()));
                }
            }
        }
        ReadScope {
            member: self.member,
            terms: merge_terms(terms),
        }
    }
}

/// Where a member stands, for deciding who administers them (DESIGN §5): their row and
/// the organisations of every position they hold. Positions count whatever the
/// member's status (one marked as left would get them back on return), but not in a
/// deleted organisation (they grant nothing there, see [`Actor::load`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// The member's stored row, if there is one.
    pub row: Option<StoredRow>,
    /// Each organisation holding one of their positions: (id, path, name), highest first.
    pub levels: Vec<(Id, OrgPath, String)>,
}

impl Standing {
    pub fn load(view: &impl TreeView, member: Id) -> Result<Standing, StoreError> {
        let row = view.row(member)?.filter(|s| s.row.entity == Entity::Member);
        let mut levels = Vec::new();
        for (org, _) in view.positions_of(member)? {
            let Some(stored) = view.row(org)? else {
                continue;
            };
            if stored.row.entity != Entity::Organisation || stored.tombstoned() {
                continue;
            }
            let name = stored.row.str("name").unwrap_or_default().to_string();
            levels.push((org, stored.path, name));
        }
        levels.sort_by(|a, b| (a.1.ids().len(), &a.1).cmp(&(b.1.ids().len(), &b.1)));
        levels.dedup_by(|a, b| a.0 == b.0);
        Ok(Standing { row, levels })
    }
}

/// The answer to "may this actor administer that member?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Administration {
    Allowed,
    /// Refused without a reason: the actor may not keep the member's record at all,
    /// so a refusal must tell them nothing.
    Refused,
    /// Refused with the Vietnamese reason: the member holds a position the actor does
    /// not reach (the actor may read the member, so the reason leaks nothing new).
    Outranked(String),
}

impl Actor {
    /// Whether the actor administers the member standing as `who` (issue 12): the
    /// permission table's member-record right at their cell (when `with_cell`) and at
    /// every organisation where they hold a position
    /// (`sotay_model::permissions::administers_member`). Without `with_cell` only the
    /// positions count: changing someone's post, whose own organisation the caller
    /// has already checked against the table.
    pub fn administers(&self, who: &Standing, with_cell: bool) -> Administration {
        let cell = match (&who.row, with_cell) {
            (Some(s), true) => Some(self.org_grants(&s.path)),
            (None, true) => return Administration::Refused,
            (_, false) => None,
        };
        if cell.as_deref().is_some_and(|g| !administers_member([g])) {
            return Administration::Refused;
        }
        let levels: Vec<_> = who
            .levels
            .iter()
            .map(|(_, path, _)| self.org_grants(path))
            .collect();
        if cell.is_none() && levels.is_empty() {
            return Administration::Allowed;
        }
        let all = cell.iter().chain(&levels).map(Vec::as_slice);
        if administers_member(all) {
            return Administration::Allowed;
        }
        let Some(((_, path, name), grants)) = who
            .levels
            .iter()
            .zip(&levels)
            .find(|(_, g)| !administers_member([g.as_slice()]))
        else {
            return Administration::Refused;
        };
        Administration::Outranked(outranked_message(who, path, name, grants))
    }
}

/// The reason given when the member's post at `path` is beyond the actor: the
/// organisation is named only if the actor may read it.
fn outranked_message(
    who: &Standing,
    path: &OrgPath,
    name: &str,
    grants: &[(Role, Relation)],
) -> String {
    let readable = decide(Entity::Organisation, Action::Read, grants) && !name.is_empty();
    let above = who
        .row
        .as_ref()
        .is_some_and(|s| s.path != *path && s.path.as_str().starts_with(path.as_str()));
    let place = match (readable, above) {
        (true, true) => format!("ở cấp trên ({name})"),
        (true, false) => format!("ở {name}"),
        (false, _) => "ở một tổ chức ngoài phạm vi của đồng chí".to_string(),
    };
    let by = if readable {
        format!("{name} hoặc cấp trên")
    } else {
        "tổ chức đó hoặc cấp trên".to_string()
    };
    format!(
        "Đồng chí không có quyền quản lý đảng viên giữ chức vụ {place}: việc cấp mã đăng ký, \
         thu hồi thiết bị, sửa hồ sơ, đổi trạng thái hay chức vụ của đảng viên này do {by} thực hiện"
    )
}

/// Whether a member row's status lets the member act (full or probationary).
fn active(row: &RowState) -> bool {
    row.fields
        .get("status")
        .and_then(|f| serde_json::from_value::<MemberStatus>(f.value.clone()).ok())
        .is_none_or(MemberStatus::is_active)
}

/// One way a row can be in a device's read scope.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScopeTerm {
    /// Rows of this entity about the actor themselves (`subject_member = actor`).
    Own(Entity),
    /// Rows of this entity owned by one of these organisations.
    Orgs(Entity, Vec<Id>),
    /// Rows of this entity owned by an organisation strictly below this path.
    Below(Entity, OrgPath),
}

/// The read scope of a device: a row is in it when any term matches.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadScope {
    pub member: Id,
    pub terms: Vec<ScopeTerm>,
}

impl ReadScope {
    /// Whether a stored row is in scope (the in-memory twin of a backend's query).
    pub fn contains(&self, stored: &StoredRow) -> bool {
        let row = &stored.row;
        let org = stored.path.org();
        self.terms.iter().any(|t| match t {
            ScopeTerm::Own(e) => *e == row.entity && subject_of(row) == Some(self.member),
            ScopeTerm::Orgs(e, ids) => *e == row.entity && org.is_some_and(|o| ids.contains(&o)),
            ScopeTerm::Below(e, p) => {
                *e == row.entity
                    && stored.path.as_str() > p.as_str()
                    && stored.path.as_str() < p.upper_bound().as_str()
            }
        })
    }
}

/// One `Orgs` term per entity and no `Below` term inside another, so queries stay short.
fn merge_terms(terms: BTreeSet<ScopeTerm>) -> Vec<ScopeTerm> {
    let mut orgs: Vec<(Entity, BTreeSet<Id>)> = Vec::new();
    let mut below: Vec<(Entity, OrgPath)> = Vec::new();
    let mut out = Vec::new();
    for t in terms {
        match t {
            ScopeTerm::Own(_) => out.push(t),
            ScopeTerm::Orgs(e, ids) => match orgs.iter_mut().find(|(x, _)| *x == e) {
                Some((_, set)) => set.extend(ids),
                None => orgs.push((e, ids.into_iter().collect())),
            },
            ScopeTerm::Below(e, p) => below.push((e, p)),
        }
    }
    let covered = |e: Entity, p: &OrgPath, all: &[(Entity, OrgPath)]| {
        all.iter()
            .any(|(e2, q)| *e2 == e && q != p && p.as_str().starts_with(q.as_str()))
    };
    for (e, p) in &below {
        if !covered(*e, p, &below) {
            out.push(ScopeTerm::Below(*e, p.clone()));
        }
    }
    for (e, set) in orgs {
        out.push(ScopeTerm::Orgs(e, set.into_iter().collect()));
    }
    out
}
