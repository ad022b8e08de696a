//! Bình luận: the thread under an announcement, a document or a meeting, replies
//! nested under what they answer. Whoever reads the item comments and replies; the
//! author edits or withdraws their own; a committee hides another's with a reason
//! (kept in the server's audit log). Written offline, they sync like everything else.

use super::{error_text, when};
use crate::components::confirm::Confirm;
use crate::components::field::Field;
use crate::exchange::form::{comment_body, hide_reason, thread};
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, use_once, AppHandle};
use crate::i18n::Key;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::CommentView;
use sotay_model::exchange::requests::AddComment;
use sotay_model::exchange::{CommentTarget, TargetKind};
use sotay_model::ids::Id;
use std::future::Future;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThreadProps {
    pub target: CommentTarget,
}

/// What the one open box under a comment is doing.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    Reply(Id, String),
    Edit(Id, String),
    Withdraw(Id),
    Hide(Id, String),
}

fn kind_slug(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Announcement => "announcement",
        TargetKind::Document => "document",
        TargetKind::Meeting => "meeting",
    }
}

fn textarea(value: &str, oninput: Callback<String>, testid: &'static str, label: &str) -> Html {
    let oninput =
        oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <textarea class="input" rows="3" value={value.to_string()} {oninput} data-testid={testid}
            aria-label={label.to_string()} placeholder={label.to_string()} />
    }
}

