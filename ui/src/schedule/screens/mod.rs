//! Lịch (issue 15): the agenda (day on phones, week on desktops, month as a grid),
//! one entry with its edit, delete and "bỏ buổi này", and the entry form. Everything
//! reads the device's copy; the replica syncs it in the background. Times show in the
//! device's zone; entries are stored in UTC ms with the zone they were made in.

pub mod agenda;
pub mod entry;
pub mod entry_form;
pub mod today;

use crate::hooks::AppHandle;
use crate::schedule::form::{day_of, show_day, FormError, Period};
use crate::schedule::strings::{ordinal, weekday_long, weekday_short, SKey};
use crate::state::{Action, Tab};
use sotay_model::ids::Id;
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::{AgendaItem, ItemKind, Recurrence, Rule};
use yew::platform::spawn_local;
use yew::prelude::*;

thread_local! {
    /// An entry another screen asked Lịch to open (Home's card): its id and the
    /// occurrence's start, read once when the page appears.
    static OPEN_ON_ARRIVAL: std::cell::Cell<Option<(Id, u64)>> = const { std::cell::Cell::new(None) };
}

/// Ask Lịch to open the entry `id` (its occurrence starting at `at`) when it next appears.
pub fn open_on_arrival(id: Id, at: u64) {
    OPEN_ON_ARRIVAL.with(|o| o.set(Some((id, at))));
}

/// The device's zone, minutes east of UTC.
pub fn tz() -> i32 {
    crate::format::local_offset_minutes() as i32
}

/// Today in the device's zone.
pub fn today() -> Date {
    day_of(crate::format::now_ms(), tz())
}

pub fn kind_key(k: ItemKind) -> SKey {
    match k {
        ItemKind::Own => SKey::KindOwn,
        ItemKind::Committee => SKey::KindCommittee,
        ItemKind::Meeting => SKey::KindMeeting,
        ItemKind::TaskDue => SKey::KindTaskDue,
        ItemKind::StudyDue => SKey::KindStudyDue,
    }
}

pub fn kind_slug(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Own => "own",
        ItemKind::Committee => "committee",
        ItemKind::Meeting => "meeting",
        ItemKind::TaskDue => "task_due",
        ItemKind::StudyDue => "study_due",
    }
}

pub fn error_key(e: FormError) -> SKey {
    match e {
        FormError::NeedTitle => SKey::NeedTitle,
        FormError::TitleTooLong => SKey::TitleTooLong,
        FormError::NeedDate => SKey::NeedDate,
        FormError::BadDate => SKey::BadDate,
        FormError::NeedStart => SKey::NeedStart,
        FormError::BadStart => SKey::BadStart,
        FormError::BadEnd => SKey::BadEnd,
        FormError::EndBeforeStart => SKey::EndBeforeStart,
        FormError::NeedDays => SKey::NeedDays,
        FormError::BadInterval => SKey::BadInterval,
        FormError::BadUntil => SKey::BadUntil,
        FormError::UntilBeforeDate => SKey::UntilBeforeDate,
    }
}

/// How an entry repeats, in words.
pub fn repeat_text(app: &AppHandle, r: &Recurrence) -> String {
    let mut s = match &r.rule {
        Rule::Weekly { days, interval } => {
            let days: Vec<&str> = days.iter().map(|d| app.t(weekday_short(*d))).collect();
            let every = if *interval > 1 {
                format!(" ({} {})", app.t(SKey::EveryWeeks), interval)
            } else {
                String::new()
            };
            format!("{}: {}{every}", app.t(SKey::RepeatWeekly), days.join(", "))
        }
        Rule::MonthlyDay { day } => app.tf(SKey::RepeatMonthlyDay, &[&day.to_string()]),
        Rule::MonthlyNth { nth: -1, weekday } => {
            app.tf(SKey::RepeatMonthlyLast, &[app.t(weekday_long(*weekday))])
        }
        Rule::MonthlyNth { nth, weekday } => app.tf(
            SKey::RepeatMonthlyNth,
            &[app.t(weekday_long(*weekday)), app.t(ordinal(*nth))],
        ),
    };
    if let Some(u) = r.until.as_deref().and_then(Date::parse) {
        s.push_str(&format!(" · {} {}", app.t(SKey::Until), show_day(u)));
    }
    s
}

/// The organisations where the user holds a post: those may publish their schedule.
pub fn post_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    let mut ids: Vec<Id> = app
        .status
        .as_ref()
        .map(|s| s.positions.iter().map(|p| p.org_id).collect())
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let name = crate::tree::find(app.org_list(), id)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            (id, name)
        })
        .collect()
}

