//! The QR scanner: the camera's picture with an aiming frame; a few times a second the
//! current frame is read through a hidden canvas and decoded in Rust (`qr`). Each new
//! text found is handed to `on_scan`; the parent decides whether it is the code it
//! wants and unmounts the scanner when done, which stops the camera. When the camera
//! cannot be opened it says why in the user's language and the parent's typed field
//! stays the way in.
//!
//! ```ignore
//! html! { <QrScan on_scan={on_text} on_close={close} problem={last_problem} /> }
//! ```

use crate::camera::{self, CameraError};
use crate::hooks::use_app;
use crate::i18n::scan::{self as strings, SKey};
use crate::qr;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlVideoElement, MediaStream};
use yew::platform::spawn_local;
use yew::prelude::*;

/// How often a frame is read: often enough to feel immediate, rare enough that a
/// cheap phone keeps up (decoding a 640-wide frame takes tens of milliseconds).
const FRAME_EVERY_MS: i32 = 200;

#[derive(Properties, PartialEq)]
pub struct QrScanProps {
    /// Each distinct text read from a QR code; the same code held in view is sent once.
    pub on_scan: Callback<String>,
    /// The person closed the scanner; the parent unmounts it (the camera stops then).
    pub on_close: Callback<()>,
    /// What to aim at; by default "Đưa mã QR vào giữa khung hình…".
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The parent's word on the last text (say, "not an enrollment code"); the
    /// scanner keeps looking meanwhile.
    #[prop_or_default]
    pub problem: Option<AttrValue>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Opening,
    Live,
    Failed(CameraError),
}

impl Phase {
    fn name(&self) -> &'static str {
        match self {
            Phase::Opening => "opening",
            Phase::Live => "live",
            Phase::Failed(_) => "failed",
        }
    }
}

#[function_component(QrScan)]
pub fn qr_scan(props: &QrScanProps) -> Html {
    let app = use_app();
    let phase = use_state(|| Phase::Opening);
    // Bumped by "Thử lại": a new attempt is a new camera session.
    let attempt = use_state(|| 0u32);
    let video = use_node_ref();
    let canvas = use_node_ref();
    // The frame timer outlives renders: it reads the newest callback from here.
    let on_scan = use_mut_ref(|| props.on_scan.clone());
    *on_scan.borrow_mut() = props.on_scan.clone();

    {
        let (phase, video, canvas, on_scan) = (
            phase.clone(),
            video.clone(),
            canvas.clone(),
            on_scan.clone(),
        );
        use_effect_with(*attempt, move |_| {
            let session = Rc::new(Session::default());
            phase.set(Phase::Opening);
            spawn_local(run(session.clone(), phase, video, canvas, on_scan));
            move || session.stop()
        });
    }

    let lang = app.lang;
    let failed = matches!(*phase, Phase::Failed(_));
    let close = props.on_close.reform(|_: MouseEvent| ());
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    let hint = props
        .hint
        .clone()
        .unwrap_or_else(|| strings::text(lang, SKey::Aim).into());
    html! {
        <section class="qr-scan" data-testid="qr-scan" data-state={phase.name()}
            aria-label={strings::text(lang, SKey::Title)}>
            if let Phase::Failed(e) = &*phase {
                <p class="qr-scan-error" role="alert" data-testid="qr-scan-error">
                    { strings::camera_error(lang, e) }
                </p>
            }
            // Always in the page (hidden after a failure), so a retry finds its element.
            <div class="qr-viewport" hidden={failed}>
                <video ref={video} class="qr-video" autoplay=true muted=true playsinline=true
                    aria-label={strings::text(lang, SKey::Video)}></video>
                <div class="qr-aim" aria-hidden="true"></div>
                if *phase == Phase::Opening {
                    <p class="qr-opening">{ strings::text(lang, SKey::Opening) }</p>
                }
            </div>
            if !failed {
                <p class="muted qr-hint">{ hint }</p>
            }
            if let Some(p) = &props.problem {
                <p class="qr-scan-error" role="alert" data-testid="qr-scan-problem">{ p }</p>
            }
            <canvas ref={canvas} class="qr-canvas" hidden=true></canvas>
            <div class="qr-actions">
                if failed {
                    <button type="button" class="btn btn-small" onclick={retry}
                        data-testid="qr-scan-retry">{ strings::text(lang, SKey::TryAgain) }</button>
                }
                <button type="button" class="btn btn-small btn-ghost" onclick={close}
                    data-testid="qr-scan-close">{ strings::text(lang, SKey::Stop) }</button>
            </div>
        </section>
    }
}