#[function_component(CommentThread)]
pub fn comment_thread(p: &ThreadProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Vec<CommentView>, ApiError>>);
    let reload = use_state(|| 0u32);
    let text = use_state(String::new);
    let open = use_state(|| None::<Open>);
    let error = use_state(|| None::<String>);
    let once = use_once::<Id>();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((p.target, *reload, synced), move |(target, _, _)| {
            let target = *target;
            spawn_local(async move {
                list.set(Some(crate::exchange::client::comments(target).await));
            });
        });
    }
    // Run a change; on success close the box and read the thread again.
    let run = {
        let (reload, open, error) = (reload.clone(), open.clone(), error.clone());
        move |fut: std::pin::Pin<Box<dyn Future<Output = Result<(), ApiError>>>>| {
            let (reload, open, error) = (reload.clone(), open.clone(), error.clone());
            spawn_local(async move {
                match fut.await {
                    Ok(()) => {
                        open.set(None);
                        error.set(None);
                        reload.set(*reload + 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let set_open = |o: Option<Open>| {
        let (open, error) = (open.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            open.set(o.clone());
        })
    };
    let edit_open = |f: fn(&mut Open, String)| {
        let open = open.clone();
        Callback::from(move |v: String| {
            if let Some(mut o) = (*open).clone() {
                f(&mut o, v);
                open.set(Some(o));
            }
        })
    };
    let submit = {
        let (app, text, error, once, reload, target) = (
            app.clone(),
            text.clone(),
            error.clone(),
            once.clone(),
            reload.clone(),
            p.target,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match comment_body(&text) {
                Err(why) => error.set(Some(error_text(&app, why))),
                Ok(body) => {
                    let req = AddComment {
                        target,
                        body,
                        reply_to: None,
                    };
                    let (text, error, reload) = (text.clone(), error.clone(), reload.clone());
                    once.run(
                        format!("{req:?}"),
                        crate::exchange::client::add_comment(req),
                        move |r| match r {
                            Ok(_) => {
                                text.set(String::new());
                                error.set(None);
                                reload.set(*reload + 1);
                            }
                            Err(e) => error.set(Some(e.message)),
                        },
                    );
                }
            }
        })
    };
    // The open box's action (reply, edit, withdraw, hide), checked first.
    let act = {
        let (app, open, error, target, run) = (
            app.clone(),
            open.clone(),
            error.clone(),
            p.target,
            run.clone(),
        );
        Callback::from(move |_: ()| {
            use crate::exchange::client as xc;
            let checked = |r: Result<String, crate::exchange::form::FormError>| {
                r.map_err(|e| error.set(Some(error_text(&app, e)))).ok()
            };
            match (*open).clone() {
                Some(Open::Reply(id, body)) => {
                    if let Some(body) = checked(comment_body(&body)) {
                        let req = AddComment {
                            target,
                            body,
                            reply_to: Some(id),
                        };
                        run(Box::pin(
                            async move { xc::add_comment(req).await.map(drop) },
                        ));
                    }
                }
                Some(Open::Edit(id, body)) => {
                    if let Some(body) = checked(comment_body(&body)) {
                        run(Box::pin(xc::edit_comment(id, body)));
                    }
                }
                Some(Open::Withdraw(id)) => run(Box::pin(xc::withdraw_comment(id))),
                Some(Open::Hide(id, reason)) => {
                    if let Some(reason) = checked(hide_reason(&reason)) {
                        run(Box::pin(xc::hide_comment(id, reason)));
                    }
                }
                None => {}
            }
        })
    };
    let comments = match &*list {
        None => {
            return html! { <section class="card x-card x-thread"><p class="muted">{ app.t(XKey::Loading) }</p></section> }
        }
        Some(Err(e)) => {
            return html! { <section class="card x-card x-thread"><p class="error-text" data-testid="comment-load-error">{ &e.message }</p></section> }
        }
        Some(Ok(c)) => c,
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |v: String| text.set(v))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: ()| open.set(None))
    };
    let ctx = Ctx {
        app: &app,
        open: &open,
        close: &close,
        set_open: &set_open,
        edit_open: &edit_open,
        act: &act,
    };
    html! {
        <section class="card x-card x-thread" data-testid="comment-thread"
            data-target-kind={kind_slug(p.target.kind)} data-target-id={p.target.id.to_string()}>
            <h3 class="card-title">{ app.tf(XKey::CommentsTitle, &[&comments.len().to_string()]) }</h3>
            if comments.is_empty() {
                <p class="muted small" data-testid="comment-none">{ app.t(XKey::NoComments) }</p>
            } else {
                <ul class="x-comments" data-testid="comment-list">
                    { for thread(comments).into_iter().map(|(depth, c)| ctx.comment(depth, c)) }
                </ul>
            }
            if let Some(e) = &*error { <p class="error-text small" role="alert" data-testid="comment-error">{ e }</p> }
            <form class="x-comment-form" onsubmit={submit} data-testid="comment-form">
                { textarea(&text, on_text, "comment-input", app.t(XKey::WriteComment)) }
                <button type="submit" class="btn btn-primary btn-small" disabled={once.busy()}
                    data-testid="comment-send">{ app.t(XKey::SendComment) }</button>
            </form>
        </section>
    }
}

struct Ctx<'a, S, E> {
    app: &'a AppHandle,
    open: &'a UseStateHandle<Option<Open>>,
    close: &'a Callback<()>,
    set_open: &'a S,
    edit_open: &'a E,
    act: &'a Callback<()>,
}

impl<S, E> Ctx<'_, S, E>
where
    S: Fn(Option<Open>) -> Callback<MouseEvent>,
    E: Fn(fn(&mut Open, String)) -> Callback<String>,
{
    fn comment(&self, depth: u8, v: &CommentView) -> Html {
        let app = self.app;
        let c = &v.comment;
        let id = c.id;
        let edited = c.edited_ms > c.written_ms;
        let box_html = match &**self.open {
            Some(Open::Reply(at, body)) if *at == id => self.editor(
                body,
                "comment-reply-input",
                XKey::WriteReply,
                XKey::SendReply,
                "comment-reply-send",
            ),
            Some(Open::Edit(at, body)) if *at == id => self.editor(
                body,
                "comment-edit-input",
                XKey::EditComment,
                XKey::SaveEdit,
                "comment-edit-save",
            ),
            Some(Open::Withdraw(at)) if *at == id => html! {
                <Confirm question={app.t(XKey::WithdrawQuestion)} confirm_label={app.t(XKey::Withdraw)}
                    cancel_label={app.t(Key::Cancel)} on_confirm={self.act.clone()}
                    on_cancel={self.close.clone()}
                    danger=true testid="comment-withdraw-confirm" />
            },
            Some(Open::Hide(at, reason)) if *at == id => {
                let on_reason = (self.edit_open)(|o, v| {
                    if let Open::Hide(_, r) = o {
                        *r = v;
                    }
                });
                html! {
                    <Confirm question={app.t(XKey::HideQuestion)} confirm_label={app.t(XKey::Hide)}
                        cancel_label={app.t(Key::Cancel)} on_confirm={self.act.clone()}
                        on_cancel={self.close.clone()}
                        danger=true testid="comment-hide-confirm">
                        <Field label={app.t(XKey::HideReason)} value={reason.clone()} on_change={on_reason} testid="comment-hide-reason" />
                    </Confirm>
                }
            }
            _ => html! {},
        };
        let editing = matches!(&**self.open, Some(Open::Edit(at, _)) if *at == id);
        html! {
            <li key={id.to_string()} class={classes!("x-comment", (depth > 0).then_some("reply"))}
                style={format!("margin-left: {}px", u32::from(depth) * 16)}
                data-testid="comment" data-comment-id={id.to_string()} data-mine={v.mine.to_string()}
                data-depth={depth.to_string()}>
                <div class="x-comment-head">
                    <strong data-testid="comment-author">
                        // An author outside this device's organisations has no name here.
                        { if v.author_name.is_empty() { app.t(XKey::AuthorElsewhere) } else { v.author_name.as_str() } }
                    </strong>
                    <small class="muted">{ when(c.written_ms) }
                        if edited { { " · " }{ app.t(XKey::Edited) } }
                    </small>
                </div>
                if !editing {
                    <p class="x-comment-body" data-testid="comment-body">{ &c.body }</p>
                }
                <div class="x-comment-actions">
                    <button type="button" class="link-button" onclick={(self.set_open)(Some(Open::Reply(id, String::new())))}
                        data-testid="comment-reply">{ app.t(XKey::Reply) }</button>
                    if v.mine {
                        <button type="button" class="link-button" onclick={(self.set_open)(Some(Open::Edit(id, c.body.clone())))}
                            data-testid="comment-edit">{ app.t(XKey::Edit) }</button>
                        <button type="button" class="link-button" onclick={(self.set_open)(Some(Open::Withdraw(id)))}
                            data-testid="comment-withdraw">{ app.t(XKey::Withdraw) }</button>
                    } else if v.may_hide {
                        <button type="button" class="link-button" onclick={(self.set_open)(Some(Open::Hide(id, String::new())))}
                            data-testid="comment-hide">{ app.t(XKey::Hide) }</button>
                    }
                </div>
                { box_html }
            </li>
        }
    }

    /// The box to reply or edit: its text, send and cancel.
    fn editor(
        &self,
        body: &str,
        testid: &'static str,
        label: XKey,
        send: XKey,
        send_id: &'static str,
    ) -> Html {
        let app = self.app;
        let on_input = (self.edit_open)(|o, v| match o {
            Open::Reply(_, b) | Open::Edit(_, b) => *b = v,
            _ => {}
        });
        let act = self.act.reform(|_: MouseEvent| ());
        html! {
            <div class="x-comment-box">
                { textarea(body, on_input, testid, app.t(label)) }
                <div class="actions">
                    <button type="button" class="btn btn-primary btn-small" onclick={act} data-testid={send_id}>{ app.t(send) }</button>
                    <button type="button" class="btn btn-small" onclick={self.close.reform(|_: MouseEvent| ())} data-testid="comment-box-cancel">{ app.t(Key::Cancel) }</button>
                </div>
            </div>
        }
    }
}
