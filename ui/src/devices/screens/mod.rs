//! The devices screens: a member's device list, enrolling this device, and the
//! enrollment code an administrator shows.

pub mod devices;
pub mod enroll;
pub mod enroll_code;
