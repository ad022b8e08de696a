//! Information exchange on this device (issue 16): announcements and their read
//! receipts (`announcements`, the feed and the sender's counts in `reads`), comment
//! threads (`comments`), questions to a committee and the published answers
//! (`questions`), drafts opened for opinions (`drafts`, their export in `export`) and
//! what the notifier raises (`notices`).
//!
//! Everything is answered from the device's copy and written offline; the checks here
//! are the server's rules seen from the device, so a member is told in Vietnamese
//! before syncing, and the server judges again at sync.

pub(crate) mod announcements;
mod comments;
mod drafts;
mod export;
mod notices;
mod questions;
mod reads;

use crate::administration::organisations::OrgTree;
use crate::db::{rows, Db};
use crate::error::invalid;
use crate::meetings::me;
use crate::tasks::my_posts;
use rusqlite::Params;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::Member;
use sotay_model::row::Row;
use sotay_model::Id;

pub(crate) fn forbidden(message: &str) -> ApiError {
    ApiError::new(ApiErrorKind::Forbidden, message)
}

/// The organisations where this device's member holds an office post (committee or
/// office staff): those it sends announcements from, answers questions and opens
/// drafts for.
pub(crate) fn office_orgs(db: &Db) -> Result<Vec<Id>, ApiError> {
    let mut out: Vec<Id> = my_posts(db)?.into_iter().map(|(o, _)| o).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The organisations where this device's member sits on the committee (office staff
/// do not hide comments).
pub(crate) fn committee_orgs(db: &Db) -> Result<Vec<Id>, ApiError> {
    let mut out: Vec<Id> = my_posts(db)?
        .into_iter()
        .filter(|(_, t)| t.on_committee())
        .map(|(o, _)| o)
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// This device's member and their cell.
pub(crate) fn me_and_cell(db: &Db) -> Result<(Id, Id), ApiError> {
    let me = me(db)?;
    let m: Member = crate::administration::members::get(db, me)?;
    Ok((me, m.cell_id))
}

/// Whether one of `orgs` is `org` or above it.
pub(crate) fn at_or_above(tree: &OrgTree, orgs: &[Id], org: Id) -> bool {
    tree.chain(org).iter().any(|o| orgs.contains(o))
}

/// The live rows a `WHERE` fragment selects, read as their typed struct (unreadable
/// rows are skipped: the server would not have sent them).
pub(crate) fn typed<T: Row, P: Params>(
    db: &Db,
    filter: &str,
    params: P,
) -> Result<Vec<T>, ApiError> {
    Ok(rows::select_live(&db.conn, "", filter, params)?
        .iter()
        .filter_map(|r| T::from_row(r).ok())
        .collect())
}

/// `(id, name)` of each organisation, in the order given.
pub(crate) fn named(db: &Db, orgs: &[Id]) -> Vec<(Id, String)> {
    orgs.iter()
        .map(|&o| (o, crate::meetings::org_name(db, o)))
        .collect()
}

/// A text a member typed: trimmed, required (`empty` says so), at most `max`
/// characters (`what` names it in the message).
pub(crate) fn required(s: &str, max: usize, empty: &str, what: &str) -> Result<String, ApiError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(invalid(empty));
    }
    at_most(s, max, what)
}

/// A text a member typed, possibly empty, at most `max` characters.
pub(crate) fn at_most(s: &str, max: usize, what: &str) -> Result<String, ApiError> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(invalid(format!("{what} dài quá (tối đa {max} ký tự)")));
    }
    Ok(s.to_string())
}

/// The first words of a text, for a notification or a message.
pub(crate) fn gist(s: &str) -> String {
    const MAX: usize = 80;
    let s = s.trim();
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
