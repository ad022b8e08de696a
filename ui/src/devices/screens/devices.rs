//! A member's devices, asked of the server (ListDevices): each with its name, when it
//! was enrolled and whether it is revoked; rename and revoke (after a confirmation).
//! The member sees their own (Cá nhân); a committee sees a member's from the member's
//! record. The device in hand is marked and cannot revoke itself from here.

use crate::devices::client as devices_client;
use crate::devices::strings::DeviceKey;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::i18n::Key;
use sotay_model::api::ApiError;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::DeviceInfo;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Editing {
    None,
    Rename(DeviceId, String),
    Revoke(DeviceId),
}

#[derive(Properties, PartialEq)]
pub struct DeviceListProps {
    /// `None`: the user's own devices.
    #[prop_or_default]
    pub member_id: Option<Id>,
}

type Devices = Option<Result<Vec<DeviceInfo>, ApiError>>;

fn load(list: UseStateHandle<Devices>, member: Option<Id>) {
    spawn_local(async move { list.set(Some(devices_client::list_devices(member).await)) });
}

/// Revoked devices last, then the newest first.
pub fn sort_devices(list: &mut [DeviceInfo]) {
    list.sort_by(|a, b| {
        (a.revoked_ms.is_some(), std::cmp::Reverse(a.created_ms))
            .cmp(&(b.revoked_ms.is_some(), std::cmp::Reverse(b.created_ms)))
    });
}

