//! A PostgreSQL for tests: the server named by `SOTAY_TEST_PG`, and one throw-away
//! schema per store family (dropped when the guard goes).

use sotay_server::postgres::PgConfig;
use sotay_server::PgStore;

pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn url() -> String {
    std::env::var("SOTAY_TEST_PG").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

fn config() -> PgConfig {
    let mut c: PgConfig = url().parse().expect("SOTAY_TEST_PG is a PostgreSQL URL");
    c.connect_timeout(std::time::Duration::from_secs(5));
    c
}

/// Under CI (or `cargo xtask test`, which starts a server) the tests must not skip.
fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("SOTAY_PG_REQUIRED").is_ok_and(|v| v == "1")
}

/// The schemas one test made (dropped at its end).
#[derive(Default)]
pub struct Pg {
    pub schemas: Vec<Schema>,
}

impl Pg {
    /// A handle if the database answers. If not: a panic under `CI=true` or
    /// `SOTAY_PG_REQUIRED=1` (the suite must run there), else a note on stderr and `None` (the caller skips).
    pub fn reachable() -> Option<Pg> {
        match config().connect(postgres::NoTls) {
            Ok(_) => Some(Pg::default()),
            Err(e) if required() => panic!(
                "PostgreSQL at {} is unreachable under CI=true or SOTAY_PG_REQUIRED=1: {e} \
                 (run `cargo xtask test`, which starts one, or set SOTAY_TEST_PG)",
                url()
            ),
            Err(e) => {
                // Straight to stderr: the test harness would swallow `eprintln!`.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: PostgreSQL at {} is unreachable ({e}); set SOTAY_TEST_PG or run \
                     `cargo xtask test` to run the PostgreSQL tests",
                    url()
                );
                None
            }
        }
    }
}

/// A fresh schema; stores opened on it keep their tables there.
pub struct Schema {
    name: String,
}

impl Schema {
    pub fn new() -> Schema {
        let name = format!("sotay_test_{:016x}", rand::random::<u64>());
        let mut client = config().connect(postgres::NoTls).expect("connect");
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create schema");
        Schema { name }
    }

    /// A plain connection on this schema, for a test to change what a store reads.
    pub fn client(&self) -> postgres::Client {
        let mut c = config();
        c.options(&format!("-c search_path={}", self.name));
        c.connect(postgres::NoTls).expect("connect")
    }

    /// A new store (its own pool) on this schema, as a new server process would open it.
    pub fn store(&self) -> PgStore {
        let mut c = config();
        c.options(&format!("-c search_path={}", self.name));
        PgStore::connect(c, 4).expect("open PgStore")
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut client) = config().connect(postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}
