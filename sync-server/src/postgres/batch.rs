//! A push batch's view of `rows`, `changes` and `devices` on PostgreSQL, and its
//! writes. A push on PostgreSQL holds the cross-process `seq_counter` lock from its
//! first statement to its commit, so what bounds it is the number of round trips:
//!
//! - Reads: what the batch has read or written is answered from memory (a cell's row
//!   for each of its changes, the author's row and posts for each push, earlier
//!   outcomes), and [`Batch::prefetch`] reads in a few statements what the queued
//!   pushes will look up one by one (their outcomes, rows, devices and the posts of
//!   their authors and of the members they edit).
//! - Writes: stored rows, outcomes with their audit entries, and departures wait in
//!   memory and go to the database as one multi-row statement per table
//!   ([`Batch::flush`]): at the end of the batch, or before a read the cache cannot
//!   answer and that could see them (a query over posts while a post waits, say).
//!
//! Sound because every write to `rows`, `changes`, `departures` and `audit` takes the
//! lock first (see [`super::push`]): while a batch holds it, nobody else changes what
//! is cached, and the batch's own writes update the cache as they go.
//!
//! Each push of the batch is a job: if it fails, what it wrote must go. Its waiting
//! writes are dropped; a job that had to write to the database (a flush before a read,
//! a refused check-in) first opened a savepoint, which is rolled back. Writes of
//! earlier jobs go out before that savepoint, so they stay.

use super::conn::Tx;
use super::view::{parse_id, position_of, stored, PgView};
use crate::apply::Seen;
use crate::error::StoreError;
use crate::tree::{subject_of, OrgPath, StoredRow, TreeView};
use postgres::Row;
use sotay_model::entities::PositionTitle;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::{Change, Entity, RowState};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

/// An outcome from `(content_hash, seq, reject)` columns.
fn seen_of(r: &Row) -> Result<Seen, StoreError> {
    Ok(Seen {
        hash: r.try_get(0)?,
        seq: r.try_get(1)?,
        reject: r.try_get(2)?,
    })
}

/// Ids as the text the tables store them as.
fn texts(ids: impl IntoIterator<Item = Id>) -> Vec<String> {
    ids.into_iter().map(|id| id.to_string()).collect()
}

/// A change's outcome and its audit entry, as `changes` and `audit` store them.
pub struct Record {
    pub change_id: Id,
    pub device_id: String,
    pub row_id: String,
    pub seen: Seen,
    pub at_ms: i64,
    pub content: String,
    pub member_id: Option<String>,
    pub entity: &'static str,
    pub org_id: String,
    pub org_path: String,
    pub action: &'static str,
    pub accepted: bool,
}

/// A write not sent yet.
enum Write {
    Row(StoredRow),
    Record(Record),
    /// A row's place before it moved, at the sequence number of the move.
    Departure(StoredRow, u64),
}

/// A device's row: its member, or why it may not push.
#[derive(Clone)]
enum DeviceState {
    Live(Id),
    Revoked,
    Unknown,
}

pub struct Batch<'t, 'c> {
    tx: &'t Tx<'c>,
    /// `None`: known not to exist.
    rows: RefCell<HashMap<Id, Option<StoredRow>>>,
    seen: RefCell<HashMap<Id, Option<Seen>>>,
    /// Live posts held by a member, as `positions_of` answers.
    posts: RefCell<HashMap<Id, Vec<(Id, PositionTitle)>>>,
    devices: RefCell<HashMap<DeviceId, DeviceState>>,
    pending: RefCell<Vec<Write>>,
    /// The running job: where its writes start in `pending`, and whether it opened its
    /// savepoint.
    job: Cell<Option<(usize, bool)>>,
    /// A write of earlier jobs failed: the transaction is aborted and must not commit
    /// (PostgreSQL answers COMMIT of an aborted transaction with a rollback, no error).
    broken: Cell<bool>,
}

const ROWS_SQL: &str = "INSERT INTO rows (row_id, entity, org_id, org_path, subject_member, card_no, tombstoned, seq, state)
    SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::int8[], $9::text[])
    ON CONFLICT (row_id) DO UPDATE SET
        org_id = excluded.org_id, org_path = excluded.org_path,
        subject_member = excluded.subject_member, card_no = excluded.card_no,
        tombstoned = excluded.tombstoned, seq = excluded.seq, state = excluded.state";

