//! Nhật ký: the server's audit log of the chosen organisation and everything below it
//! (ListAudit, newest first, 50 at a time): when, who and from which device, what was
//! done to which kind of row and where, and whether the server accepted it (with the
//! reason when it did not). Asked of the server, so it needs the network.

use crate::administration::strings::AdminKey;
use crate::devices::client as devices_client;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{Key, Lang, Text};
use crate::tree;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::protocol::{AuditAction, AuditEntry};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The pages read so far for one organisation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditPages {
    pub org: Option<Id>,
    pub entries: Vec<AuditEntry>,
    pub more: bool,
    pub loading: bool,
    pub error: Option<ApiError>,
}

impl AuditPages {
    /// Add a page that answered a request for `org` (older pages append; a page for
    /// another organisation than the one shown replaces everything).
    pub fn with_page(&self, org: Id, page: Result<(Vec<AuditEntry>, bool), ApiError>) -> Self {
        let mut next = if self.org == Some(org) {
            self.clone()
        } else {
            AuditPages {
                org: Some(org),
                ..AuditPages::default()
            }
        };
        next.loading = false;
        match page {
            Ok((entries, more)) => {
                let last = next.entries.last().map(|e| e.id).unwrap_or(u64::MAX);
                // Only entries older than those held: a repeated page adds nothing.
                next.entries
                    .extend(entries.into_iter().filter(|e| e.id < last));
                next.more = more;
                next.error = None;
            }
            Err(e) => next.error = Some(e),
        }
        next
    }

    /// The cursor for the next (older) page.
    pub fn before(&self) -> Option<u64> {
        self.entries.last().map(|e| e.id)
    }
}

fn entity_label(entity: sotay_model::Entity) -> AdminKey {
    // By the wire word, so entities other helpers add later read as "Bản ghi".
    match entity.as_str() {
        "organisation" => AdminKey::EntityOrganisation,
        "member" => AdminKey::EntityMember,
        "position" => AdminKey::EntityPosition,
        "document" => AdminKey::EntityDocument,
        "meeting" => AdminKey::EntityMeeting,
        "check_in" => AdminKey::EntityCheckIn,
        "attendance_mark" => AdminKey::EntityAttendanceMark,
        "minutes" => AdminKey::EntityMinutes,
        "meeting_key" => AdminKey::EntityMeetingKey,
        "attachment" => AdminKey::EntityAttachment,
        "read_mark" => AdminKey::EntityReadMark,
        "study_note" => AdminKey::EntityStudyNote,
        "study_assignment" => AdminKey::EntityStudyAssignment,
        "task" => AdminKey::EntityTask,
        "progress_report" => AdminKey::EntityProgressReport,
        "task_review" => AdminKey::EntityTaskReview,
        _ => AdminKey::EntityOther,
    }
}

/// "Tạo cuộc họp «Sinh hoạt tháng 12»": what was done to what, named as it is now.
pub fn headline(lang: Lang, e: &AuditEntry) -> String {
    let what = format!(
        "{} {}",
        action_label(e.action).text(lang),
        entity_label(e.entity).text(lang).to_lowercase()
    );
    match e.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => format!("{what} «{t}»"),
        _ => what,
    }
}

fn action_label(a: AuditAction) -> AdminKey {
    match a {
        AuditAction::Create => AdminKey::AuditCreate,
        AuditAction::Edit => AdminKey::AuditEdit,
        AuditAction::Delete => AdminKey::AuditDelete,
    }
}

