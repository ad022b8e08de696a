//! The PIN lock's requests; each answers the device's status after it.

use crate::call;
use crate::sync::Status;
use serde::{Deserialize, Serialize};

/// Set (4–8 digits) or remove (`None`) the app PIN. `idle_minutes` (default 5)
/// is how long without Api calls before the app locks itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetPin {
    pub pin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_minutes: Option<u32>,
}
call!(SetPin, "set_pin" => Status);

/// Unlock the app with its PIN. Wrong PINs are rate limited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unlock {
    pub pin: String,
}
call!(Unlock, "unlock" => Status);

/// Lock the app now (only when a PIN is set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lock;
call!(Lock, "lock" => Status);
