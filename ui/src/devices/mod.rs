//! Devices and enrollment in the UI. Its Api calls are `client`; its screens (the
//! device list, enrollment, the enrollment code card) are `screens`.

pub mod client;
pub mod screens;
pub mod strings;