/// The first block of an id: enough to tell devices apart on screen.
fn short(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

fn load(pages: UseStateHandle<AuditPages>, org: Id, before: Option<u64>) {
    let mut asking = (*pages).clone();
    asking.loading = true;
    pages.set(asking.clone());
    spawn_local(async move {
        let page = devices_client::list_audit(org, before).await;
        pages.set(asking.with_page(org, page));
    });
}

fn entry(app: &AppHandle, e: &AuditEntry) -> Html {
    let who = match e.member_id {
        None => app.t(AdminKey::AuditByServer).to_string(),
        Some(m) => match app
            .members
            .as_ref()
            .and_then(|f| f.result.as_ref().ok())
            .and_then(|list| list.iter().find(|x| x.id == m))
        {
            Some(member) => member.full_name.clone(),
            None => app.tf(AdminKey::AuditByMember, &[short(&m.to_string())]),
        },
    };
    let org = tree::find(app.org_list(), e.org_id)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    // The device's enrolled name; its id's first block if the server did not say.
    let device = e
        .device_name
        .clone()
        .unwrap_or_else(|| short(&e.device_id.to_string()).to_string());
    html! {
        <li class="audit-entry" data-testid="audit-entry" key={e.id.to_string()}>
            <div class="audit-line">
                <strong data-testid="audit-headline">{ headline(app.lang, e) }</strong>
                if e.accepted {
                    <span class="pill">{ app.t(AdminKey::AuditAccepted) }</span>
                } else {
                    <span class="pill pill-danger">{ app.t(AdminKey::AuditRefused) }</span>
                }
            </div>
            <div class="audit-meta">
                <span>{ show_time(e.at_ms, local_offset_minutes()) }</span>
                <span>{ who }</span>
                // The server's own changes (seeding, administration) have no device.
                if e.member_id.is_some() {
                    <span data-testid="audit-device">{ app.tf(AdminKey::AuditDevice, &[&device]) }</span>
                }
                if !org.is_empty() { <span>{ org }</span> }
            </div>
            if let Some(r) = &e.reason {
                <p class="error-text small">{ r.message_vi() }</p>
            }
        </li>
    }
}

#[function_component(AuditLog)]
pub fn audit_log() -> Html {
    let app = use_app();
    let pages = use_state(AuditPages::default);
    let org_id = app.org_view.selected_org;
    {
        let pages = pages.clone();
        use_effect_with(org_id, move |org| {
            if let Some(org) = *org {
                load(pages, org, None);
            }
        });
    }
    let Some(org_id) = org_id else {
        return html! {};
    };
    let name = tree::find(app.org_list(), org_id)
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let shown = pages.org == Some(org_id);
    let older = {
        let pages = pages.clone();
        Callback::from(move |_| load(pages.clone(), org_id, pages.before()))
    };
    html! {
        <div data-testid="audit-log">
            <p class="muted small">{ app.tf(AdminKey::AuditHint, &[&name]) }</p>
            if shown && pages.entries.is_empty() && pages.error.is_none() {
                <p class="muted pad" data-testid="audit-empty">{ app.t(AdminKey::AuditEmpty) }</p>
            }
            <ul class="audit-list">
                if shown { { for pages.entries.iter().map(|e| entry(&app, e)) } }
            </ul>
            if pages.loading || !shown {
                <p class="muted pad">{ app.t(Key::Loading) }</p>
            }
            if let Some(e) = pages.error.as_ref().filter(|_| shown) {
                <p class="error-text pad" role="alert" data-testid="audit-error">{ &e.message }</p>
            }
            if shown && pages.more && !pages.loading {
                <div class="more">
                    <button type="button" class="btn btn-small" onclick={older}
                        data-testid="audit-more">{ app.t(AdminKey::AuditOlder) }</button>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::ids::DeviceId;
    use sotay_model::Entity;

    fn e(id: u64) -> AuditEntry {
        AuditEntry {
            id,
            at_ms: id * 1000,
            member_id: None,
            device_id: DeviceId::from_u128(1),
            change_id: Id::from_u128(u128::from(id)),
            entity: Entity::Member,
            row_id: Id::from_u128(2),
            org_id: Id::from_u128(3),
            org_path: vec![],
            action: AuditAction::Edit,
            accepted: true,
            reason: None,
            title: None,
            device_name: None,
        }
    }

    #[test]
    fn an_entry_says_what_was_made_and_names_it() {
        let mut meeting = e(1);
        meeting.entity = Entity::Meeting;
        meeting.action = AuditAction::Create;
        meeting.title = Some("Sinh hoạt tháng 12".into());
        assert_eq!(
            headline(Lang::Vi, &meeting),
            "Tạo cuộc họp «Sinh hoạt tháng 12»"
        );
        let mut check_in = e(2);
        check_in.entity = Entity::CheckIn;
        check_in.action = AuditAction::Create;
        assert_eq!(headline(Lang::Vi, &check_in), "Tạo điểm danh");
        assert_eq!(headline(Lang::Vi, &e(3)), "Sửa hồ sơ đảng viên");
    }

    #[test]
    fn older_pages_append_and_another_org_starts_over() {
        let (a, b) = (Id::from_u128(1), Id::from_u128(2));
        let p = AuditPages::default().with_page(a, Ok((vec![e(9), e(8)], true)));
        assert_eq!(p.before(), Some(8));
        // The same page twice (a double click) adds nothing.
        let p = p.with_page(a, Ok((vec![e(9), e(8)], true)));
        let p = p.with_page(a, Ok((vec![e(7)], false)));
        let ids: Vec<u64> = p.entries.iter().map(|x| x.id).collect();
        assert_eq!((ids, p.more), (vec![9, 8, 7], false));
        let p = p.with_page(b, Ok((vec![e(3)], false)));
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.org, Some(b));
    }

    #[test]
    fn entities_added_later_get_a_generic_label() {
        assert_eq!(entity_label(Entity::Member), AdminKey::EntityMember);
        assert_eq!(short("0190a1b2-c3d4"), "0190a1b2");
    }
}
