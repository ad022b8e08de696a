//! Member administration's requests: local reads, and local writes the server judges
//! at sync.

use super::{MemberPatch, NewMember};
use crate::call;
use crate::entities::{Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle};
use crate::ids::Id;
use crate::transfer::ImportReport;
use serde::{Deserialize, Serialize};

/// Every organisation this device holds, as a flat list (the UI builds the tree).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOrgs;
call!(ListOrgs, "list_orgs" => Vec<Organisation>);

/// Members of an organisation and of all organisations below it, sorted the
/// Vietnamese way (given name, then the rest).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListMembers {
    pub org_id: Id,
}
call!(ListMembers, "list_members" => Vec<Member>);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetMember {
    pub id: Id,
}
call!(GetMember, "get_member" => Member);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateOrg {
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Id,
}
call!(CreateOrg, "create_org" => Id);

/// A new member: its fields are the request's.
pub type CreateMember = NewMember;
call!(CreateMember, "create_member" => Id);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateMember {
    pub id: Id,
    pub patch: MemberPatch,
}
call!(UpdateMember, "update_member" => ());

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteMember {
    pub id: Id,
}
call!(DeleteMember, "delete_member" => ());

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPositions {
    pub org_id: Id,
}
call!(ListPositions, "list_positions" => Vec<Position>);

/// Give a member a committee position in an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignPosition {
    pub member_id: Id,
    pub org_id: Id,
    pub title: PositionTitle,
}
call!(AssignPosition, "assign_position" => Id);

/// Remove a position (its row is deleted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemovePosition {
    pub id: Id,
}
call!(RemovePosition, "remove_position" => ());

/// Move a member to another cell (needs rights on both cells). Their devices drop
/// the old cell's rows and receive the new cell's at next sync.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferMember {
    pub id: Id,
    pub cell_id: Id,
}
call!(TransferMember, "transfer_member" => ());

/// Set a member's status, e.g. `left` or `deceased`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetMemberStatus {
    pub id: Id,
    pub status: MemberStatus,
}
call!(SetMemberStatus, "set_member_status" => ());

/// Import members from an .xlsx sheet: the file at `path` on this device (the CLI),
/// or one a screen picked and sent with `BeginUpload`/`UploadChunk` (`upload_id`;
/// `path` is then ignored, and the upload is deleted once the import is written).
/// With `dry_run`, only check: the report says row by row what would be created,
/// changed, left unchanged (the card number is on the device with the same details)
/// or refused and why. Nothing is half-imported: one rejected row and nothing is
/// written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportMembers {
    // Wire: `path` was required before `upload_id`; a request with only a path reads
    // and writes the same as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<Id>,
    #[serde(default)]
    pub dry_run: bool,
}
call!(ImportMembers, "import_members" => ImportReport);
