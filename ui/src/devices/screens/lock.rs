//! The app PIN (DESIGN §5, issue 23 item 2). A locked app shows only the lock screen:
//! the PIN field and the replica's own answer to a wrong PIN (its count and back-off
//! wait); after unlocking, the pending sync runs. Cá nhân holds the setting: set,
//! change or remove the PIN, and lock now.

use crate::devices::client as devices_client;
use crate::devices::strings::DeviceKey;
use crate::effects;
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::state::Action;
use yew::platform::spawn_local;
use yew::prelude::*;

/// A new PIN as typed twice: 4 to 8 digits, both the same (the replica checks the
/// form again); the error says which rule failed.
pub fn check_new_pin(pin: &str, repeat: &str) -> Result<String, DeviceKey> {
    let pin = pin.trim();
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DeviceKey::PinForm);
    }
    if pin != repeat.trim() {
        return Err(DeviceKey::PinMismatch);
    }
    Ok(pin.to_string())
}

fn input_value(e: &InputEvent) -> String {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(LockScreen)]
pub fn lock_screen() -> Html {
    let app = use_app();
    let pin = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let oninput = {
        let pin = pin.clone();
        Callback::from(move |e: InputEvent| pin.set(input_value(&e)))
    };
    let onsubmit = {
        let (pin, error, busy) = (pin.clone(), error.clone(), busy.clone());
        let d = app.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || pin.trim().is_empty() {
                return;
            }
            busy.set(true);
            let (typed, pin, error, busy, d) = (
                pin.trim().to_string(),
                pin.clone(),
                error.clone(),
                busy.clone(),
                d.clone(),
            );
            spawn_local(async move {
                match devices_client::unlock(typed).await {
                    Ok(status) => {
                        error.set(None);
                        d.dispatch(Action::StatusLoaded(status));
                        // Syncing waited for the unlock: run it now.
                        effects::sync_now(d, false);
                    }
                    Err(e) => {
                        pin.set(String::new());
                        error.set(Some(e.message));
                    }
                }
                busy.set(false);
            });
        })
    };
    html! {
        <div class="enroll-screen lock-screen">
            <form class="card enroll-card" {onsubmit} novalidate=true data-testid="lock-screen">
                <div class="enroll-head">
                    <div class="logo-mark" aria-hidden="true">{"★"}</div>
                    <div>
                        <p class="eyebrow">{ app.t(Key::AppName) }</p>
                        <h1 class="title">{ app.t(DeviceKey::LockTitle) }</h1>
                    </div>
                </div>
                <p class="muted">{ app.t(DeviceKey::LockHint) }</p>
                <label class="field">
                    <span class="field-label">{ app.t(DeviceKey::PinLabel) }</span>
                    <input class="input pin-input" type="password" inputmode="numeric"
                        autocomplete="current-password" maxlength="8" value={(*pin).clone()}
                        {oninput} data-testid="lock-pin" autofocus=true />
                </label>
                if let Some(e) = &*error {
                    <p class="error-text" role="alert" data-testid="lock-error">{ e }</p>
                }
                <button type="submit" class="btn btn-primary btn-block" disabled={*busy}
                    data-testid="lock-submit">
                    { if *busy { app.t(DeviceKey::Unlocking) } else { app.t(DeviceKey::Unlock) } }
                </button>
            </form>
        </div>
    }
}

