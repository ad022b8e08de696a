//! Getting things out of the screens (issue 20): "Xuất Excel" on a list (members,
//! documents, meetings, tasks of an organisation: `ExportList`, delivered like every
//! export, opened by the desktop, downloaded by a browser) and "In" on a text to print
//! (the system's print dialog; `print.css` hides everything but the text).

pub mod print;
pub mod strings;

use crate::exports::Delivered;
use crate::hooks::use_app;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::lists::requests::ExportList;
use sotay_model::lists::ListKind;
use strings::ListsKey;
use yew::platform::spawn_local;
use yew::prelude::*;

/// A list written on the device, and how it reached the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub name: String,
    /// Where the device saved it: what the user is told when the desktop opens it, or
    /// cannot (no viewer), so the file can still be found.
    pub path: String,
    pub delivered: Result<Delivered, String>,
}

/// Write `list` of `org_id` as .xlsx and deliver it.
pub async fn export(list: ListKind, org_id: Id) -> Result<Exported, ApiError> {
    let file = crate::transport::ask(ExportList { list, org_id }).await?;
    let delivered =
        crate::exports::deliver(&file.name, &format!("export-{}-download", list.slug()))
            .await
            .map_err(|e| e.message);
    Ok(Exported {
        name: file.name,
        path: file.path,
        delivered,
    })
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
    let done = use_state(|| None::<Result<Exported, String>>);
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
                Some(Ok(Exported { name, path, delivered })) => match delivered {
                    Ok(Delivered::Downloaded) => html! {
                        <span class="ok-text small" role="status" data-testid={format!("export-{slug}-done")}>
                            { app.tf(ListsKey::Exported, &[name]) }</span>
                    },
                    Ok(Delivered::Opened) => html! {
                        <span class="ok-text small" role="status" data-testid={format!("export-{slug}-done")}>
                            { app.tf(ListsKey::ExportedAt, &[path]) }</span>
                    },
                    Err(why) => html! {
                        <span class="error-text small" role="alert" data-testid={format!("export-{slug}-done")}>
                            { app.tf(ListsKey::ExportedNotOpened, &[path, why]) }</span>
                    },
                },
                Some(Err(m)) => html! {
                    <span class="error-text small" role="alert" data-testid={format!("export-{slug}-error")}>{ m }</span>
                },
                None => html! {},
            } }
        </span>
    }
}
