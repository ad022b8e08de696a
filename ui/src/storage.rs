//! What the UI itself remembers in the browser: only the language choice. Everything
//! else lives in the replica.

use crate::i18n::Lang;

const LANG_KEY: &str = "sotay.lang";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_lang() -> Lang {
    local()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .map(|c| Lang::from_code(&c))
        .unwrap_or_default()
}

pub fn save_lang(lang: Lang) {
    if let Some(s) = local() {
        // A refused write only means the choice is forgotten at the next start.
        let _ = s.set_item(LANG_KEY, lang.code());
    }
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
}
