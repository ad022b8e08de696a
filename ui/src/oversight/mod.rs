//! Oversight (issue 18, cấp trên theo dõi cấp dưới) in the UI: a committee's dashboard
//! of its organisation and each one directly below it over a month, quarter or year
//! (`screens`), the Api calls (`client`), the period's steps and rates (`period`), the
//! strings (`strings`) and the two small SVG charts drawn here (`screens::charts`: no
//! chart crate, for the wasm's size and so every pixel is ours at 360 px).

pub mod client;
pub mod period;
pub mod screens;
pub mod strings;
