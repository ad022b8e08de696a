//! Keep the organisation list fresh: read it when a screen that needs it appears and
//! again after each completed sync.

use crate::effects;
use crate::hooks::use_app;
use yew::prelude::*;

#[hook]
pub fn use_orgs() {
    let app = use_app();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let d = app.dispatcher();
    use_effect_with(synced, move |_| effects::load_orgs(d));
}
