//! Generates the Tauri context (config, embedded `../ui/dist`, icons) and the ACL.
//! The app's own command `api` needs an app manifest, or capabilities cannot name it.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["api"]);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attributes) {
        // build scripts report by panicking; say what is usually wrong first.
        panic!("tauri-build failed (is ui/dist built? run `cargo xtask ui`): {e:#}");
    }
}