/// Cá nhân's PIN card: set a PIN, or change, remove it and lock now.
#[function_component(PinSettings)]
pub fn pin_settings() -> Html {
    let app = use_app();
    let pin_set = app.status.as_ref().is_some_and(|s| s.pin_set);
    let open = use_state(|| false);
    let confirm_remove = use_state(|| false);
    let pin = use_state(String::new);
    let repeat = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let busy = use_state(|| false);

    let typed = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| h.set(input_value(&e)))
    };
    // Every PIN request answers the new status: the card and the lock follow it.
    let send = {
        let (busy, message, open, confirm_remove) = (
            busy.clone(),
            message.clone(),
            open.clone(),
            confirm_remove.clone(),
        );
        let (pin, repeat) = (pin.clone(), repeat.clone());
        let d = app.dispatcher();
        let lang = app.lang;
        move |new_pin: Option<String>, done: DeviceKey| {
            busy.set(true);
            let (busy, message, open, confirm_remove, pin, repeat, d) = (
                busy.clone(),
                message.clone(),
                open.clone(),
                confirm_remove.clone(),
                pin.clone(),
                repeat.clone(),
                d.clone(),
            );
            spawn_local(async move {
                match devices_client::set_pin(new_pin).await {
                    Ok(status) => {
                        d.dispatch(Action::StatusLoaded(status));
                        use crate::i18n::Text;
                        message.set(Some(Ok(done.text(lang).to_string())));
                        open.set(false);
                        confirm_remove.set(false);
                        pin.set(String::new());
                        repeat.set(String::new());
                    }
                    Err(e) => message.set(Some(Err(e.message))),
                }
                busy.set(false);
            });
        }
    };
    let onsubmit = {
        let (pin, repeat, message) = (pin.clone(), repeat.clone(), message.clone());
        let send = send.clone();
        let lang = app.lang;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_new_pin(&pin, &repeat) {
                Ok(p) => send(Some(p), DeviceKey::PinSaved),
                Err(k) => {
                    use crate::i18n::Text;
                    message.set(Some(Err(k.text(lang).to_string())));
                }
            }
        })
    };
    let toggle = {
        let (open, message) = (open.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            message.set(None);
            open.set(!*open);
        })
    };
    let ask_remove = {
        let confirm_remove = confirm_remove.clone();
        Callback::from(move |_: MouseEvent| confirm_remove.set(true))
    };
    let remove = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(None, DeviceKey::PinRemoved))
    };
    let lock_now = {
        let d = app.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let d = d.clone();
            spawn_local(async move {
                if let Ok(status) = devices_client::lock().await {
                    d.dispatch(Action::StatusLoaded(status));
                }
            });
        })
    };
    html! {
        <section class="card pin-card" data-testid="pin-settings" data-pin={pin_set.to_string()}>
            <h2 class="card-title">{ app.t(DeviceKey::PinTitle) }</h2>
            <p class="muted small" data-testid="pin-state">
                { app.t(if pin_set { DeviceKey::PinOn } else { DeviceKey::PinOff }) }
            </p>
            <div class="row-actions">
                <button type="button" class="btn btn-small" onclick={toggle} data-testid="pin-open"
                    aria-expanded={open.to_string()}>
                    { app.t(if pin_set { DeviceKey::ChangePin } else { DeviceKey::SetPin }) }
                </button>
                if pin_set {
                    <button type="button" class="btn btn-small" onclick={lock_now}
                        data-testid="pin-lock-now">{ app.t(DeviceKey::LockNow) }</button>
                    if *confirm_remove {
                        <button type="button" class="btn btn-small btn-danger" onclick={remove}
                            disabled={*busy} data-testid="pin-remove-confirm">
                            { app.t(DeviceKey::RemovePinConfirm) }
                        </button>
                    } else {
                        <button type="button" class="btn btn-small btn-ghost" onclick={ask_remove}
                            data-testid="pin-remove">{ app.t(DeviceKey::RemovePin) }</button>
                    }
                }
            </div>
            if *open {
                <form class="pin-form" {onsubmit} novalidate=true data-testid="pin-form">
                    <label class="field">
                        <span class="field-label">{ app.t(DeviceKey::PinNew) }</span>
                        <input class="input" type="password" inputmode="numeric" maxlength="8"
                            autocomplete="new-password" value={(*pin).clone()}
                            oninput={typed(&pin)} data-testid="pin-new" />
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(DeviceKey::PinRepeat) }</span>
                        <input class="input" type="password" inputmode="numeric" maxlength="8"
                            autocomplete="new-password" value={(*repeat).clone()}
                            oninput={typed(&repeat)} data-testid="pin-repeat" />
                    </label>
                    <button type="submit" class="btn btn-primary btn-small" disabled={*busy}
                        data-testid="pin-save">{ app.t(Key::Save) }</button>
                </form>
            }
            { match &*message {
                Some(Ok(m)) => html! { <p class="note" role="status" data-testid="pin-message">{ m }</p> },
                Some(Err(m)) => html! { <p class="error-text" role="alert" data-testid="pin-error">{ m }</p> },
                None => html! {},
            } }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_pin_is_four_to_eight_digits_typed_twice_alike() {
        assert_eq!(check_new_pin("2468", "2468"), Ok("2468".into()));
        assert_eq!(
            check_new_pin(" 12345678 ", "12345678"),
            Ok("12345678".into())
        );
        assert_eq!(check_new_pin("123", "123"), Err(DeviceKey::PinForm));
        assert_eq!(
            check_new_pin("123456789", "123456789"),
            Err(DeviceKey::PinForm)
        );
        assert_eq!(check_new_pin("12a4", "12a4"), Err(DeviceKey::PinForm));
        assert_eq!(check_new_pin("2468", "2469"), Err(DeviceKey::PinMismatch));
    }
}
