//! Ask the replica for its status every few seconds (often while a sync runs, so the
//! progress bar moves), for as long as the app is open.

use crate::effects::{refresh_status, Dispatch};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

const SLOW: Duration = Duration::from_secs(4);
const FAST: Duration = Duration::from_millis(600);

#[hook]
pub fn use_status_poll(dispatch: Dispatch, fast: bool) {
    use_effect_with(fast, move |&fast| {
        // The loop stops when the period changes or the app goes away.
        let alive = Rc::new(Cell::new(true));
        let running = alive.clone();
        spawn_local(async move {
            let period = if fast { FAST } else { SLOW };
            while running.get() {
                refresh_status(&dispatch).await;
                sleep(period).await;
            }
        });
        move || alive.set(false)
    });
}
