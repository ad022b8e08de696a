//! The transfer screens: [`IssueTransferPanel`] in a member's administration and
//! [`TransferSection`], the organisation's "Chuyển sinh hoạt" (what comes in to
//! confirm or refuse, what goes out to withdraw or hand over). Writes are local and
//! judged by the server at the next sync (a refusal comes back in the rejected banner).

use super::client;
use super::form::{Choice, Draft};
use super::strings::TransferKey;
use crate::effects;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::Key;
use crate::state::Action;
use sotay_model::entities::{Member, Organisation};
use sotay_model::ids::Id;
use sotay_model::transfers::api::{TransferList, TransferView};
use sotay_model::transfers::{TransferKind, TransferStatus};
use sotay_model::vn;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IssueProps {
    pub member: Member,
    /// The cells this device holds, other than the member's, by name.
    pub cells: Vec<Organisation>,
    pub on_close: Callback<()>,
    /// Told the notice to show once the transfer is written.
    pub on_done: Callback<String>,
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// Issue a transfer of one member: kind, destination, reason, end date.
#[function_component(IssueTransferPanel)]
pub fn issue_transfer_panel(p: &IssueProps) -> Html {
    let app = use_app();
    let first = p.cells.first().map(|c| c.id);
    let draft = use_state(|| Draft::new(first));
    let problems = use_state(Vec::<TransferKey>::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        move |v: String| {
            let mut d = (*draft).clone();
            f(&mut d, v);
            draft.set(d);
        }
    };
    let on_kind = {
        let set = set(|d, v| d.choice = Choice::parse(&v));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_cell = {
        let set = set(|d, v| d.cell = v.parse().ok());
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_dest = {
        let set = set(|d, v| d.dest_name = v);
        Callback::from(move |e: InputEvent| set(input_value(&e)))
    };
    let on_end = {
        let set = set(|d, v| d.end = v);
        Callback::from(move |e: InputEvent| set(input_value(&e)))
    };
    let on_reason = {
        let set = set(|d, v| d.reason = v);
        Callback::from(move |e: InputEvent| set(input_value(&e)))
    };
    let submit = {
        let (draft, problems, error, busy) =
            (draft.clone(), problems.clone(), error.clone(), busy.clone());
        let (member, on_done, notice) = (
            p.member.id,
            p.on_done.clone(),
            app.t(TransferKey::Issued).to_string(),
        );
        Callback::from(move |_| {
            if *busy {
                return;
            }
            error.set(None);
            let req = match draft.request(member) {
                Ok(r) => r,
                Err(found) => return problems.set(found),
            };
            problems.set(Vec::new());
            busy.set(true);
            let (error, busy, on_done, notice) =
                (error.clone(), busy.clone(), on_done.clone(), notice.clone());
            spawn_local(async move {
                match client::issue(req).await {
                    Ok(_) => on_done.emit(notice),
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        })
    };
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let d = &*draft;
    html! {
        <div class="admin-panel" data-testid="transfer-panel">
            if p.cells.is_empty() {
                <p class="muted">{ app.t(TransferKey::NoCell) }</p>
            }
            <label class="field">
                <span class="field-label">{ app.t(TransferKey::Kind) }</span>
                <select class="input" data-testid="transfer-kind" onchange={on_kind}>
                    { for Choice::ALL.iter().filter(|c| **c == Choice::Outside || !p.cells.is_empty()).map(|c| html! {
                        <option value={c.slug()} selected={d.choice == *c}>{ app.t(c.label()) }</option>
                    }) }
                </select>
            </label>
            if d.choice == Choice::Outside {
                <label class="field">
                    <span class="field-label">{ app.t(TransferKey::DestName) }</span>
                    <input class="input" data-testid="transfer-dest-name" value={d.dest_name.clone()}
                        placeholder={app.t(TransferKey::DestNameHint)} oninput={on_dest} />
                </label>
            } else {
                <label class="field">
                    <span class="field-label">{ app.t(TransferKey::DestCell) }</span>
                    <select class="input" data-testid="transfer-cell" onchange={on_cell}>
                        { for p.cells.iter().map(|c| html! {
                            <option value={c.id.to_string()} selected={d.cell == Some(c.id)}>{ &c.name }</option>
                        }) }
                    </select>
                </label>
            }
            if d.choice == Choice::Temporary {
                <label class="field">
                    <span class="field-label">{ app.t(TransferKey::EndDate) }</span>
                    <input class="input" data-testid="transfer-end" inputmode="numeric"
                        placeholder="31/03/2027" value={d.end.clone()} oninput={on_end} />
                </label>
            }
            <label class="field">
                <span class="field-label">{ app.t(TransferKey::Reason) }</span>
                <input class="input" data-testid="transfer-reason" value={d.reason.clone()} oninput={on_reason} />
            </label>
            if !problems.is_empty() {
                <ul class="error-text" role="alert" data-testid="transfer-problems">
                    { for problems.iter().map(|k| html! { <li>{ app.t(*k) }</li> }) }
                </ul>
            }
            if let Some(e) = &*error {
                <p class="error-text" role="alert" data-testid="transfer-error">{ e }</p>
            }
            <div class="form-actions">
                <button type="button" class="btn btn-ghost" onclick={close}>{ app.t(Key::Cancel) }</button>
                <button type="button" class="btn btn-primary" disabled={*busy}
                    data-testid="transfer-submit" onclick={submit}>{ app.t(TransferKey::Issue) }</button>
            </div>
        </div>
    }
}

fn status_key(v: &TransferView) -> TransferKey {
    match v.transfer.status {
        TransferStatus::Issued => TransferKey::StateIssued,
        TransferStatus::Confirmed if v.transfer.kind == TransferKind::Temporary && !v.active => {
            TransferKey::StateEnded
        }
        TransferStatus::Confirmed => TransferKey::StateConfirmed,
        TransferStatus::Refused => TransferKey::StateRefused,
        TransferStatus::Cancelled => TransferKey::StateCancelled,
        TransferStatus::SentOut => TransferKey::StateSentOut,
    }
}

#[derive(Properties, PartialEq)]
pub struct SectionProps {
    pub org: Id,
}

/// After a local write: say so, read the list again, and refresh the status line.
fn after(app: &AppHandle, reload: &UseStateHandle<u32>, notice: String) {
    let d = app.dispatcher();
    d.dispatch(Action::Notify(notice));
    reload.set(**reload + 1);
    spawn_local(async move { effects::refresh_status(&d).await });
}

/// "Chuyển sinh hoạt" of an organisation: incoming, then outgoing.
#[function_component(TransferSection)]
pub fn transfer_section(p: &SectionProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<TransferList, String>>);
    let reload = use_state(|| 0u32);
    let refusing = use_state(|| None::<Id>);
    let reason = use_state(String::new);
    let error = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with((p.org, *reload), move |(org, _)| {
            let org = *org;
            spawn_local(async move {
                list.set(Some(client::list(org).await.map_err(|e| e.message)));
            });
        });
    }
    let act = |id: Id, what: &'static str| {
        let (app, reload, error, refusing, reason) = (
            app.clone(),
            reload.clone(),
            error.clone(),
            refusing.clone(),
            reason.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            if what == "refuse" && reason.trim().is_empty() {
                return error.set(Some(app.t(TransferKey::NeedRefuseReason).to_string()));
            }
            let (app, reload, error, refusing, why) = (
                app.clone(),
                reload.clone(),
                error.clone(),
                refusing.clone(),
                (*reason).clone(),
            );
            spawn_local(async move {
                let (done, key) = match what {
                    "confirm" => (client::confirm(id).await, TransferKey::Confirmed),
                    "refuse" => (client::refuse(id, why).await, TransferKey::Refused),
                    "cancel" => (
                        client::cancel(id, String::new()).await,
                        TransferKey::Cancelled,
                    ),
                    _ => (
                        client::hand_over(id, String::new()).await,
                        TransferKey::HandedOverNotice,
                    ),
                };
                match done {
                    Ok(()) => {
                        refusing.set(None);
                        after(&app, &reload, app.t(key).to_string());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(input_value(&e)))
    };
    let card = |v: &TransferView, incoming: bool| {
        let t = &v.transfer;
        let id = t.transfer_id;
        let open_refuse = {
            let (refusing, reason) = (refusing.clone(), reason.clone());
            Callback::from(move |_| {
                reason.set(String::new());
                refusing.set(Some(id));
            })
        };
        let kind = match (t.kind, &t.end_date) {
            (TransferKind::Temporary, Some(end)) => format!(
                "{} {}",
                app.t(TransferKey::Temporary),
                app.tf(TransferKey::Until, &[&vn::show_date(end)])
            ),
            (TransferKind::Temporary, None) => app.t(TransferKey::Temporary).to_string(),
            _ if t.dest_org_id.is_none() => app.t(TransferKey::Outside).to_string(),
            _ => app.t(TransferKey::Official).to_string(),
        };
        html! {
            <li class="list-row transfer-row" data-testid="transfer-row" data-status={format!("{:?}", t.status).to_lowercase()}>
                <div class="row-main">
                    <strong>{ &t.member_name }</strong>
                    <span class="tag" data-testid="transfer-status">{ app.t(status_key(v)) }</span>
                </div>
                <div class="muted">{ app.tf(TransferKey::FromTo, &[&t.from_org_name, &t.dest_name]) }</div>
                <div class="muted">{ kind }{ " · " }{ app.tf(TransferKey::IssuedOn, &[&vn::show_date(&t.issued_date)]) }</div>
                if !t.reason.is_empty() {
                    <div class="muted">{ &t.reason }</div>
                }
                if !t.note.is_empty() {
                    <div class="muted">{ app.tf(TransferKey::NoteShown, &[&t.note]) }</div>
                }
                if incoming && v.may_decide {
                    <div class="action-row">
                        <button type="button" class="btn btn-small btn-primary" data-testid="transfer-confirm"
                            onclick={act(id, "confirm")}>{ app.t(TransferKey::Confirm) }</button>
                        <button type="button" class="btn btn-small btn-ghost-danger" data-testid="transfer-refuse"
                            onclick={open_refuse}>{ app.t(TransferKey::Refuse) }</button>
                    </div>
                    if *refusing == Some(id) {
                        <div class="admin-panel">
                            <label class="field">
                                <span class="field-label">{ app.t(TransferKey::RefuseReason) }</span>
                                <input class="input" data-testid="transfer-refuse-reason" value={(*reason).clone()}
                                    oninput={on_reason.clone()} />
                            </label>
                            <button type="button" class="btn btn-small btn-danger" data-testid="transfer-refuse-submit"
                                onclick={act(id, "refuse")}>{ app.t(TransferKey::Refuse) }</button>
                        </div>
                    }
                }
                if !incoming && v.may_cancel {
                    <div class="action-row">
                        if t.dest_org_id.is_none() {
                            <button type="button" class="btn btn-small" data-testid="transfer-hand-over"
                                onclick={act(id, "hand_over")}>{ app.t(TransferKey::HandOver) }</button>
                        }
                        <button type="button" class="btn btn-small btn-ghost-danger" data-testid="transfer-cancel"
                            onclick={act(id, "cancel")}>{ app.t(TransferKey::Cancel) }</button>
                    </div>
                }
            </li>
        }
    };
    let side = |title: TransferKey,
                empty: TransferKey,
                rows: &[TransferView],
                incoming: bool,
                testid: &'static str| {
        html! {
            <section class="subsection" data-testid={testid}>
                <h3 class="sub-title">{ app.t(title) }</h3>
                if rows.is_empty() {
                    <p class="muted">{ app.t(empty) }</p>
                } else {
                    <ul class="plain-list">{ for rows.iter().map(|v| card(v, incoming)) }</ul>
                }
            </section>
        }
    };
    html! {
        <div data-testid="transfers">
            if let Some(e) = &*error {
                <p class="error-text" role="alert" data-testid="transfers-error">{ e }</p>
            }
            { match &*list {
                None => html! { <p class="muted">{ app.t(Key::Loading) }</p> },
                Some(Err(e)) => html! { <p class="error-text">{ e }</p> },
                Some(Ok(l)) => html! {
                    <>
                        { side(TransferKey::Incoming, TransferKey::NoneIncoming, &l.incoming, true, "transfers-incoming") }
                        { side(TransferKey::Outgoing, TransferKey::NoneOutgoing, &l.outgoing, false, "transfers-outgoing") }
                    </>
                },
            } }
        </div>
    }
}
