//! Tài liệu: the library (issue 5). Three views — Văn bản (the list or search, with the
//! reader beside it on desktops and instead of it on phones), Học tập (documents to
//! study, bookmarks, who has read an assignment, storage) and, for offices that may
//! issue documents, Thêm văn bản.

pub mod add_document;
pub mod attach;
pub mod attachments;
pub mod doc_list;
pub mod import_documents;
pub mod reader;
pub mod storage;
pub mod study;

use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::library::strings::{lt, L};
use crate::rights::Rights;
use crate::state::Action;
use sotay_model::entities::Organisation;
use sotay_model::ids::Id;
use sotay_model::permissions::Action as Act;
use sotay_model::Entity;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Docs,
    Study,
    Add,
}

/// The organisations where the table lets the user `act` on `entity` rows, in tree order.
pub fn orgs_allowing(app: &AppHandle, entity: Entity, act: Act) -> Vec<Organisation> {
    let rights = Rights::new(app.status.as_ref(), app.org_list());
    app.org_list()
        .iter()
        .filter(|o| rights.may(entity, act, o.id))
        .cloned()
        .collect()
}

/// The library's text in the chosen language.
pub fn t(app: &AppHandle, k: L) -> &'static str {
    lt(app.lang, k)
}

#[function_component(LibraryPage)]
pub fn library_page() -> Html {
    let app = use_app();
    use_orgs();
    let view = use_state(|| View::Docs);
    // Bumped after a write here, so lists and the reader read again.
    let rev = use_state(|| 0u32);
    let changed = {
        let rev = rev.clone();
        Callback::from(move |_: ()| rev.set(*rev + 1))
    };
    let may_add = !orgs_allowing(&app, Entity::Document, Act::Create).is_empty();
    let open = app.doc_open;
    let on_open = {
        let (d, view) = (app.dispatcher(), view.clone());
        Callback::from(move |id: Id| {
            view.set(View::Docs);
            d.dispatch(Action::OpenDocument(id));
        })
    };
    let on_back = {
        let d = app.dispatcher();
        Callback::from(move |_: ()| d.dispatch(Action::CloseDocument))
    };
    let seg = |v: View, k: L, testid: &'static str| {
        let active = *view == v;
        let view = view.clone();
        let onclick = Callback::from(move |_| view.set(v));
        html! {
            <button type="button" class={classes!("seg", active.then_some("active"))}
                data-testid={testid} {onclick}>{ t(&app, k) }</button>
        }
    };
    let body = match *view {
        View::Docs => html! {
            <div class={classes!("lib-split", open.is_some().then_some("reading"))}>
                <section class="card lib-list-box">
                    <doc_list::DocList rev={*rev} selected={open} on_open={on_open.clone()} />
                </section>
                <section class="lib-reader-box">
                    if let Some(id) = open {
                        <reader::Reader key={id.to_string()} {id} rev={*rev}
                            on_changed={changed.clone()} on_back={on_back} />
                    } else {
                        <div class="card empty-state slim">
                            <p class="muted">{ t(&app, L::SelectDoc) }</p>
                        </div>
                    }
                </section>
            </div>
        },
        View::Study => html! { <study::StudyView rev={*rev} on_open={on_open.clone()} /> },
        View::Add => {
            let on_done = {
                let (on_open, changed) = (on_open.clone(), changed.clone());
                Callback::from(move |id: Id| {
                    changed.emit(());
                    on_open.emit(id);
                })
            };
            html! { <add_document::AddDocument {on_done} /> }
        }
    };
    html! {
        <div class="page library" data-testid="library">
            <div class="segmented sections lib-views">
                { seg(View::Docs, L::ViewDocs, "lib-view-docs") }
                { seg(View::Study, L::ViewStudy, "lib-view-study") }
                if may_add { { seg(View::Add, L::ViewAdd, "lib-view-add") } }
            </div>
            { body }
        </div>
    }
}
