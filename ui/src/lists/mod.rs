//! Getting things out of the screens (issue 20): "Xuất Excel" on a list (members,
//! documents, meetings, tasks of an organisation: `ExportList`, delivered like every
//! export, opened by the desktop, downloaded by a browser) and "In" on a text to print
//! (the system's print dialog; `print.css` hides everything but the text).

pub mod print;
pub mod strings;

use crate::hooks::use_app;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::lists::requests::ExportList;
use sotay_model::lists::ListKind;
use strings::ListsKey;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Write `list` of `org_id` as .xlsx and deliver it; answers the file's name.
pub async fn export(list: ListKind, org_id: Id) -> Result<String, ApiError> {
    let file = crate::transport::ask(ExportList { list, org_id }).await?;
    crate::exports::deliver(&file.name, &format!("export-{}-download", list.slug())).await?;
    Ok(file.name)
}

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub list: ListKind,
    pub org_id: Id,
}

/// "Xuất Excel" and, once done, "Đã xuất tệp …" (or why not) beside it.
#[function_component(ExportListButton)]
pub fn export_list_button(p: &ExportProps) -> Html {
    let app = use_app();
    let busy = use_state(|| false);
    let done = use_state(|| None::<Result<String, String>>);
    {
        // Another organisation's list: the last outcome is not about it.
        let done = done.clone();
        use_effect_with((p.list, p.org_id), move |_| done.set(None));
    }
    let onclick = {
        let (busy, done, list, org) = (busy.clone(), done.clone(), p.list, p.org_id);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, done) = (busy.clone(), done.clone());
            spawn_local(async move {
                done.set(Some(export(list, org).await.map_err(|e| e.message)));
                busy.set(false);
            });
        })
    };
    let slug = p.list.slug();
    html! {
        <span class="export-list">
            <button type="button" class="btn btn-small" {onclick} disabled={*busy}
                data-testid={format!("export-{slug}")}>
                { app.t(if *busy { ListsKey::Exporting } else { ListsKey::ExportExcel }) }
            </button>
            { match &*done {
                Some(Ok(name)) => html! {
                    <span class="ok-text small" role="status" data-testid={format!("export-{slug}-done")}>
                        { app.tf(ListsKey::Exported, &[name]) }</span>
                },
                Some(Err(m)) => html! {
                    <span class="error-text small" role="alert" data-testid={format!("export-{slug}-error")}>{ m }</span>
                },
                None => html! {},
            } }
        </span>
    }
}