#[function_component(DeviceList)]
pub fn device_list(p: &DeviceListProps) -> Html {
    let app = use_app();
    let list = use_state(|| None as Devices);
    let editing = use_state(|| Editing::None);
    let message = use_state(|| None::<Result<String, String>>);
    let member = p.member_id;
    // Read again after each sync: a device enrolled meanwhile shows up.
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((member, synced), move |(m, _)| load(list, *m));
    }
    let this_device = app.status.as_ref().and_then(|s| s.device_id);

    // One finished call: show its outcome and read the list again.
    let finish = {
        let (list, editing, message) = (list.clone(), editing.clone(), message.clone());
        move |r: Result<DeviceInfo, ApiError>, ok: String| {
            match r {
                Ok(_) => {
                    editing.set(Editing::None);
                    message.set(Some(Ok(ok)));
                }
                Err(e) => message.set(Some(Err(e.message))),
            }
            load(list.clone(), member);
        }
    };
    let devices = match &*list {
        None => return html! { <p class="muted" data-testid="devices">{ app.t(Key::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="devices">{ &e.message }</p> }
        }
        Some(Ok(d)) => {
            let mut d = d.clone();
            sort_devices(&mut d);
            d
        }
    };
    let row = |d: &DeviceInfo| {
        let id = d.device_id;
        let here = this_device == Some(id);
        let when = show_time(d.created_ms, local_offset_minutes());
        let start_rename = {
            let (editing, name) = (editing.clone(), d.name.clone());
            Callback::from(move |_| editing.set(Editing::Rename(id, name.clone())))
        };
        let start_revoke = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(Editing::Revoke(id)))
        };
        let cancel = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(Editing::None))
        };
        let panel = match &*editing {
            Editing::Rename(e, name) if *e == id => {
                let on_input = {
                    let editing = editing.clone();
                    Callback::from(move |ev: InputEvent| {
                        let v = ev.target_unchecked_into::<HtmlInputElement>().value();
                        editing.set(Editing::Rename(id, v));
                    })
                };
                let save = {
                    let (finish, name, ok) = (
                        finish.clone(),
                        name.clone(),
                        app.t(DeviceKey::DeviceRenamed),
                    );
                    Callback::from(move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let (finish, name) = (finish.clone(), name.trim().to_string());
                        spawn_local(async move {
                            finish(
                                devices_client::rename_device(id, name).await,
                                ok.to_string(),
                            );
                        });
                    })
                };
                html! {
                    <form class="inline-form" onsubmit={save}>
                        <input class="input" value={name.clone()} oninput={on_input}
                            aria-label={app.t(DeviceKey::DeviceName)} data-testid="device-name-input" />
                        <button type="button" class="btn btn-ghost btn-small" onclick={cancel}>{ app.t(Key::Cancel) }</button>
                        <button type="submit" class="btn btn-primary btn-small" data-testid="device-save">{ app.t(Key::Save) }</button>
                    </form>
                }
            }
            Editing::Revoke(e) if *e == id => {
                let revoke = {
                    let (finish, ok) = (finish.clone(), app.t(DeviceKey::DeviceRevokedDone));
                    Callback::from(move |_| {
                        let finish = finish.clone();
                        spawn_local(async move {
                            finish(devices_client::revoke_device(id).await, ok.to_string());
                        });
                    })
                };
                html! {
                    <div class="admin-panel">
                        <p class="muted small">{ app.t(DeviceKey::RevokeHint) }</p>
                        <div class="form-actions">
                            <button type="button" class="btn btn-ghost btn-small" onclick={cancel}>{ app.t(Key::Cancel) }</button>
                            <button type="button" class="btn btn-danger btn-small" onclick={revoke}
                                data-testid="device-revoke-confirm">{ app.t(DeviceKey::RevokeConfirm) }</button>
                        </div>
                    </div>
                }
            }
            _ => html! {},
        };
        html! {
            <li class="device-row" data-testid="device-row" data-device-id={id.to_string()} key={id.to_string()}>
                <div class="device-main">
                    <span class="device-name" data-testid="device-name">{ &d.name }</span>
                    <span class="device-meta">
                        if here { <span class="pill" data-testid="device-this">{ app.t(DeviceKey::ThisDevice) }</span> }
                        if let Some(r) = d.revoked_ms {
                            <span class="pill pill-danger" data-testid="device-revoked">
                                { app.tf(DeviceKey::DeviceRevoked, &[&show_time(r, local_offset_minutes())]) }
                            </span>
                        } else {
                            <span class="muted">{ app.tf(DeviceKey::DeviceEnrolledAt, &[&when]) }</span>
                        }
                    </span>
                </div>
                if d.revoked_ms.is_none() {
                    <div class="device-actions">
                        <button type="button" class="btn btn-small" onclick={start_rename}
                            data-testid="device-rename">{ app.t(DeviceKey::Rename) }</button>
                        if !here {
                            <button type="button" class="btn btn-small btn-ghost-danger" onclick={start_revoke}
                                data-testid="device-revoke">{ app.t(DeviceKey::Revoke) }</button>
                        }
                    </div>
                }
                { panel }
            </li>
        }
    };
    html! {
        <div data-testid="devices">
            if devices.is_empty() {
                <p class="muted">{ app.t(DeviceKey::NoDevices) }</p>
            }
            <ul class="device-list">{ for devices.iter().map(row) }</ul>
            { match &*message {
                Some(Ok(m)) => html! { <p class="notice small" role="status" data-testid="device-notice">{ m }</p> },
                Some(Err(e)) => html! { <p class="error-text small" role="alert" data-testid="device-error">{ e }</p> },
                None => html! {},
            } }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(n: u128, created_ms: u64, revoked: bool) -> DeviceInfo {
        DeviceInfo {
            device_id: DeviceId::from_u128(n),
            member_id: Id::from_u128(1),
            name: format!("máy {n}"),
            created_ms,
            revoked_ms: revoked.then_some(created_ms + 1),
        }
    }

    #[test]
    fn live_devices_come_first_newest_first() {
        let mut list = vec![dev(1, 10, false), dev(2, 30, true), dev(3, 20, false)];
        sort_devices(&mut list);
        let order: Vec<u64> = list.iter().map(|d| d.created_ms).collect();
        assert_eq!(order, [20, 10, 30]);
    }
}
