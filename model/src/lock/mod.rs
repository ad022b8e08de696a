//! The app PIN (DESIGN §5): set or remove it, lock, unlock. The replica keeps the
//! PIN's hash and the lock state; these are only its requests.

pub mod requests;
