//! `cargo xtask gen --members N --years Y --out DIR [--seed S]`: a province-sized data
//! set in a server data directory. Thin: the generator is `sotay-server generate`.

use crate::cmd::{self, run};
use anyhow::{bail, Result};

const USAGE: &str = "usage: cargo xtask gen --members N --years Y --out DIR [--seed S]";

pub fn gen(args: &[String]) -> Result<()> {
    let mut pass: Vec<String> = Vec::new();
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else {
            bail!("{flag} needs a value\n\n{USAGE}");
        };
        match flag.as_str() {
            "--out" => out = Some(value.clone()),
            "--members" | "--years" | "--seed" => pass.extend([flag.clone(), value.clone()]),
            other => bail!("unknown option {other}\n\n{USAGE}"),
        }
    }
    let Some(out) = out else {
        bail!("{USAGE}");
    };
    run(cmd::cargo()
        .args(["run", "--release", "-p", "sotay-server", "--"])
        .args(["generate", "--data", &out])
        .args(&pass))
}
