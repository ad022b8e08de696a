//! Work that goes to the Api and comes back as reducer actions. Each function starts
//! the call and returns at once; the answer is dispatched when it arrives.

use crate::administration::client as admin_client;
use crate::roster::sort_members;
use crate::state::{Action, AppState, Fetched};
use crate::sync::client as sync_client;
use sotay_model::ids::Id;
use yew::platform::spawn_local;
use yew::UseReducerDispatcher;

pub type Dispatch = UseReducerDispatcher<AppState>;

/// Read the status and, when the replica holds refused changes, their list.
pub async fn refresh_status(d: &Dispatch) {
    match sync_client::status().await {
        Ok(st) => {
            let has_rejected = st.rejected_changes > 0;
            d.dispatch(Action::StatusLoaded(st));
            let rejected = if has_rejected {
                sync_client::list_rejected().await.unwrap_or_default()
            } else {
                vec![]
            };
            d.dispatch(Action::RejectedLoaded(rejected));
        }
        Err(e) => d.dispatch(Action::StatusFailed(e)),
    }
}

/// Push and pull now; `first` keeps the enrollment screen up meanwhile.
pub fn sync_now(d: Dispatch, first: bool) {
    d.dispatch(Action::SyncStarted { first });
    spawn_local(async move {
        let r = sync_client::sync_now().await;
        // Read the status before leaving the syncing state, so the screen that
        // appears next already knows the outcome.
        refresh_status(&d).await;
        d.dispatch(Action::SyncFinished(r));
    });
}

pub fn load_orgs(d: Dispatch) {
    spawn_local(async move {
        d.dispatch(Action::OrgsLoaded(admin_client::list_orgs().await));
    });
}

pub fn load_members(d: Dispatch, org: Id) {
    spawn_local(async move {
        let result = admin_client::list_members(org).await.map(|mut list| {
            sort_members(&mut list);
            list
        });
        d.dispatch(Action::MembersLoaded(Fetched { key: org, result }));
    });
}

pub fn load_member(d: Dispatch, id: Id) {
    spawn_local(async move {
        let result = admin_client::get_member(id).await;
        d.dispatch(Action::MemberLoaded(Fetched { key: id, result }));
    });
}

pub fn dismiss_rejected(d: Dispatch, change_id: Id) {
    spawn_local(async move {
        // Hide it at once; if the replica refused, the next poll brings it back.
        d.dispatch(Action::RejectedDismissed(change_id));
        let _ = sync_client::dismiss_rejected(change_id).await;
    });
}
