//! The organisation tree, built from the flat list the Api returns (`ListOrgs`), and
//! the questions the screens ask of it: which cells lie under an organisation and
//! which organisations lie above one (for the permission table, see `rights`).

use sotay_model::entities::{OrgKind, Organisation};
use sotay_model::ids::Id;
use sotay_model::vn;
use std::collections::{BTreeMap, BTreeSet};

/// One organisation and the ones directly under it, children sorted by name.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgNode {
    pub org: Organisation,
    pub children: Vec<OrgNode>,
}

/// Build the forest. A device holds only its scope, so an organisation whose parent
/// is not on the device is shown as a root. Siblings sort the Vietnamese way.
pub fn build(orgs: &[Organisation]) -> Vec<OrgNode> {
    let present: BTreeSet<Id> = orgs.iter().map(|o| o.id).collect();
    let mut by_parent: BTreeMap<Option<Id>, Vec<&Organisation>> = BTreeMap::new();
    for o in orgs {
        let parent = o.parent_id.filter(|p| present.contains(p) && *p != o.id);
        by_parent.entry(parent).or_default().push(o);
    }
    let mut seen = BTreeSet::new();
    let mut roots = grow(None, &by_parent, &mut seen);
    // A parent cycle (which the server refuses, but a copy could be damaged) leaves
    // rows no root reaches: show them as roots rather than hiding them.
    let mut left: Vec<&Organisation> = orgs.iter().filter(|o| !seen.contains(&o.id)).collect();
    left.sort_by(|a, b| vn::compare(&a.name, &b.name));
    for o in left {
        if seen.insert(o.id) {
            let children = grow(Some(o.id), &by_parent, &mut seen);
            roots.push(OrgNode {
                org: o.clone(),
                children,
            });
        }
    }
    roots
}

fn grow(
    parent: Option<Id>,
    by_parent: &BTreeMap<Option<Id>, Vec<&Organisation>>,
    seen: &mut BTreeSet<Id>,
) -> Vec<OrgNode> {
    let mut kids: Vec<&Organisation> = by_parent.get(&parent).cloned().unwrap_or_default();
    kids.sort_by(|a, b| vn::compare(&a.name, &b.name).then(a.id.cmp(&b.id)));
    let mut out = Vec::with_capacity(kids.len());
    for o in kids {
        if !seen.insert(o.id) {
            continue;
        }
        let children = grow(Some(o.id), by_parent, seen);
        out.push(OrgNode {
            org: o.clone(),
            children,
        });
    }
    out
}

/// The chain from `id` up to the top organisation on the device, `id` first.
pub fn ancestors(orgs: &[Organisation], id: Id) -> Vec<Id> {
    let parent: BTreeMap<Id, Option<Id>> = orgs.iter().map(|o| (o.id, o.parent_id)).collect();
    let mut chain = vec![];
    let mut cur = Some(id);
    while let Some(c) = cur {
        if chain.contains(&c) || !parent.contains_key(&c) {
            break;
        }
        chain.push(c);
        cur = parent.get(&c).copied().flatten();
    }
    chain
}

/// The cells at or below `org`, sorted by name: where a new member may be placed.
pub fn cells_under(orgs: &[Organisation], org: Id) -> Vec<Organisation> {
    let mut cells: Vec<Organisation> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Cell && ancestors(orgs, o.id).contains(&org))
        .cloned()
        .collect();
    cells.sort_by(|a, b| vn::compare(&a.name, &b.name));
    cells
}

pub fn find(orgs: &[Organisation], id: Id) -> Option<&Organisation> {
    orgs.iter().find(|o| o.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: u128, name: &str, kind: OrgKind, parent: Option<u128>) -> Organisation {
        Organisation {
            id: Id::from_u128(n),
            name: name.into(),
            kind,
            parent_id: parent.map(Id::from_u128),
        }
    }

    fn sample() -> Vec<Organisation> {
        vec![
            org(5, "Chi bộ Thôn Đông", OrgKind::Cell, Some(3)),
            org(1, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            org(4, "Chi bộ Thôn An", OrgKind::Cell, Some(3)),
            org(2, "Đảng bộ huyện Vũ Thư", OrgKind::District, Some(1)),
            org(3, "Đảng bộ xã Tân Hòa", OrgKind::Grassroots, Some(2)),
            org(6, "Chi bộ Thôn Bắc", OrgKind::Cell, Some(3)),
        ]
    }

    fn names(nodes: &[OrgNode]) -> Vec<&str> {
        nodes.iter().map(|n| n.org.name.as_str()).collect()
    }

    #[test]
    fn flat_list_becomes_one_tree_with_vietnamese_sorted_children() {
        let roots = build(&sample());
        assert_eq!(names(&roots), ["Đảng bộ tỉnh Thái Bình"]);
        let commune = &roots[0].children[0].children[0];
        assert_eq!(commune.org.name, "Đảng bộ xã Tân Hòa");
        // "Đông" sorts after "Bắc" and "An" because đ comes after d in Vietnamese.
        assert_eq!(
            names(&commune.children),
            ["Chi bộ Thôn An", "Chi bộ Thôn Bắc", "Chi bộ Thôn Đông"]
        );
    }

    #[test]
    fn organisations_whose_parent_is_not_on_the_device_become_roots() {
        let orgs = vec![
            org(5, "Chi bộ Thôn Đông", OrgKind::Cell, Some(3)),
            org(4, "Chi bộ Thôn An", OrgKind::Cell, Some(3)),
        ];
        assert_eq!(names(&build(&orgs)), ["Chi bộ Thôn An", "Chi bộ Thôn Đông"]);
    }

    #[test]
    fn a_parent_cycle_does_not_hide_or_repeat_rows() {
        let orgs = vec![
            org(1, "A", OrgKind::Grassroots, Some(2)),
            org(2, "B", OrgKind::Section, Some(1)),
        ];
        let roots = build(&orgs);
        assert_eq!(names(&roots), ["A"]);
        assert_eq!(names(&roots[0].children), ["B"]);
        assert!(roots[0].children[0].children.is_empty());
    }

    #[test]
    fn cells_under_an_organisation_are_found_and_sorted() {
        let orgs = sample();
        let cells: Vec<String> = cells_under(&orgs, Id::from_u128(2))
            .into_iter()
            .map(|o| o.name)
            .collect();
        assert_eq!(
            cells,
            ["Chi bộ Thôn An", "Chi bộ Thôn Bắc", "Chi bộ Thôn Đông"]
        );
        assert_eq!(cells_under(&orgs, Id::from_u128(4)).len(), 1);
    }
}
