//! The device camera, for reading QR codes: open it (the rear one where there is a
//! choice), read one frame as greyscale through a canvas, and stop every track. The same
//! calls work in a browser, the Tauri webview on desktops and the phones' webviews.
//! Errors are kinds, not messages: the scanner says them in the user's language.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack,
};

/// Frames are scaled down to at most this width before decoding: enough for a QR held
/// at arm's length, and a quarter of a 1280-wide frame's work.
const MAX_WIDTH: u32 = 640;

/// Why the camera did not open (the `name` of the browser's `DOMException`, grouped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// No `navigator.mediaDevices` here: an old webview, or a page that is not a
    /// secure context (camera access needs https, localhost or the app's own scheme).
    Unsupported,
    /// The person, or the system's settings, refused the permission.
    Denied,
    /// There is no camera.
    NotFound,
    /// A camera exists but cannot be read (another app holds it).
    Busy,
    /// Anything else, with the browser's own words (for the log line of the report).
    Other(String),
}

impl CameraError {
    /// From the error a `getUserMedia` promise was rejected with.
    pub fn from_js(e: &JsValue) -> CameraError {
        let field = |name: &str| {
            js_sys::Reflect::get(e, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        CameraError::from_name(&field("name"), &field("message"))
    }

    /// The DOMException names of the Media Capture spec (and older Chrome ones).
    pub fn from_name(name: &str, message: &str) -> CameraError {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraError::Denied,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => {
                CameraError::NotFound
            }
            "NotReadableError" | "AbortError" | "TrackStartError" => CameraError::Busy,
            "TypeError" => CameraError::Unsupported,
            _ => CameraError::Other(format!("{name}: {message}")),
        }
    }
}

/// Open a camera, preferring the one facing away from the user ("environment").
/// `ideal`, not `exact`: a laptop's only camera faces the user and must still open.
pub async fn open_rear() -> Result<MediaStream, CameraError> {
    let window = web_sys::window().ok_or(CameraError::Unsupported)?;
    let navigator = window.navigator();
    let devices = js_sys::Reflect::get(&navigator, &JsValue::from_str("mediaDevices"))
        .map_err(|_| CameraError::Unsupported)?;
    if devices.is_undefined() || devices.is_null() {
        return Err(CameraError::Unsupported);
    }
    let devices: web_sys::MediaDevices = devices.unchecked_into();

    let video = js_sys::Object::new();
    let set = |obj: &js_sys::Object, key: &str, value: &JsValue| {
        // Setting a field on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
    };
    let ideal = |value: JsValue| {
        let o = js_sys::Object::new();
        set(&o, "ideal", &value);
        o
    };
    set(&video, "facingMode", &ideal("environment".into()));
    set(&video, "width", &ideal(1280.into()));
    set(&video, "height", &ideal(720.into()));
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::FALSE);
    constraints.set_video(&video);

    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| CameraError::from_js(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| CameraError::from_js(&e))?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| CameraError::Other("getUserMedia answered no stream".into()))
}

/// Show `stream` in `video` and start it playing (muted and inline, which is what lets
/// phones' webviews play it without a tap).
pub async fn attach(video: &HtmlVideoElement, stream: &MediaStream) {
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");
    video.set_src_object(Some(stream));
    if let Ok(playing) = video.play() {
        // A refused play() leaves the element paused; frames are then simply not read.
        let _ = JsFuture::from(playing).await;
    }
}

/// End every track of `stream` (the camera light goes off) and detach it from `video`.
pub fn stop(stream: &MediaStream, video: Option<&HtmlVideoElement>) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
    if let Some(video) = video {
        video.set_src_object(None);
    }
}

/// The current frame of `video` as (width, height, greyscale bytes), drawn through
/// `canvas` at no more than `MAX_WIDTH` pixels wide; `None` before the first frame has arrived.
pub fn grab(
    video: &HtmlVideoElement,
    canvas: &HtmlCanvasElement,
) -> Option<(usize, usize, Vec<u8>)> {
    // HAVE_CURRENT_DATA: a frame can be drawn.
    if video.ready_state() < 2 || video.video_width() == 0 || video.video_height() == 0 {
        return None;
    }
    let (vw, vh) = (video.video_width(), video.video_height());
    let w = vw.min(MAX_WIDTH);
    let h = (u64::from(vh) * u64::from(w) / u64::from(vw)).max(1) as u32;
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let ctx = context(canvas)?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w.into(), h.into())
        .ok()?;
    let data = ctx.get_image_data(0.0, 0.0, w.into(), h.into()).ok()?;
    Some((
        w as usize,
        h as usize,
        crate::qr::rgba_to_luma(&data.data()),
    ))
}

/// The canvas's 2D context, asked for as one read back often (kept in memory).
fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
    canvas
        .get_context_with_context_options("2d", &options)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_error_names_are_grouped_by_what_the_user_can_do() {
        assert_eq!(
            CameraError::from_name("NotAllowedError", ""),
            CameraError::Denied
        );
        assert_eq!(
            CameraError::from_name("NotFoundError", ""),
            CameraError::NotFound
        );
        assert_eq!(
            CameraError::from_name("NotReadableError", ""),
            CameraError::Busy
        );
        assert_eq!(
            CameraError::from_name("TypeError", "x"),
            CameraError::Unsupported
        );
        assert_eq!(
            CameraError::from_name("Weird", "boom"),
            CameraError::Other("Weird: boom".into())
        );
    }
}
