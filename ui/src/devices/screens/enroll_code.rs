//! A freshly issued one-time enrollment code, shown once: the code in large letters,
//! when it expires, and its QR code. The replica draws the QR as an SVG document; it
//! is shown through an `<img>` from a `data:` URL, so nothing in it can run.

use crate::devices::strings::DeviceKey;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::i18n::Key;
use sotay_model::devices::EnrollCode;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EnrollCodeProps {
    pub code: EnrollCode,
    /// The member the code is for.
    pub name: AttrValue,
    pub on_close: Callback<MouseEvent>,
}

/// The SVG document as an image URL.
pub fn svg_data_url(svg: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}

#[function_component(EnrollCodeCard)]
pub fn enroll_code_card(p: &EnrollCodeProps) -> Html {
    let app = use_app();
    let c = &p.code;
    html! {
        <div class="code-card" data-testid="enroll-code-panel">
            <div class="code-text-box">
                <p class="eyebrow">{ app.t(DeviceKey::CodeTitle) }</p>
                <p class="muted">{ app.tf(DeviceKey::CodeFor, &[&p.name]) }</p>
                <p class="code-big mono" data-testid="enroll-code-text">{ &c.code }</p>
                <p class="muted small">
                    { app.tf(DeviceKey::CodeExpires, &[&show_time(c.expires_ms, local_offset_minutes())]) }
                </p>
                <p class="small">{ app.t(DeviceKey::CodeHowTo) }</p>
                <button type="button" class="btn btn-small" onclick={p.on_close.clone()}
                    data-testid="enroll-code-close">{ app.t(Key::Close) }</button>
            </div>
            <img class="qr" src={svg_data_url(&c.qr_svg)} alt={app.t(DeviceKey::QrAlt)}
                data-testid="enroll-code-qr" width="200" height="200" />
        </div>
    }
}
