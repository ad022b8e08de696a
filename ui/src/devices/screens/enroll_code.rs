//! A freshly issued one-time enrollment code, shown once: the code in large letters,
//! the server's address, when it expires, and a QR holding both (so one scan fills the
//! whole enrollment form); the card prints on its own ("In thẻ"). The QR is drawn here
//! as an SVG document and shown through an `<img>` from a `data:` URL, so nothing in
//! it can run.

use crate::devices::strings::DeviceKey;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::i18n::Key;
use sotay_model::devices::{enroll_link, EnrollCode};
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

/// The enrollment QR: the server's address and the code ([`enroll_link`]); without a
/// known address (not yet enrolled, which cannot issue codes), the code alone.
pub fn enroll_qr_svg(server: Option<&str>, code: &str) -> Option<String> {
    let text = match server {
        Some(s) if !s.trim().is_empty() => enroll_link(s, code),
        _ => code.to_string(),
    };
    let qr = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        qr.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[function_component(EnrollCodeCard)]
pub fn enroll_code_card(p: &EnrollCodeProps) -> Html {
    let app = use_app();
    let c = &p.code;
    let server = app.status.as_ref().and_then(|s| s.server.clone());
    // The replica's own QR (the code alone) is the fallback if drawing fails.
    let svg = enroll_qr_svg(server.as_deref(), &c.code).unwrap_or_else(|| c.qr_svg.clone());
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="code-card" data-testid="enroll-code-panel">
            <div class="code-text-box">
                <p class="eyebrow">{ app.t(DeviceKey::CodeTitle) }</p>
                <p class="muted">{ app.tf(DeviceKey::CodeFor, &[&p.name]) }</p>
                <p class="code-big mono" data-testid="enroll-code-text">{ &c.code }</p>
                if let Some(s) = &server {
                    <p class="small code-server">
                        { app.t(DeviceKey::ServerLabel) }{ ": " }
                        <span class="mono" data-testid="enroll-code-server">{ s }</span>
                    </p>
                }
                <p class="muted small">
                    { app.tf(DeviceKey::CodeExpires, &[&show_time(c.expires_ms, local_offset_minutes())]) }
                </p>
                <p class="small">{ app.t(DeviceKey::CodeHowTo) }</p>
                <div class="code-actions">
                    <button type="button" class="btn btn-small" onclick={print}
                        data-testid="enroll-code-print">{ app.t(DeviceKey::PrintCard) }</button>
                    <button type="button" class="btn btn-small" onclick={p.on_close.clone()}
                        data-testid="enroll-code-close">{ app.t(Key::Close) }</button>
                </div>
            </div>
            <img class="qr" src={svg_data_url(&svg)} alt={app.t(DeviceKey::QrAlt)}
                data-testid="enroll-code-qr" width="200" height="200" />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_qr_holds_the_server_and_the_code() {
        let svg = enroll_qr_svg(Some("https://sotay.vidu.vn"), "K7QX-M2PA");
        let bare = enroll_qr_svg(None, "K7QX-M2PA");
        // The link is longer than the code: a larger QR version, so a different image.
        assert!(svg.is_some() && bare.is_some());
        assert_ne!(svg, bare);
        let link = enroll_link("https://sotay.vidu.vn", "K7QX-M2PA");
        let qr = qrcode::QrCode::new(link.as_bytes()).expect("a QR of the link");
        let drawn = qr
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        assert_eq!(svg.as_deref(), Some(drawn.as_str()));
    }
}
