//! sotay-ui: the Yew interface of Sổ tay Đảng viên, compiled to wasm32. One component
//! tree serves phones (bottom tabs) and desktops (sidebar) through CSS alone; it runs
//! in the Tauri webview and in a browser against `sotay headless`.
//!
//! Owns: screens, the string catalogs (`i18n`), UI state (`state`, a reducer) and
//! the transport to the replica's typed Api (`transport`). Must not: keep data the
//! replica does not have, speak SQL, or decide permissions (it only hides actions the
//! server would refuse).
//!
//! ```
//! use sotay_ui::i18n::{text, Key, Lang};
//! assert_eq!(text(Lang::Vi, Key::TabHome), "Trang chủ");
//! ```

pub mod camera;
pub mod components;
pub mod effects;
pub mod exports;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod member_form;
pub mod qr;
pub mod rights;
pub mod roster;
pub mod state;
pub mod storage;
pub mod summary;
pub mod transport;
pub mod tree;

// Features: each owns its client calls and screens (library and meetings also their
// strings); `components` keeps the shared shell.
pub mod administration;
pub mod devices;
pub mod dues;
pub mod evaluation;
pub mod exchange;
pub mod inspection;
pub mod library;
pub mod lists;
pub mod meetings;
pub mod oversight;
pub mod schedule;
pub mod sync;
pub mod tasks;
pub mod transfers;

use wasm_bindgen::prelude::*;

/// The wasm entry point: pick the carrier (taking the token off the URL), then draw.
#[wasm_bindgen(start)]
pub fn start() {
    transport::init();
    yew::Renderer::<components::app::App>::new().render();
}
