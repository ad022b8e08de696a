//! Member administration: organisations, members and committee positions, read from
//! the device's copy and written locally (the server judges each change at sync).
//! The entities themselves are [`crate::entities`].

pub mod member_rules;
pub mod requests;

use crate::entities::{Gender, MemberStatus};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub full_name: String,
    pub birth_date: String,
    pub gender: Gender,
    pub joined_date: String,
    pub official_date: Option<String>,
    pub card_no: String,
    pub status: MemberStatus,
    pub cell_id: Id,
}

/// Only the fields present are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_date: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_id: Option<Id>,
}
