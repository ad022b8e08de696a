//! The administration screens: the organisations page with its tree and pane, the
//! member list, a member's detail and admin actions, the add-member form, the
//! committee view, the audit log and the import of a members sheet.

pub mod add_member;
pub mod audit_log;
pub mod committee;
pub mod import_members;
pub mod import_panel;
pub mod import_preview;
pub mod member_admin;
pub mod member_detail;
pub mod member_list;
pub mod org_pane;
pub mod org_tree;
pub mod orgs_page;