/// Outcomes and audit entries in one statement; audit ids follow the order of the
/// records (the order the changes were judged in).
const RECORDS_SQL: &str = "WITH c AS (
        INSERT INTO changes (change_id, device_id, row_id, content_hash, seq, reject, received_ms, content)
        SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::int8[], $8::text[]))
    INSERT INTO audit (at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, accepted, reason)
    SELECT at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, accepted, reason
    FROM UNNEST($7::int8[], $9::text[], $2::text[], $1::text[], $10::text[], $3::text[], $11::text[], $12::text[], $13::text[], $14::bool[], $6::text[])
        WITH ORDINALITY AS a(at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, accepted, reason, n)
    ORDER BY n";

const DEPARTURES_SQL: &str =
    "INSERT INTO departures (seq, row_id, entity, org_id, org_path, subject_member)
    SELECT * FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
    ON CONFLICT DO NOTHING";

/// Send `writes` in at most three statements.
fn send(tx: &Tx<'_>, writes: &[Write]) -> Result<(), StoreError> {
    // One statement may not update a row twice: the last write of a row is its state.
    let mut last: HashMap<Id, usize> = HashMap::new();
    for (i, w) in writes.iter().enumerate() {
        if let Write::Row(s) = w {
            last.insert(s.row.row_id, i);
        }
    }
    let mut rows = RowColumns::default();
    let mut recs = RecordColumns::default();
    let mut deps = DepartureColumns::default();
    for (i, w) in writes.iter().enumerate() {
        match w {
            Write::Row(s) if last.get(&s.row.row_id) == Some(&i) => rows.push(s)?,
            Write::Row(_) => {}
            Write::Record(r) => recs.push(r),
            Write::Departure(old, seq) => deps.push(old, *seq),
        }
    }
    if !rows.row_id.is_empty() {
        tx.exec(
            ROWS_SQL,
            &[
                &rows.row_id,
                &rows.entity,
                &rows.org_id,
                &rows.org_path,
                &rows.subject,
                &rows.card,
                &rows.tombstoned,
                &rows.seq,
                &rows.state,
            ],
        )?;
    }
    if !recs.change_id.is_empty() {
        tx.exec(
            RECORDS_SQL,
            &[
                &recs.change_id,
                &recs.device_id,
                &recs.row_id,
                &recs.hash,
                &recs.seq,
                &recs.reject,
                &recs.at_ms,
                &recs.content,
                &recs.member_id,
                &recs.entity,
                &recs.org_id,
                &recs.org_path,
                &recs.action,
                &recs.accepted,
            ],
        )?;
    }
    if !deps.seq.is_empty() {
        tx.exec(
            DEPARTURES_SQL,
            &[
                &deps.seq,
                &deps.row_id,
                &deps.entity,
                &deps.org_id,
                &deps.org_path,
                &deps.subject,
            ],
        )?;
    }
    Ok(())
}

#[derive(Default)]
struct RowColumns {
    row_id: Vec<String>,
    entity: Vec<&'static str>,
    org_id: Vec<String>,
    org_path: Vec<String>,
    subject: Vec<Option<String>>,
    card: Vec<Option<String>>,
    tombstoned: Vec<bool>,
    seq: Vec<i64>,
    state: Vec<String>,
}

impl RowColumns {
    fn push(&mut self, s: &StoredRow) -> Result<(), StoreError> {
        let row = &s.row;
        self.row_id.push(row.row_id.to_string());
        self.entity.push(row.entity.as_str());
        self.org_id
            .push(crate::transfers::scope_org(row, &s.path).to_string());
        self.org_path.push(s.path.as_str().to_string());
        self.subject.push(subject_of(row).map(|m| m.to_string()));
        self.card.push(match row.entity {
            Entity::Member => row.str("card_no").map(|c| c.trim().to_string()),
            _ => None,
        });
        self.tombstoned.push(row.tombstone.is_some());
        self.seq.push(s.seq as i64);
        self.state.push(serde_json::to_string(row)?);
        Ok(())
    }
}

