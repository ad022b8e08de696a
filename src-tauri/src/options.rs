//! Command-line options of the app binary, parsed by hand: WebDriver and the mobile
//! launchers add arguments of their own, which are ignored rather than refused.

use std::net::SocketAddr;
use std::path::PathBuf;

/// The identifier in tauri.conf.json; the data directory is named after it.
pub const IDENTIFIER: &str = "vn.sotay.app";

#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// The replica's home (`--home DIR`, else `SOTAY_HOME`, else the platform data dir).
    pub home: Option<PathBuf>,
    /// Serve the UI to a local browser instead of opening a window.
    pub headless: bool,
    /// The built UI for headless mode (`--ui DIR`, default `ui/dist`).
    pub ui: Option<PathBuf>,
    /// Where headless mode listens (`--listen ADDR`, default `127.0.0.1:0`).
    pub listen: Option<SocketAddr>,
}

impl Options {
    pub fn from_env() -> Options {
        let mut options = Options::parse(std::env::args().skip(1));
        if options.home.is_none() {
            options.home = std::env::var_os("SOTAY_HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from);
        }
        options
    }

    pub fn parse(args: impl IntoIterator<Item = String>) -> Options {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) => (f.to_string(), Some(v.to_string())),
                None => (arg, None),
            };
            let mut value = || inline.clone().or_else(|| args.next());
            match flag.as_str() {
                "--headless" => options.headless = true,
                "--home" => options.home = value().map(PathBuf::from),
                "--ui" => options.ui = value().map(PathBuf::from),
                "--listen" => options.listen = value().and_then(|v| v.parse().ok()),
                _ => {}
            }
        }
        options
    }
}

/// The platform data directory Tauri's `app_data_dir()` uses, for headless mode
/// (which runs without a Tauri app to ask).
pub fn platform_home() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join(IDENTIFIER))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Options {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn no_arguments_means_a_window_on_the_default_home() {
        assert_eq!(parse(&[]), Options::default());
    }

    #[test]
    fn headless_with_home_ui_and_listen() {
        let o = parse(&[
            "--headless",
            "--home",
            "/h",
            "--ui=/u",
            "--listen",
            "127.0.0.1:9",
        ]);
        assert!(o.headless);
        assert_eq!(o.home, Some(PathBuf::from("/h")));
        assert_eq!(o.ui, Some(PathBuf::from("/u")));
        assert_eq!(o.listen, Some("127.0.0.1:9".parse().expect("address")));
    }

    #[test]
    fn arguments_added_by_launchers_are_ignored() {
        let o = parse(&["--automation", "--home", "/h", "-psn_0_1"]);
        assert_eq!(o.home, Some(PathBuf::from("/h")));
        assert!(!o.headless);
    }
}
