//! Screens and their parts. One component tree for every screen size: CSS decides
//! whether the sidebar or the bottom tabs show, and how many panes fit.

pub mod add_member;
pub mod app;
pub mod audit_log;
pub mod coming_soon;
pub mod committee;
pub mod devices;
pub mod enroll;
pub mod enroll_code;
pub mod field;
pub mod home;
pub mod icons;
pub mod member_admin;
pub mod member_detail;
pub mod member_list;
pub mod nav;
pub mod org_pane;
pub mod org_tree;
pub mod orgs_page;
pub mod profile;
pub mod qr_scan;
pub mod rejected_banner;
pub mod shell;
pub mod splash;
pub mod sync_bar;