#[derive(Default)]
struct RecordColumns {
    change_id: Vec<String>,
    device_id: Vec<String>,
    row_id: Vec<String>,
    hash: Vec<String>,
    seq: Vec<Option<i64>>,
    reject: Vec<Option<String>>,
    at_ms: Vec<i64>,
    content: Vec<String>,
    member_id: Vec<Option<String>>,
    entity: Vec<&'static str>,
    org_id: Vec<String>,
    org_path: Vec<String>,
    action: Vec<&'static str>,
    accepted: Vec<bool>,
}

impl RecordColumns {
    fn push(&mut self, r: &Record) {
        self.change_id.push(r.change_id.to_string());
        self.device_id.push(r.device_id.clone());
        self.row_id.push(r.row_id.clone());
        self.hash.push(r.seen.hash.clone());
        self.seq.push(r.seen.seq);
        self.reject.push(r.seen.reject.clone());
        self.at_ms.push(r.at_ms);
        self.content.push(r.content.clone());
        self.member_id.push(r.member_id.clone());
        self.entity.push(r.entity);
        self.org_id.push(r.org_id.clone());
        self.org_path.push(r.org_path.clone());
        self.action.push(r.action);
        self.accepted.push(r.accepted);
    }
}

#[derive(Default)]
struct DepartureColumns {
    seq: Vec<i64>,
    row_id: Vec<String>,
    entity: Vec<&'static str>,
    org_id: Vec<String>,
    org_path: Vec<String>,
    subject: Vec<Option<String>>,
}

impl DepartureColumns {
    fn push(&mut self, old: &StoredRow, seq: u64) {
        self.seq.push(seq as i64);
        self.row_id.push(old.row.row_id.to_string());
        self.entity.push(old.row.entity.as_str());
        self.org_id
            .push(crate::transfers::scope_org(&old.row, &old.path).to_string());
        self.org_path.push(old.path.as_str().to_string());
        self.subject
            .push(subject_of(&old.row).map(|m| m.to_string()));
    }
}

impl<'t, 'c> Batch<'t, 'c> {
    /// Inside `tx`, which holds the push lock; nothing read yet.
    pub fn new(tx: &'t Tx<'c>) -> Self {
        Batch {
            tx,
            rows: RefCell::new(HashMap::new()),
            seen: RefCell::new(HashMap::new()),
            posts: RefCell::new(HashMap::new()),
            devices: RefCell::new(HashMap::new()),
            pending: RefCell::new(Vec::new()),
            job: Cell::new(None),
            broken: Cell::new(false),
        }
    }

    pub fn tx(&self) -> &'t Tx<'c> {
        self.tx
    }

