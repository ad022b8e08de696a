//! "Đảng phí của tôi": the member's year (DuesStatus without a member): each month's
//! owed, paid and state, the totals and balance, and the payments the cell recorded,
//! corrections shown with their reasons. Read only: the cell's book records them.

use super::member::member_card;
use super::{this_month, YearSelect};
use crate::dues::strings::DuesKey;
use crate::hooks::use_app;
use sotay_model::api::ApiError;
use sotay_model::dues::api::MemberDues;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MineProps {
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(MyDues)]
pub fn my_dues(p: &MineProps) -> Html {
    let app = use_app();
    let dues = use_state(|| None::<(u32, Result<MemberDues, ApiError>)>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let dues = dues.clone();
        use_effect_with((p.year, synced), move |(year, _)| {
            let year = *year;
            spawn_local(async move {
                dues.set(Some((year, crate::dues::client::mine(year).await)));
            });
        });
    }
    let body = match &*dues {
        Some((y, Ok(d))) if *y == p.year => {
            member_card(&app, d, this_month(), false, Callback::noop())
        }
        Some((y, Err(e))) if *y == p.year => {
            html! { <p class="error-text" data-testid="dues-error">{ &e.message }</p> }
        }
        _ => html! { <p class="muted">{ app.t(DuesKey::Loading) }</p> },
    };
    html! {
        <div class="dues-mine" data-testid="dues-mine-page">
            <div class="meetings-top">
                <h2>{ app.t(DuesKey::MyTitle) }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            { body }
        </div>
    }
}
