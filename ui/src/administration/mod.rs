//! Member administration in the UI: organisations, members and positions. Its Api
//! calls are `client`; its screens are still in `crate::components`.

pub mod client;
