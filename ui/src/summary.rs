//! The committee's view of its lower levels on Home: for the organisation of the
//! user's highest position, each organisation directly under it with how many members
//! and cells it has on this device. Pure, so it is tested natively.

use crate::tree;
use sotay_model::entities::{Member, OrgKind, Organisation, Position};
use sotay_model::ids::Id;
use sotay_model::vn;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct LowerLevel {
    pub org: Organisation,
    pub members: usize,
    pub cells: usize,
}

/// The organisation of the highest position held (nearest the root), if any.
pub fn top_org(positions: &[Position], orgs: &[Organisation]) -> Option<Id> {
    positions
        .iter()
        .map(|p| p.org_id)
        .filter(|o| tree::find(orgs, *o).is_some())
        .min_by_key(|o| tree::ancestors(orgs, *o).len())
}

/// The organisations directly under `top`, sorted by name, with their counts.
/// `members` are those of `top`'s subtree; only active members count.
pub fn lower_levels(orgs: &[Organisation], top: Id, members: &[Member]) -> Vec<LowerLevel> {
    let mut children: Vec<&Organisation> =
        orgs.iter().filter(|o| o.parent_id == Some(top)).collect();
    children.sort_by(|a, b| vn::compare(&a.name, &b.name));
    // Which child each organisation of the subtree falls under.
    let mut under: HashMap<Id, Id> = HashMap::new();
    for o in orgs {
        let chain = tree::ancestors(orgs, o.id);
        if let Some(pos) = chain.iter().position(|c| *c == top) {
            if pos > 0 {
                under.insert(o.id, chain[pos - 1]);
            }
        }
    }
    children
        .into_iter()
        .map(|c| LowerLevel {
            org: c.clone(),
            members: members
                .iter()
                .filter(|m| m.status.is_active() && under.get(&m.cell_id) == Some(&c.id))
                .count(),
            cells: orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Cell && under.get(&o.id) == Some(&c.id))
                .count(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::entities::{Gender, MemberStatus, PositionTitle};

    fn org(n: u128, name: &str, kind: OrgKind, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Id::from_u128(n),
            name: name.into(),
            kind,
            parent_id: parent.map(Id::from_u128),
        }
    }

    fn member(n: u128, cell: u128, status: MemberStatus) -> Member {
        Member {
            id: Id::from_u128(n),
            full_name: "Lê Văn An".into(),
            birth_date: "1980-01-01".into(),
            gender: Gender::Male,
            joined_date: "2000-01-01".into(),
            official_date: None,
            card_no: format!("{n}"),
            status,
            cell_id: Id::from_u128(cell),
        }
    }

    #[test]
    fn each_lower_level_counts_its_active_members_and_cells() {
        let orgs = vec![
            org(1, "Tỉnh", OrgKind::Province, None),
            org(2, "Huyện Vũ Thư", OrgKind::District, Some(1)),
            org(3, "Huyện Đông Hưng", OrgKind::District, Some(1)),
            org(4, "Xã Tân Hòa", OrgKind::Grassroots, Some(2)),
            org(5, "Chi bộ 1", OrgKind::Cell, Some(4)),
            org(6, "Chi bộ 2", OrgKind::Cell, Some(4)),
            org(7, "Chi bộ 3", OrgKind::Cell, Some(1)),
        ];
        let members = vec![
            member(10, 5, MemberStatus::Full),
            member(11, 6, MemberStatus::Probationary),
            member(12, 6, MemberStatus::Deceased),
            member(13, 7, MemberStatus::Full),
        ];
        let levels = lower_levels(&orgs, Id::from_u128(1), &members);
        let got: Vec<(&str, usize, usize)> = levels
            .iter()
            .map(|l| (l.org.name.as_str(), l.members, l.cells))
            .collect();
        assert_eq!(
            got,
            [
                ("Chi bộ 3", 1, 1),
                ("Huyện Đông Hưng", 0, 0),
                ("Huyện Vũ Thư", 2, 2)
            ]
        );
        let pos = |org: u128| Position {
            id: Id::from_u128(90 + org),
            member_id: Id::from_u128(10),
            org_id: Id::from_u128(org),
            title: PositionTitle::Secretary,
        };
        assert_eq!(top_org(&[pos(5), pos(2)], &orgs), Some(Id::from_u128(2)));
        assert_eq!(top_org(&[], &orgs), None);
    }
}