/// Open an agenda item where it lives: an entry here, a meeting in Sinh hoạt, a task
/// in Nhiệm vụ, a study assignment's document in the reader.
pub fn open_item(app: &AppHandle, item: &AgendaItem, on_entry: &Callback<(Id, u64)>) {
    let d = app.dispatcher();
    let (id, at) = (item.id, item.starts_at);
    match item.kind {
        ItemKind::Own | ItemKind::Committee => on_entry.emit((id, at)),
        ItemKind::Meeting => {
            crate::meetings::open_on_arrival(id);
            d.dispatch(Action::Go(Tab::Meetings));
        }
        ItemKind::TaskDue => {
            crate::tasks::open_on_arrival(id);
            d.dispatch(Action::Go(Tab::Tasks));
        }
        ItemKind::StudyDue => spawn_local(async move {
            let doc = crate::library::client::assignments()
                .await
                .ok()
                .and_then(|l| l.into_iter().find(|a| a.id == id))
                .map(|a| a.document.id);
            match doc {
                Some(doc) => d.dispatch(Action::OpenDocument(doc)),
                None => d.dispatch(Action::Go(Tab::Docs)),
            }
        }),
    }
}

/// One agenda line: time (or "cả ngày"), title, place, organisation and kind; a
/// button that opens the item.
pub fn item_html(app: &AppHandle, item: &AgendaItem, on_entry: &Callback<(Id, u64)>) -> Html {
    let tz = tz();
    let onclick = {
        let (app, item, on_entry) = (app.clone(), item.clone(), on_entry.clone());
        Callback::from(move |_: MouseEvent| open_item(&app, &item, &on_entry))
    };
    let when = crate::schedule::form::when_line(item, tz, app.t(SKey::AllDay));
    let mut meta = vec![];
    if !item.place.is_empty() {
        meta.push(item.place.clone());
    }
    if !item.org_name.is_empty() {
        meta.push(item.org_name.clone());
    }
    html! {
        <li class={classes!("sched-item", format!("sched-{}", kind_slug(item.kind)))}
            data-testid="schedule-item" data-kind={kind_slug(item.kind)} data-id={item.id.to_string()}>
            <button type="button" class="sched-open" {onclick}>
                <span class="sched-when mono">{ when }</span>
                <span class="sched-body">
                    <span class="sched-title" data-testid="schedule-item-title">{ &item.title }
                        if item.recurring { <span class="muted small" title={app.t(SKey::Repeats)}>{ " ↻" }</span> }
                    </span>
                    if !meta.is_empty() { <span class="sched-meta muted small">{ meta.join(" · ") }</span> }
                </span>
                <span class={classes!("tag", "sched-kind", format!("kind-{}", kind_slug(item.kind)))} data-testid="schedule-item-kind">
                    { app.t(kind_key(item.kind)) }
                </span>
            </button>
        </li>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum View {
    Agenda,
    Entry { id: Id, at: Option<u64> },
    Create(Date),
    Edit(Id),
}

/// Phones open on the day, desktops (the sidebar's width) on the week.
fn default_period() -> Period {
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 1024.0);
    if wide {
        Period::Week
    } else {
        Period::Day
    }
}

#[function_component(SchedulePage)]
pub fn schedule_page() -> Html {
    let view = use_state(|| match OPEN_ON_ARRIVAL.with(|o| o.take()) {
        Some((id, at)) => View::Entry { id, at: Some(at) },
        None => View::Agenda,
    });
    let place = use_state(|| (default_period(), today()));
    let notice = use_state(|| None::<String>);
    let back = {
        let view = view.clone();
        Callback::from(move |_: ()| view.set(View::Agenda))
    };
    let done = {
        let (view, notice) = (view.clone(), notice.clone());
        Callback::from(move |msg: String| {
            notice.set(Some(msg));
            view.set(View::Agenda);
        })
    };
    let on_entry = {
        let view = view.clone();
        Callback::from(move |(id, at): (Id, u64)| view.set(View::Entry { id, at: Some(at) }))
    };
    let body = match (*view).clone() {
        View::Agenda => {
            let on_nav = {
                let (place, notice) = (place.clone(), notice.clone());
                Callback::from(move |p: (Period, Date)| {
                    notice.set(None);
                    place.set(p)
                })
            };
            let on_add = {
                let view = view.clone();
                Callback::from(move |d: Date| view.set(View::Create(d)))
            };
            html! {
                <agenda::Agenda period={place.0} anchor={place.1} {on_nav} {on_entry} {on_add}
                    notice={(*notice).clone()} />
            }
        }
        View::Entry { id, at } => {
            let on_edit = {
                let view = view.clone();
                Callback::from(move |id: Id| view.set(View::Edit(id)))
            };
            html! { <entry::EntryDetail {id} {at} on_back={back.clone()} {on_edit} on_done={done.clone()} /> }
        }
        View::Create(date) => html! {
            <entry_form::EntryFormView editing={None::<Id>} {date} on_done={done.clone()} on_cancel={back.clone()} />
        },
        View::Edit(id) => html! {
            <entry_form::EntryFormView editing={Some(id)} date={place.1} on_done={done.clone()} on_cancel={back.clone()} />
        },
    };
    html! { <div class="page schedule" data-testid="schedule-page">{ body }</div> }
}
