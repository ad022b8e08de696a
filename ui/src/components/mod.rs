//! The shared shell and its parts: the app root, the shell with its navigation, home,
//! the profile tab, splash, and the small pieces every feature draws with (fields,
//! icons, the QR scanner). One component tree for every screen size: CSS decides
//! whether the sidebar or the bottom tabs show, and how many panes fit. Features'
//! screens live in their folders (`crate::administration::screens` and so on).

pub mod app;
pub mod coming_soon;
pub mod confirm;
pub mod drill;
pub mod field;
pub mod home;
pub mod icons;
pub mod nav;
pub mod profile;
pub mod qr_scan;
pub mod shell;
pub mod splash;
