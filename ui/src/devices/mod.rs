//! Devices and enrollment in the UI. Its Api calls are `client`; its screens are
//! still in `crate::components`.

pub mod client;
