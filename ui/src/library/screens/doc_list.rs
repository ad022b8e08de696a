//! The library's list: newest documents first, paged ("Xem thêm"); filters by kind,
//! issuer and year that combine with the search box; search results ranked, with the
//! matched words of the title and snippet marked. Marks come as spans of plain text
//! and are drawn as `<mark>` elements: nothing from the data is parsed as HTML.

use super::t;
use crate::hooks::{use_app, AppHandle};
use crate::library::client::{self as lc, Filters};
use crate::library::strings::{self as lib, ltf, L};
use crate::library::{FilterChoices, MAX_HITS, PAGE};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::library::{DocumentCard, SearchHit, TextSpan};
use sotay_model::permissions::Action as Act;
use sotay_model::vn::show_date;
use sotay_model::Entity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocListProps {
    pub rev: u32,
    pub selected: Option<Id>,
    pub on_open: Callback<Id>,
}

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    List(Vec<DocumentCard>, bool),
    Hits(Vec<SearchHit>),
}

/// Spans with their hits marked; the text goes in as text nodes.
pub fn marked(spans: &[TextSpan]) -> Html {
    html! {
        { for spans.iter().map(|s| if s.hit {
            html! { <mark>{ &s.text }</mark> }
        } else {
            html! { { &s.text } }
        }) }
    }
}

pub fn status_class(s: DocStatus) -> &'static str {
    match s {
        DocStatus::InForce => "pill pill-ok",
        DocStatus::Replaced => "pill pill-warn",
        DocStatus::Expired => "pill pill-off",
    }
}

/// One document in a list; `title` and `snippet` are given for a search hit.
pub fn doc_row(
    app: &AppHandle,
    d: &DocumentCard,
    hit: Option<&SearchHit>,
    selected: bool,
    on_open: &Callback<Id>,
) -> Html {
    let id = d.id;
    let onclick = on_open.reform(move |_| id);
    html! {
        <li key={d.id.to_string()}>
            <button type="button" class={classes!("doc-row", selected.then_some("selected"))}
                data-testid="doc-row" data-doc-id={d.id.to_string()} {onclick}>
                <span class="doc-line">
                    <span class="doc-kind">{ t(app, lib::kind(d.kind)) }</span>
                    <span class="mono doc-number">{ &d.number }</span>
                    <span class={status_class(d.status)}>{ t(app, lib::status(d.status)) }</span>
                </span>
                <span class="doc-title">
                    if let Some(h) = hit { { marked(&h.title) } } else { { &d.title } }
                </span>
                <span class="doc-meta">{ format!("{} · {}", d.issuer, show_date(&d.issued_on)) }</span>
                if let Some(h) = hit.filter(|h| !h.snippet.is_empty()) {
                    <span class="doc-snippet" data-testid="doc-snippet">{ marked(&h.snippet) }</span>
                }
            </button>
        </li>
    }
}

fn select<T: Copy + 'static>(
    label: &'static str,
    testid: &'static str,
    all: &'static str,
    options: Vec<(T, String)>,
    current: Option<usize>,
    on: Callback<Option<T>>,
) -> Html {
    let values: Vec<T> = options.iter().map(|(v, _)| *v).collect();
    let onchange = Callback::from(move |e: Event| {
        let i = e
            .target_unchecked_into::<HtmlSelectElement>()
            .selected_index();
        // Index 0 is "all"; the others follow the options' order.
        on.emit(
            usize::try_from(i - 1)
                .ok()
                .and_then(|i| values.get(i).copied()),
        );
    });
    html! {
        <select class="input lib-filter" aria-label={label} data-testid={testid} {onchange}>
            <option selected={current.is_none()}>{ all }</option>
            { for options.iter().enumerate().map(|(i, (_, name))| html! {
                <option selected={current == Some(i)}>{ name }</option>
            }) }
        </select>
    }
}

/// Whether the user's office may add documents issued by `org`.
fn may_import(app: &AppHandle, org: Id) -> bool {
    super::orgs_allowing(app, Entity::Document, Act::Create)
        .iter()
        .any(|o| o.id == org)
}

