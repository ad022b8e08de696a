//! The devices screens: a member's device list, enrolling this device, the
//! enrollment code an administrator shows, and the app PIN (lock screen, setting).

pub mod devices;
pub mod enroll;
pub mod enroll_code;
pub mod lock;
