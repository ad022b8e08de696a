//! The app state handle, provided once by `App` and read by every screen.

use crate::state::AppState;
use yew::prelude::*;

pub type AppHandle = UseReducerHandle<AppState>;

#[hook]
pub fn use_app() -> AppHandle {
    // `App` wraps every other component in the provider, so this is always present.
    use_context::<AppHandle>().expect("AppHandle is provided by App")
}
