//! The one confirmation before an action that cannot be undone (approving minutes,
//! cancelling a meeting): it says what will happen, lists what is still missing (empty
//! agenda items, no votes) so the user sees it before, not after, and needs a second,
//! deliberate press. Drawn inline under the button that opened it (no modal layer to
//! trap focus on phones); focus moves to it so a keyboard or screen reader lands there.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// What will happen, as one sentence ("Duyệt sẽ khóa biên bản…").
    pub question: AttrValue,
    /// What is missing or worth a look, one line each; none: nothing is listed.
    #[prop_or_default]
    pub warnings: Vec<AttrValue>,
    /// The heading over `warnings`.
    #[prop_or_default]
    pub warnings_title: Option<AttrValue>,
    pub confirm_label: AttrValue,
    pub cancel_label: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Draw the confirm button as dangerous (red).
    #[prop_or_default]
    pub danger: bool,
    /// While the action runs the confirm button is disabled.
    #[prop_or_default]
    pub busy: bool,
    /// Extra fields the action needs (a reason), shown above the buttons.
    #[prop_or_default]
    pub children: Html,
    pub testid: AttrValue,
}

#[function_component(Confirm)]
pub fn confirm(p: &ConfirmProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let yes = {
        let cb = p.on_confirm.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(())
        })
    };
    let no = {
        let cb = p.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let has_warnings = !p.warnings.is_empty();
    html! {
        <form class={classes!("confirm", has_warnings.then_some("confirm-warn"))} role="alertdialog"
            aria-label={p.question.clone()} tabindex="-1" ref={node} onsubmit={yes}
            data-testid={p.testid.clone()}>
            <p class="confirm-question" data-testid="confirm-question">{ &p.question }</p>
            if has_warnings {
                if let Some(t) = &p.warnings_title {
                    <p class="confirm-warnings-title"><strong>{ t }</strong></p>
                }
                <ul class="confirm-warnings" data-testid="confirm-warnings">
                    { for p.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
            { p.children.clone() }
            <div class="actions">
                <button type="submit" class={classes!("btn", if p.danger { "btn-danger" } else { "btn-primary" })}
                    disabled={p.busy} aria-busy={p.busy.to_string()} data-testid="confirm-yes">{ &p.confirm_label }</button>
                <button type="button" class="btn" onclick={no} data-testid="confirm-no">{ &p.cancel_label }</button>
            </div>
        </form>
    }
}
