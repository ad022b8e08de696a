//! What the user may do, read from the model's one permission table
//! (`sotay_model::permissions`) with the user's roles: plain membership of their cell
//! and their committee positions, each related to the organisation asked about through
//! the tree on this device. Used only to hide actions; the server decides (DESIGN §5).

use crate::tree;
use sotay_model::entities::{Organisation, Position};
use sotay_model::ids::Id;
use sotay_model::permissions::{
    administers_member, allows_duty, decide, Action, Duty, Relation, Role,
};
use sotay_model::sync::Status;
use sotay_model::Entity;

/// The user's roles and the organisations on this device.
pub struct Rights<'a> {
    pub positions: &'a [Position],
    /// The user's own cell, once their member row has synced.
    pub cell: Option<Id>,
    pub orgs: &'a [Organisation],
}

impl<'a> Rights<'a> {
    pub fn new(status: Option<&'a Status>, orgs: &'a [Organisation]) -> Rights<'a> {
        Rights {
            positions: status.map(|s| s.positions.as_slice()).unwrap_or(&[]),
            cell: status.and_then(|s| s.me.as_ref()).map(|m| m.cell_id),
            orgs,
        }
    }

    /// Where `row_org` sits relative to `role_org`, if they are on one branch.
    fn relation(&self, role_org: Id, row_org: Id) -> Option<Relation> {
        if role_org == row_org {
            Some(Relation::Same)
        } else if tree::ancestors(self.orgs, row_org).contains(&role_org) {
            Some(Relation::Descendant)
        } else if tree::ancestors(self.orgs, role_org).contains(&row_org) {
            Some(Relation::Ancestor)
        } else {
            None
        }
    }

    /// Every (role, relation) pair the user holds towards `org`.
    fn grants(&self, org: Id) -> Vec<(Role, Relation)> {
        let mut out: Vec<(Role, Relation)> = self
            .positions
            .iter()
            .filter_map(|p| {
                self.relation(p.org_id, org)
                    .map(|r| (Role::Position(p.title), r))
            })
            .collect();
        if let Some(rel) = self.cell.and_then(|c| self.relation(c, org)) {
            out.push((Role::Member, rel));
        }
        out
    }

    /// Whether the table lets the user do `action` on an `entity` row owned by `org`.
    pub fn may(&self, entity: Entity, action: Action, org: Id) -> bool {
        decide(entity, action, &self.grants(org))
    }

    /// Member records of `org`'s cells: create, edit, move, mark left or deceased. The
    /// same right administers a member's devices and issues their enrollment codes.
    pub fn may_keep_members(&self, org: Id) -> bool {
        self.may(Entity::Member, Action::Edit, org)
    }

    /// Whether the user administers a member of `cell` who holds `positions` (their
    /// codes, devices, record, status, transfer, deletion): member records kept at the
    /// cell and at every organisation where the member holds a post
    /// (`permissions::administers_member`, issue 12). Posts this device cannot see do
    /// not count here; the server refuses anyway.
    pub fn may_administer(&self, cell: Id, positions: &[Position]) -> bool {
        let levels: Vec<_> = std::iter::once(cell)
            .chain(positions.iter().map(|p| p.org_id))
            .map(|org| self.grants(org))
            .collect();
        administers_member(levels.iter().map(Vec::as_slice))
    }

    /// Whether the user may remove `post` from its holder, who holds `held` (the post
    /// among them): the table at the post's organisation, and no post of the holder
    /// beyond the user's reach.
    pub fn may_remove_post(&self, post: &Position, held: &[Position]) -> bool {
        let levels: Vec<_> = held.iter().map(|p| self.grants(p.org_id)).collect();
        self.may_remove_positions(post.org_id)
            && administers_member(levels.iter().map(Vec::as_slice))
    }

    pub fn may_assign_positions(&self, org: Id) -> bool {
        self.may(Entity::Position, Action::Create, org)
    }

    pub fn may_remove_positions(&self, org: Id) -> bool {
        self.may(Entity::Position, Action::Delete, org)
    }

    pub fn may_read_audit(&self, org: Id) -> bool {
        self.grants(org)
            .into_iter()
            .any(|(role, rel)| allows_duty(Duty::ReadAudit, role, rel))
    }

    /// Whether the user holds any committee position (their home shows lower levels).
    pub fn is_committee(&self) -> bool {
        !self.positions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::entities::{OrgKind, PositionTitle};

    fn org(n: u128, kind: OrgKind, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Id::from_u128(n),
            name: format!("org {n}"),
            kind,
            parent_id: parent.map(Id::from_u128),
        }
    }

    /// Province 1 > district 2 > grassroots 3 > cells 4, 5; district 6 beside 2.
    fn orgs() -> Vec<Organisation> {
        vec![
            org(1, OrgKind::Province, None),
            org(2, OrgKind::District, Some(1)),
            org(3, OrgKind::Grassroots, Some(2)),
            org(4, OrgKind::Cell, Some(3)),
            org(5, OrgKind::Cell, Some(3)),
            org(6, OrgKind::District, Some(1)),
        ]
    }

    fn pos(org: u128, title: PositionTitle) -> Position {
        Position {
            id: Id::from_u128(100 + org),
            member_id: Id::from_u128(900),
            org_id: Id::from_u128(org),
            title,
        }
    }

    fn id(n: u128) -> Id {
        Id::from_u128(n)
    }

    #[test]
    fn a_provincial_committee_member_keeps_members_below_but_assigns_only_below() {
        let orgs = orgs();
        let p = [pos(1, PositionTitle::CommitteeMember)];
        let r = Rights {
            positions: &p,
            cell: Some(id(4)),
            orgs: &orgs,
        };
        assert!(r.may_keep_members(id(4)) && r.may_keep_members(id(1)));
        // Leaders assign in their own organisation; committees only below it.
        assert!(!r.may_assign_positions(id(1)));
        assert!(r.may_assign_positions(id(2)) && r.may_remove_positions(id(3)));
        assert!(r.may_read_audit(id(1)) && r.may_read_audit(id(5)));
        assert!(r.is_committee());
    }

    #[test]
    fn a_cell_secretary_assigns_in_the_cell_and_sees_nothing_beside_it() {
        let orgs = orgs();
        let p = [pos(4, PositionTitle::Secretary)];
        let r = Rights {
            positions: &p,
            cell: Some(id(4)),
            orgs: &orgs,
        };
        assert!(r.may_assign_positions(id(4)));
        assert!(!r.may_assign_positions(id(3)));
        assert!(!r.may_keep_members(id(5)));
        assert!(!r.may_read_audit(id(3)));
    }

    #[test]
    fn a_cells_office_does_not_administer_a_member_holding_a_post_above_it() {
        let orgs = orgs();
        let p = [pos(4, PositionTitle::OfficeStaff)];
        let cell_office = Rights {
            positions: &p,
            cell: Some(id(4)),
            orgs: &orgs,
        };
        let leader = Position {
            id: id(700),
            member_id: id(901),
            org_id: id(1),
            title: PositionTitle::Secretary,
        };
        let in_cell = Position {
            org_id: id(4),
            id: id(701),
            ..leader.clone()
        };
        assert!(cell_office.may_administer(id(4), &[]));
        assert!(cell_office.may_administer(id(4), std::slice::from_ref(&in_cell)));
        assert!(!cell_office.may_administer(id(4), std::slice::from_ref(&leader)));
        let both = [in_cell.clone(), leader.clone()];
        assert!(!cell_office.may_administer(id(4), &both));
        let q = [pos(1, PositionTitle::CommitteeMember)];
        let province = Rights {
            positions: &q,
            cell: Some(id(5)),
            orgs: &orgs,
        };
        assert!(province.may_administer(id(4), &both));
        assert!(province.may_remove_post(&in_cell, &both));
        let s = [pos(4, PositionTitle::Secretary)];
        let cell_secretary = Rights {
            positions: &s,
            cell: Some(id(4)),
            orgs: &orgs,
        };
        assert!(cell_secretary.may_remove_post(&in_cell, std::slice::from_ref(&in_cell)));
        assert!(!cell_secretary.may_remove_post(&in_cell, &both));
    }

    #[test]
    fn a_plain_member_may_do_nothing_but_read() {
        let orgs = orgs();
        let r = Rights {
            positions: &[],
            cell: Some(id(4)),
            orgs: &orgs,
        };
        assert!(!r.may_keep_members(id(4)));
        assert!(!r.may_assign_positions(id(4)));
        assert!(!r.may_read_audit(id(4)));
        assert!(r.may(Entity::Member, Action::Read, id(4)));
        assert!(!r.is_committee());
    }
}
