//! A labelled text field, the one way forms here take typed input.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    pub testid: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let oninput = {
        let cb = p.on_change.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    html! {
        <label class="field">
            <span class="field-label">{ &p.label }</span>
            <input
                class="input"
                type={&p.input_type}
                value={&p.value}
                {oninput}
                data-testid={&p.testid}
                placeholder={p.placeholder.clone()}
                inputmode={p.inputmode.clone()}
                autocomplete={p.autocomplete.clone()}
                required={p.required}
                disabled={p.disabled}
            />
            if let Some(h) = &p.hint {
                <span class="field-hint">{ h }</span>
            }
        </label>
    }
}
