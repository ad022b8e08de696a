//! The device the oversight bench measures (issue 18): a province officer's replica
//! holding the generated province of `members` members and five years of what the
//! features record. The organisations, members and posts are the server's own
//! generator's (`sotay_server::demo::generate`), pulled from its store into the
//! replica by `apply_pull_page`, the path a real pull takes. The activity is made
//! here as the features' own rows and applied by the same `apply_pull_page` in pages
//! (a real push and pull of some ten million rows would take most of an hour on two
//! cores): monthly meetings of every cell and committee with check-ins and marks,
//! quarterly tasks with reports and reviews, study assignments and read marks, dues
//! bases and quarterly payments, yearly rating decisions, announcements with read
//! receipts, and members who left or died.

use super::activity::{Activity, Tree};
use anyhow::{Context, Result};
use sotay_model::change::FieldValue;
use sotay_model::entities::{Member, Organisation, Position};
use sotay_model::hlc::Hlc;
use sotay_model::protocol::{Cursor, PullResponse, PulledRow, MAX_PULL};
use sotay_model::row::Row;
use sotay_model::{Entity, Id, RowState};
use sotay_replica::{apply_pull_page, Db, FileKeyStore, Identity};
use sotay_server::demo::{generate, GenOptions};
use sotay_server::{SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::path::Path;
use std::time::Instant;

/// Rows applied per page (one transaction each, as a pull page is).
const PAGE: usize = 5_000;

/// The stamps' device: the rows came from many phones, which the figures never ask.
const NODE: u128 = 0x0b5e_0000_0000_0000_0000_0000_0000_0001;

/// A placeholder for a struct's own `hlc`, which is not a field (`row` stamps).
pub fn stamp() -> Hlc {
    Hlc {
        wall_ms: 0,
        counter: 0,
        node: Id::from_u128(NODE),
    }
}

/// A row as the server would send it: every field stamped at `wall_ms`.
pub fn row<T: Row>(x: &T, wall_ms: u64) -> RowState {
    let hlc = Hlc { wall_ms, ..stamp() };
    RowState {
        entity: T::ENTITY,
        row_id: x.id(),
        org_id: x.owning_org(),
        fields: x
            .to_fields()
            .into_iter()
            .map(|(k, value)| (k.to_string(), FieldValue { value, hlc }))
            .collect(),
        tombstone: None,
    }
}

/// Rows written to the replica a page at a time.
pub struct Pages<'a> {
    db: &'a mut Db,
    cursor: Cursor,
    buf: Vec<PulledRow>,
    pub rows: u64,
    now_ms: u64,
}

impl<'a> Pages<'a> {
    /// Pages applied after what `db` has pulled.
    pub fn after(db: &'a mut Db, now_ms: u64) -> Result<Pages<'a>> {
        let cursor = sotay_replica::sync::next_pull_request(db)?.cursor;
        Ok(Pages {
            db,
            cursor,
            buf: Vec::new(),
            rows: 0,
            now_ms,
        })
    }

    pub fn push(&mut self, row: RowState) -> Result<()> {
        self.cursor.seq += 1;
        self.buf.push(PulledRow {
            seq: self.cursor.seq,
            row,
        });
        if self.buf.len() >= PAGE {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let page = PullResponse {
            rows: std::mem::take(&mut self.buf),
            cursor: self.cursor,
            more: false,
            reset: false,
            gone: vec![],
            remaining: 0,
        };
        self.rows += apply_pull_page(self.db, &page, self.now_ms)?;
        Ok(())
    }
}

/// What was built, for the results.
pub struct Built {
    pub rows: u64,
    pub secs: f64,
}

/// Build the officer's replica in `home` (empty): the province from the server's
/// generator, then the activity, as of `now_ms`.
pub fn build(home: &Path, members: usize, now_ms: u64) -> Result<Built> {
    let started = Instant::now();
    let server = tempfile::tempdir_in(home.parent().unwrap_or(home))?;
    let store = SqliteStore::open(server.path().join("sotay.db"))?;
    let wall = crate::now_ms();
    let province = generate(
        &store,
        &GenOptions {
            members,
            years: 5,
            seed: 7,
            codes_at_ms: wall,
        },
    )?;
    let officer = province
        .enroll
        .iter()
        .find(|e| e.role == "province_officer")
        .context("no province officer")?
        .member_id;
    let code = store.create_enroll_code(officer, DEFAULT_CODE_TTL_MS, wall)?;
    let device = store
        .enroll(&code, "máy văn phòng tỉnh ủy", wall)?
        .device_id;
    let mut db = Db::open_with_keys(home, &FileKeyStore::new(home))?;
    db.set_identity(&Identity {
        server: "http://127.0.0.1:9".into(),
        device_id: device,
        member_id: officer,
        credential: "bench.secret".into(),
    })?;
    let mut cursor = Cursor::default();
    let mut rows = 0;
    loop {
        let page = store.pull(device, cursor, MAX_PULL)?;
        rows += apply_pull_page(&mut db, &page, now_ms)?;
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    drop(store);
    eprintln!(
        "  oversight: province pulled, {rows} rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let tree = tree_of(&db)?;
    let mut pages = Pages::after(&mut db, now_ms)?;
    Activity::new(&tree, now_ms, 0).write(&mut pages)?;
    pages.flush()?;
    Ok(Built {
        rows: rows + pages.rows,
        secs: started.elapsed().as_secs_f64(),
    })
}

/// The organisations, members and posts `db` holds.
pub fn tree_of(db: &Db) -> Result<Tree> {
    let held = db.live_rows_of(&[Entity::Organisation, Entity::Member, Entity::Position])?;
    Ok(Tree::new(
        held.iter()
            .filter_map(|r| Organisation::from_row(r).ok())
            .collect(),
        held.iter()
            .filter_map(|r| Member::from_row(r).ok())
            .collect(),
        held.iter()
            .filter_map(|r| Position::from_row(r).ok())
            .collect(),
    ))
}

/// A day's sync into `db` (see `Activity::one_day`); the rows applied. The same rows
/// each time: applied again, they change nothing but are written all the same.
pub fn one_day(db: &mut Db, now_ms: u64, cells: usize) -> Result<u64> {
    let tree = tree_of(db)?;
    let mut pages = Pages::after(db, now_ms)?;
    Activity::new(&tree, now_ms, 1 << 48).one_day(&mut pages, cells)?;
    pages.flush()?;
    Ok(pages.rows)
}