    /// Read in a few statements what the pushes of `devices` with `changes` will look
    /// up one by one: outcomes, rows, devices, and the posts of the authors and of the
    /// rows changed (a member's posts decide who may edit them).
    pub fn prefetch<'a>(
        &self,
        changes: impl Iterator<Item = &'a Change>,
        devices: &[DeviceId],
    ) -> Result<(), StoreError> {
        let (change_ids, mut row_ids): (Vec<Id>, Vec<Id>) =
            changes.map(|c| (c.change_id, c.row_id)).unzip();
        if !devices.is_empty() {
            let mut known = self.devices.borrow_mut();
            known.extend(devices.iter().map(|&d| (d, DeviceState::Unknown)));
            for r in self.tx.query(
                "SELECT device_id, member_id, revoked_ms FROM devices WHERE device_id = ANY($1)",
                &[&texts(devices.iter().copied())],
            )? {
                let device = parse_id(r.try_get(0)?)?;
                let revoked: Option<i64> = r.try_get(2)?;
                let state = match revoked {
                    Some(_) => DeviceState::Revoked,
                    None => {
                        let member = parse_id(r.try_get(1)?)?;
                        row_ids.push(member);
                        DeviceState::Live(member)
                    }
                };
                known.insert(device, state);
            }
        }
        row_ids.sort();
        row_ids.dedup();
        let mut seen = self.seen.borrow_mut();
        seen.extend(change_ids.iter().map(|&id| (id, None)));
        for r in self.tx.query(
            "SELECT content_hash, seq, reject, change_id FROM changes WHERE change_id = ANY($1)",
            &[&texts(change_ids.iter().copied())],
        )? {
            seen.insert(parse_id(r.try_get(3)?)?, Some(seen_of(&r)?));
        }
        let ids = texts(row_ids.iter().copied());
        let mut rows = self.rows.borrow_mut();
        rows.extend(row_ids.iter().map(|&id| (id, None)));
        for r in self.tx.query(
            "SELECT seq, org_path, state, row_id FROM rows WHERE row_id = ANY($1)",
            &[&ids],
        )? {
            rows.insert(parse_id(r.try_get(3)?)?, Some(stored(&r)?));
        }
        let mut posts = self.posts.borrow_mut();
        posts.extend(row_ids.iter().map(|&id| (id, Vec::new())));
        for r in self.tx.query(
            "SELECT subject_member, state FROM rows
             WHERE subject_member = ANY($1) AND entity = 'position' AND NOT tombstoned",
            &[&ids],
        )? {
            let member = parse_id(r.try_get(0)?)?;
            if let Some(post) = position_of(r.try_get(1)?)? {
                posts.entry(member).or_default().push(post);
            }
        }
        Ok(())
    }

    /// The member a device pushes for; refused if unknown or revoked.
    pub fn live_member(&self, device: DeviceId) -> Result<Id, StoreError> {
        let known = self.devices.borrow().get(&device).cloned();
        match known {
            Some(DeviceState::Live(m)) => Ok(m),
            Some(DeviceState::Revoked) => Err(StoreError::RevokedDevice(device)),
            Some(DeviceState::Unknown) => Err(StoreError::UnknownDevice(device)),
            None => super::devices::live_member(self.tx, device),
        }
    }

    /// An earlier outcome of this change id, if any.
    pub fn seen(&self, id: Id) -> Result<Option<Seen>, StoreError> {
        if let Some(known) = self.seen.borrow().get(&id) {
            return Ok(known.clone());
        }
        // Outcomes the batch recorded are all in the cache: the table has the rest.
        let found = self
            .tx
            .opt(
                "SELECT content_hash, seq, reject FROM changes WHERE change_id = $1",
                &[&id.to_string()],
            )?
            .map(|r| seen_of(&r))
            .transpose()?;
        self.seen.borrow_mut().insert(id, found.clone());
        Ok(found)
    }

    /// Record a change's outcome and audit entry (sent with the batch).
    pub fn record(&self, r: Record) {
        self.seen
            .borrow_mut()
            .insert(r.change_id, Some(r.seen.clone()));
        self.pending.borrow_mut().push(Write::Record(r));
    }

    /// Store `row` at `seq` (sent with the batch).
    pub fn upsert(&self, row: &RowState, path: &OrgPath, seq: u64) {
        let now = StoredRow {
            seq,
            row: row.clone(),
            path: path.clone(),
        };
        self.cache_row(&now);
        self.pending.borrow_mut().push(Write::Row(now));
    }

    /// Remember where `old` was before it moved, at the sequence number of the move.
    pub fn depart(&self, old: &StoredRow, seq: u64) {
        self.pending
            .borrow_mut()
            .push(Write::Departure(old.clone(), seq));
    }

    fn cache_row(&self, now: &StoredRow) {
        if now.row.entity == Entity::Position {
            // Whose posts changed: the holder before and after. Simplest: nobody's
            // posts are known any more.
            self.posts.borrow_mut().clear();
        }
        self.rows
            .borrow_mut()
            .insert(now.row.row_id, Some(now.clone()));
    }

    /// Every stored row about `member` (their `subject_member`), whatever its entity.
    pub fn rows_about(&self, member: Id) -> Result<Vec<StoredRow>, StoreError> {
        self.flush_if(|_| true)?;
        super::view::rows_about(self.tx, member)
    }

    /// A job (one device's push) starts: its writes can be undone apart.
    pub fn begin_job(&self) {
        self.job.set(Some((self.pending.borrow().len(), false)));
    }

    /// The job ends; `failed` (its error) undoes what it wrote. `Err`: the undoing
    /// failed, so the batch must not commit.
    pub fn end_job(&self, failed: Option<&StoreError>) -> Result<(), StoreError> {
        let Some((mark, savepoint)) = self.job.take() else {
            return Ok(());
        };
        // An error from PostgreSQL itself may have aborted the transaction, and with no
        // savepoint to go back to, a COMMIT would then roll back everything and still
        // answer without error: the batch must fail (and is run again push by push).
        if !savepoint && matches!(failed, Some(StoreError::Postgres(_))) {
            self.broken.set(true);
        }
        let Some(_) = failed else {
            if savepoint {
                self.tx.exec("RELEASE SAVEPOINT push", &[])?;
            }
            return Ok(());
        };
        if savepoint {
            self.tx.exec("ROLLBACK TO SAVEPOINT push", &[])?;
            self.tx.exec("RELEASE SAVEPOINT push", &[])?;
        }
        self.pending.borrow_mut().truncate(mark);
        self.forget();
        Ok(())
    }

    /// The running job is about to write to the database itself: earlier jobs' writes
    /// go first, then its savepoint opens.
    pub fn before_write(&self) -> Result<(), StoreError> {
        let Some((mark, false)) = self.job.get() else {
            return Ok(());
        };
        let earlier: Vec<Write> = self.pending.borrow_mut().drain(..mark).collect();
        if let Err(e) = send(self.tx, &earlier) {
            self.broken.set(true);
            return Err(e);
        }
        if let Err(e) = self.tx.exec("SAVEPOINT push", &[]) {
            self.broken.set(true);
            return Err(e);
        }
        self.job.set(Some((0, true)));
        Ok(())
    }

    /// Send every waiting write if one of them is `of` interest to a read.
    fn flush_if(&self, of: impl Fn(&Write) -> bool) -> Result<(), StoreError> {
        if self.pending.borrow().iter().any(of) {
            self.flush()?;
        }
        Ok(())
    }

    /// Send every waiting write.
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.pending.borrow().is_empty() {
            return Ok(());
        }
        self.before_write()?;
        let all: Vec<Write> = self.pending.borrow_mut().drain(..).collect();
        let sent = send(self.tx, &all);
        if sent.is_err() && self.job.get().is_none() {
            self.broken.set(true);
        }
        sent
    }

    /// Whether the transaction failed beyond a job's savepoint.
    pub fn broken(&self) -> bool {
        self.broken.get()
    }

    /// A job was undone: forget all that is cached, but for the writes still waiting.
    fn forget(&self) {
        self.rows.borrow_mut().clear();
        self.seen.borrow_mut().clear();
        self.posts.borrow_mut().clear();
        for w in self.pending.borrow().iter() {
            match w {
                Write::Row(s) => self.cache_row(s),
                Write::Record(r) => {
                    self.seen
                        .borrow_mut()
                        .insert(r.change_id, Some(r.seen.clone()));
                }
                Write::Departure(..) => {}
            }
        }
    }
}

