//! The issue form's rules, kept out of the component so they are tested natively: the
//! choice of kind and destination, the end date typed dd/mm/yyyy, and every problem
//! named at once.

use super::strings::TransferKey;
use sotay_model::administration::member_rules::parse_typed_date;
use sotay_model::ids::Id;
use sotay_model::transfers::requests::IssueTransfer;
use sotay_model::transfers::TransferKind;

/// What the form offers as its first choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Official,
    Temporary,
    /// Out of the province (official, no receiving cell here).
    Outside,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Official, Choice::Temporary, Choice::Outside];

    pub fn slug(self) -> &'static str {
        match self {
            Choice::Official => "official",
            Choice::Temporary => "temporary",
            Choice::Outside => "outside",
        }
    }

    pub fn parse(s: &str) -> Choice {
        Choice::ALL
            .into_iter()
            .find(|c| c.slug() == s)
            .unwrap_or(Choice::Official)
    }

    pub fn label(self) -> TransferKey {
        match self {
            Choice::Official => TransferKey::Official,
            Choice::Temporary => TransferKey::Temporary,
            Choice::Outside => TransferKey::Outside,
        }
    }
}

/// The form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub choice: Choice,
    pub cell: Option<Id>,
    pub dest_name: String,
    pub reason: String,
    /// dd/mm/yyyy, for a temporary transfer.
    pub end: String,
}

impl Draft {
    /// A fresh form: the first cell offered, or out of the province when none is.
    pub fn new(first_cell: Option<Id>) -> Draft {
        Draft {
            choice: if first_cell.is_some() {
                Choice::Official
            } else {
                Choice::Outside
            },
            cell: first_cell,
            dest_name: String::new(),
            reason: String::new(),
            end: String::new(),
        }
    }

    /// The request for `member`, or every problem of the form.
    pub fn request(&self, member: Id) -> Result<IssueTransfer, Vec<TransferKey>> {
        let mut problems = Vec::new();
        let outside = self.choice == Choice::Outside;
        if !outside && self.cell.is_none() {
            problems.push(TransferKey::NeedCell);
        }
        if outside && self.dest_name.trim().is_empty() {
            problems.push(TransferKey::NeedDestName);
        }
        let end_date = match self.choice {
            Choice::Temporary => {
                let parsed = parse_typed_date(&self.end);
                if parsed.is_none() {
                    problems.push(TransferKey::NeedEnd);
                }
                parsed
            }
            _ => None,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(IssueTransfer {
            member_id: member,
            kind: if self.choice == Choice::Temporary {
                TransferKind::Temporary
            } else {
                TransferKind::Official
            },
            dest_org_id: if outside { None } else { self.cell },
            dest_name: if outside {
                self.dest_name.trim().to_string()
            } else {
                String::new()
            },
            reason: self.reason.trim().to_string(),
            end_date,
        })
    }
}
