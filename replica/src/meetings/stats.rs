//! The committee view (issue 6): for each organisation directly below one, meetings
//! held per month and their attendance rates over its subtree, computed from the
//! meetings and attendance events this device holds (a committee pulls its subtree's).
//! A meeting counts as held once it has started and was not cancelled.

use super::attendance;
use crate::db::Db;
use sotay_model::api::ApiError;
use sotay_model::meetings::api::{MonthStats, OrgMeetingStats};
use sotay_model::meetings::{MeetingStatus, VnDateTime};
use sotay_model::Id;
use std::collections::{BTreeMap, HashMap};

/// Per organisation directly below `org` (by name), its months oldest first.
pub fn by_lower_org(
    db: &Db,
    now: u64,
    org: Id,
    from_month: Option<&str>,
    to_month: Option<&str>,
) -> Result<Vec<OrgMeetingStats>, ApiError> {
    let orgs = crate::administration::organisations::list(db)?;
    let parent: HashMap<Id, Option<Id>> = orgs.iter().map(|o| (o.id, o.parent_id)).collect();
    // The child of `org` an organisation lies under (itself when it is one).
    let lower_of = |mut x: Id| -> Option<Id> {
        for _ in 0..16 {
            match parent.get(&x).copied().flatten() {
                Some(p) if p == org => return Some(x),
                Some(p) => x = p,
                None => return None,
            }
        }
        None
    };
    let mut acc: BTreeMap<Id, BTreeMap<String, MonthStats>> = BTreeMap::new();
    for m in super::all(db)? {
        if m.status == MeetingStatus::Cancelled || m.starts_at > now {
            continue;
        }
        let Some(lower) = lower_of(m.org_id) else {
            continue;
        };
        let month = VnDateTime::from_ms(m.starts_at).month_key();
        if from_month.is_some_and(|f| month.as_str() < f)
            || to_month.is_some_and(|t| month.as_str() > t)
        {
            continue;
        }
        let list = attendance::list(db, &m)?;
        let s = acc
            .entry(lower)
            .or_default()
            .entry(month.clone())
            .or_insert_with(|| MonthStats {
                month,
                held: 0,
                convened: 0,
                present: 0,
                rate_percent: 0,
            });
        s.held += 1;
        s.convened += list.convened;
        s.present += list.present;
    }
    let mut out: Vec<OrgMeetingStats> = orgs
        .iter()
        .filter(|o| o.parent_id == Some(org))
        .map(|o| OrgMeetingStats {
            org_id: o.id,
            org_name: o.name.clone(),
            months: acc
                .remove(&o.id)
                .unwrap_or_default()
                .into_values()
                .map(|mut s| {
                    s.rate_percent = (s.present * 100).checked_div(s.convened).unwrap_or(0);
                    s
                })
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| sotay_model::vn::compare(&a.org_name, &b.org_name));
    Ok(out)
}
