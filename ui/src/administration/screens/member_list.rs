//! The members of the chosen organisation (and those below it), in the Vietnamese
//! order, with a diacritics-blind search and paging for long lists.

use crate::administration::strings::AdminKey;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{self, Key};
use crate::roster::{self, PAGE};
use crate::state::Action;
use sotay_model::entities::{Member, MemberStatus};
use sotay_model::vn::{given_name, show_date};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The first letter of the given name, for the avatar circle.
pub fn initial(full_name: &str) -> String {
    given_name(full_name)
        .0
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

fn row(app: &AppHandle, m: &Member) -> Html {
    let id = m.id;
    let d = app.dispatcher();
    let onclick = Callback::from(move |_| d.dispatch(Action::SelectMember(id)));
    let probation = m.status == MemberStatus::Probationary;
    html! {
        <li key={id.to_string()}>
            <button type="button" class="member-row" data-testid="member-row"
                data-member-id={id.to_string()} {onclick}>
                <span class="avatar">{ initial(&m.full_name) }</span>
                <span class="member-main">
                    <span class="member-name">{ &m.full_name }</span>
                    <span class="member-meta">
                        <span class="mono">{ &m.card_no }</span>
                        <span>{ app.tf(AdminKey::JoinedShort, &[&show_date(&m.joined_date)]) }</span>
                    </span>
                    // Narrow phones show the status under the name; wider screens at the side.
                    <span class={classes!("pill", "pill-inline", probation.then_some("pill-warn"))}>
                        { app.t(i18n::member_status(m.status)) }
                    </span>
                </span>
                <span class={classes!("pill", "pill-side", probation.then_some("pill-warn"))}>
                    { app.t(i18n::member_status(m.status)) }
                </span>
            </button>
        </li>
    }
}

#[function_component(MemberList)]
pub fn member_list() -> Html {
    let app = use_app();
    let query = use_state(String::new);
    let limit = use_state(|| PAGE);
    let org_id = app.org_view.selected_org;
    {
        // Another organisation starts with an empty search and the first page.
        let (query, limit) = (query.clone(), limit.clone());
        use_effect_with(org_id, move |_| {
            query.set(String::new());
            limit.set(PAGE);
        });
    }
    let Some(org_id) = org_id else {
        return html! {};
    };
    let on_search = {
        let (query, limit) = (query.clone(), limit.clone());
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
            limit.set(PAGE);
        })
    };
    let more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    let body = match app.members.as_ref().filter(|m| m.key == org_id) {
        None => html! { <p class="muted pad">{ app.t(Key::Loading) }</p> },
        Some(f) => match &f.result {
            Err(e) => html! { <p class="error-text pad">{ &e.message }</p> },
            Ok(list) if list.is_empty() => {
                html! { <p class="muted pad" data-testid="no-members">{ app.t(AdminKey::NoMembers) }</p> }
            }
            Ok(list) => {
                let (rows, total) = roster::visible(list, &query, *limit);
                let shown = rows.len();
                html! {
                    <>
                        <input class="input search" type="search" value={(*query).clone()}
                            oninput={on_search} placeholder={app.t(AdminKey::SearchMembers)}
                            aria-label={app.t(AdminKey::SearchMembers)} data-testid="member-search" />
                        <p class="count muted" data-testid="member-count">
                            if query.trim().is_empty() {
                                { app.tf(AdminKey::MembersCount, &[&list.len().to_string()]) }
                            } else {
                                { app.tf(AdminKey::Showing, &[&total.to_string(), &list.len().to_string()]) }
                            }
                        </p>
                        if total == 0 {
                            <p class="muted pad" data-testid="no-match">{ app.t(AdminKey::NoMatch) }</p>
                        }
                        <ul class="member-list">
                            { for rows.into_iter().map(|m| row(&app, m)) }
                        </ul>
                        if shown < total {
                            <div class="more">
                                <span class="muted">{ app.tf(AdminKey::Showing, &[&shown.to_string(), &total.to_string()]) }</span>
                                <button type="button" class="btn btn-small" onclick={more}
                                    data-testid="show-more">{ app.t(AdminKey::ShowMore) }</button>
                            </div>
                        }
                    </>
                }
            }
        },
    };
    html! {
        <div class="list-body" data-testid="member-list">{ body }</div>
    }
}

#[cfg(test)]
mod tests {
    use super::initial;

    #[test]
    fn avatar_letter_is_the_given_names() {
        assert_eq!(initial("Nguyễn Văn Đức"), "Đ");
        assert_eq!(initial("ánh"), "Á");
        assert_eq!(initial(""), "");
    }
}