/// A waiting row write of one of `entities`.
fn row_of(w: &Write, entities: &[Entity]) -> bool {
    matches!(w, Write::Row(s) if entities.contains(&s.row.entity))
}

impl TreeView for Batch<'_, '_> {
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        if let Some(known) = self.rows.borrow().get(&id) {
            return Ok(known.clone());
        }
        // Rows the batch wrote are all in the cache: the table has the rest.
        let found = PgView(self.tx).row(id)?;
        self.rows.borrow_mut().insert(id, found.clone());
        Ok(found)
    }

    fn positions_of(&self, member: Id) -> Result<Vec<(Id, PositionTitle)>, StoreError> {
        if let Some(known) = self.posts.borrow().get(&member) {
            return Ok(known.clone());
        }
        self.flush_if(|w| row_of(w, &[Entity::Position]))?;
        let found = PgView(self.tx).positions_of(member)?;
        self.posts.borrow_mut().insert(member, found.clone());
        Ok(found)
    }

    fn member_with_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        self.flush_if(|w| row_of(w, &[Entity::Member]))?;
        PgView(self.tx).member_with_card(card_no)
    }

    fn has_live_below(&self, path: &OrgPath) -> Result<bool, StoreError> {
        self.flush_if(|w| row_of(w, &[Entity::Member, Entity::Organisation]))?;
        PgView(self.tx).has_live_below(path)
    }

    fn live_rows(&self, entity: Entity, org: Id) -> Result<Vec<RowState>, StoreError> {
        self.flush_if(|w| row_of(w, &[entity]))?;
        PgView(self.tx).live_rows(entity, org)
    }
}

/// Distinct devices of a batch's jobs, in order.
pub fn distinct(devices: impl Iterator<Item = DeviceId>) -> Vec<DeviceId> {
    let mut seen = HashSet::new();
    devices.filter(|d| seen.insert(*d)).collect()
}