/// One opening of the camera, from the request to the last frame read.
#[derive(Default)]
struct Session {
    stopped: Cell<bool>,
    stream: RefCell<Option<MediaStream>>,
    video: RefCell<Option<HtmlVideoElement>>,
    timer: Cell<Option<i32>>,
    tick: RefCell<Option<Closure<dyn FnMut()>>>,
    /// The last text handed on, so a code held in view is not sent five times a second.
    last: RefCell<Option<String>>,
}

impl Session {
    /// End the session: no more frames, every camera track stopped.
    fn stop(&self) {
        self.stopped.set(true);
        if let (Some(id), Some(w)) = (self.timer.take(), web_sys::window()) {
            w.clear_interval_with_handle(id);
        }
        if let Some(stream) = self.stream.borrow_mut().take() {
            camera::stop(&stream, self.video.borrow().as_ref());
        }
        // The timer's closure may be the caller (a scan that made the parent unmount
        // the scanner): free it once the current call has returned, not during it.
        if let Some(tick) = self.tick.borrow_mut().take() {
            spawn_local(async move { drop(tick) });
        }
    }

    /// Read one frame; hand on a new text if it holds a QR code.
    fn read_frame(&self, canvas: &NodeRef, on_scan: &RefCell<Callback<String>>) {
        let video = self.video.borrow().clone();
        let (Some(video), Some(canvas)) = (video, canvas.cast::<HtmlCanvasElement>()) else {
            return;
        };
        let Some((w, h, luma)) = camera::grab(&video, &canvas) else {
            return;
        };
        let Some(text) = qr::decode_luma(w, h, &luma) else {
            return;
        };
        if self.last.borrow().as_deref() == Some(text.as_str()) {
            return;
        }
        *self.last.borrow_mut() = Some(text.clone());
        // Cloned out first: the parent may re-render (and replace it) synchronously.
        let callback = on_scan.borrow().clone();
        callback.emit(text);
    }
}

async fn run(
    session: Rc<Session>,
    phase: UseStateHandle<Phase>,
    video: NodeRef,
    canvas: NodeRef,
    on_scan: Rc<RefCell<Callback<String>>>,
) {
    let stream = match camera::open_rear().await {
        Ok(stream) => stream,
        Err(e) => {
            if !session.stopped.get() {
                phase.set(Phase::Failed(e));
            }
            return;
        }
    };
    // Unmounted while the permission question was open: give the camera back at once.
    let element = video.cast::<HtmlVideoElement>();
    let Some(element) = element.filter(|_| !session.stopped.get()) else {
        camera::stop(&stream, None);
        return;
    };
    *session.stream.borrow_mut() = Some(stream.clone());
    *session.video.borrow_mut() = Some(element.clone());
    camera::attach(&element, &stream).await;
    if session.stopped.get() {
        return;
    }
    phase.set(Phase::Live);

    // The closure holds the session weakly: the effect's clean-up owns it.
    let weak: Weak<Session> = Rc::downgrade(&session);
    let tick = Closure::<dyn FnMut()>::new(move || {
        if let Some(s) = weak.upgrade().filter(|s| !s.stopped.get()) {
            s.read_frame(&canvas, &on_scan);
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    match window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        FRAME_EVERY_MS,
    ) {
        Ok(id) => session.timer.set(Some(id)),
        Err(e) => phase.set(Phase::Failed(CameraError::from_js(&e))),
    }
    *session.tick.borrow_mut() = Some(tick);
}