#[function_component(DocList)]
pub fn doc_list(p: &DocListProps) -> Html {
    let app = use_app();
    let query = use_state(String::new);
    let filters = use_state(Filters::default);
    let limit = use_state(|| PAGE);
    let shown = use_state(|| None::<Result<Shown, ApiError>>);
    let importing = use_state(|| false);
    // Bumped once an import wrote documents, so the list reads again.
    let imported = use_state(|| 0u32);
    let choices = use_state(FilterChoices::default);
    // Answers to earlier keystrokes may come after later ones: only the last counts.
    let asked = use_mut_ref(|| 0u64);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let (shown, choices, asked) = (shown.clone(), choices.clone(), asked.clone());
        let key = (
            (*query).trim().to_string(),
            *filters,
            *limit,
            (p.rev, *imported),
            synced,
        );
        use_effect_with(key, move |(q, f, limit, _, _)| {
            let (q, f, limit) = (q.clone(), *f, *limit);
            *asked.borrow_mut() += 1;
            let mine = *asked.borrow();
            spawn_local(async move {
                let got = if q.is_empty() {
                    lc::list(f, 0, limit).await.map(|(d, m)| Shown::List(d, m))
                } else {
                    lc::search(q, f, limit).await.map(Shown::Hits)
                };
                if *asked.borrow() != mine {
                    return;
                }
                if let Ok(Shown::List(docs, _)) = &got {
                    let mut c = (*choices).clone();
                    c.add(docs);
                    choices.set(c);
                }
                shown.set(Some(got));
            });
        });
    }
    let on_query = {
        let (query, limit) = (query.clone(), limit.clone());
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
            limit.set(PAGE);
        })
    };
    let set_filter = |apply: fn(&mut Filters, Option<u32>)| {
        let (filters, limit) = (filters.clone(), limit.clone());
        move |v: Option<u32>| {
            let mut f = *filters;
            apply(&mut f, v);
            filters.set(f);
            limit.set(PAGE);
        }
    };
    let kinds: Vec<(DocKind, String)> = DocKind::ALL
        .iter()
        .map(|k| (*k, t(&app, lib::kind(*k)).to_string()))
        .collect();
    let kind_at = filters
        .kind
        .and_then(|k| DocKind::ALL.iter().position(|x| *x == k));
    let on_kind = {
        let (filters, limit) = (filters.clone(), limit.clone());
        Callback::from(move |k: Option<DocKind>| {
            filters.set(Filters {
                kind: k,
                ..*filters
            });
            limit.set(PAGE);
        })
    };
    let issuers = choices.issuers_sorted();
    let issuer_at = filters
        .org_id
        .and_then(|o| issuers.iter().position(|(id, _)| *id == o));
    let on_issuer = {
        let (filters, limit) = (filters.clone(), limit.clone());
        Callback::from(move |o: Option<Id>| {
            filters.set(Filters {
                org_id: o,
                ..*filters
            });
            limit.set(PAGE);
        })
    };
    let years: Vec<(u32, String)> = choices
        .years
        .iter()
        .map(|y| (u32::from(*y), y.to_string()))
        .collect();
    let year_at = filters
        .year
        .and_then(|y| choices.years.iter().position(|x| *x == y));
    let on_year = Callback::from(set_filter(|f, y| {
        f.year = y.and_then(|y| u16::try_from(y).ok())
    }));
    let more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    let more_button = |shown_n: usize| {
        html! {
            <div class="more">
                <span class="muted">{ ltf(app.lang, L::DocsShown, &[&shown_n.to_string()]) }</span>
                <button type="button" class="btn btn-small" onclick={more.clone()}
                    data-testid="docs-more">{ t(&app, L::ShowMore) }</button>
            </div>
        }
    };
    let body = match &*shown {
        None => html! { <p class="muted pad">{ app.t(crate::i18n::Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text pad">{ &e.message }</p> },
        Some(Ok(Shown::List(docs, more))) => html! {
            <>
                <p class="count muted" data-testid="docs-count">
                    { ltf(app.lang, L::DocsShown, &[&docs.len().to_string()]) }</p>
                if docs.is_empty() {
                    <p class="muted pad" data-testid="no-docs">{ t(&app, L::NoDocs) }</p>
                }
                <ul class="doc-list" data-testid="doc-list">
                    { for docs.iter().map(|d| doc_row(&app, d, None, p.selected == Some(d.id), &p.on_open)) }
                </ul>
                if *more { { more_button(docs.len()) } }
            </>
        },
        Some(Ok(Shown::Hits(hits))) => html! {
            <>
                // No hits: say so, and nothing about an order there is none of.
                if let Some(line) = crate::library::results_line(app.lang, hits.len()) {
                    <p class="count muted" data-testid="docs-count">{ line }</p>
                } else {
                    <p class="muted pad" data-testid="no-results">{ t(&app, L::NoResults) }</p>
                }
                <ul class="doc-list" data-testid="search-results">
                    { for hits.iter().map(|h| doc_row(&app, &h.document, Some(h), p.selected == Some(h.document.id), &p.on_open)) }
                </ul>
                if hits.len() as u32 >= *limit && *limit < MAX_HITS { { more_button(hits.len()) } }
            </>
        },
    };
    html! {
        <div class="doc-browser">
            <input class="input search" type="search" value={(*query).clone()} oninput={on_query}
                placeholder={t(&app, L::SearchPlaceholder)} aria-label={t(&app, L::SearchPlaceholder)}
                data-testid="doc-search" />
            <div class="lib-filters">
                { select(t(&app, L::FilterKind), "filter-kind", t(&app, L::AllKinds), kinds, kind_at, on_kind) }
                { select(t(&app, L::FilterIssuer), "filter-issuer", t(&app, L::AllIssuers), issuers, issuer_at, on_issuer) }
                { select(t(&app, L::FilterYear), "filter-year", t(&app, L::AllYears), years, year_at, on_year) }
            </div>
            // A list goes out to Excel per issuing organisation (`ExportList`), and
            // its office imports a folder of documents as that organisation's.
            if let Some(org) = filters.org_id {
                <div class="action-row list-actions">
                    <crate::lists::ExportListButton list={sotay_model::lists::ListKind::Documents} org_id={org} />
                    if may_import(&app, org) && !*importing {
                        <button type="button" class="btn btn-small" data-testid="import-docs-open"
                            onclick={let i = importing.clone(); move |_| i.set(true)}>
                            { t(&app, L::ImportFolder) }</button>
                    }
                </div>
                if *importing {
                    <super::import_documents::ImportDocumentsPanel org_id={org}
                        on_close={let i = importing.clone(); move |_| i.set(false)}
                        on_done={let i = imported.clone(); move |_| i.set(*i + 1)} />
                }
            }
            { body }
        </div>
    }
}
