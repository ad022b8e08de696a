//! Connections to PostgreSQL: a small pool of our own (a mutex, a condition variable
//! and a cap, so a burst of HTTP requests cannot exhaust `max_connections`), and a
//! transaction wrapper that prepares each SQL text once per connection.

use crate::error::StoreError;
use postgres::types::ToSql;
use postgres::{Client, Config, IsolationLevel, NoTls, Row, Statement, Transaction};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Parameters of one statement.
pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// Prepared statements of one connection, by SQL text. Scope queries are built at run
/// time but from few shapes, so the map stays small; it is cleared if it ever grows.
type Cache = HashMap<String, Statement>;
const CACHE_MAX: usize = 512;

/// One connection and its prepared statements.
pub struct Conn {
    client: Client,
    stmts: Cache,
}

fn prepare(client: &mut Client, stmts: &mut Cache, sql: &str) -> Result<Statement, StoreError> {
    if let Some(s) = stmts.get(sql) {
        return Ok(s.clone());
    }
    if stmts.len() >= CACHE_MAX {
        stmts.clear();
    }
    let s = client.prepare(sql)?;
    stmts.insert(sql.to_string(), s.clone());
    Ok(s)
}

impl Conn {
    /// A read outside any transaction (one statement, autocommit).
    pub fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        let st = prepare(&mut self.client, &mut self.stmts, sql)?;
        Ok(self.client.query(&st, params)?)
    }

    /// A read-write transaction (READ COMMITTED: each statement sees what committed
    /// before it, which is what the push lock relies on).
    pub fn begin(&mut self) -> Result<Tx<'_>, StoreError> {
        let tx = self.client.transaction()?;
        Ok(Tx {
            tx: RefCell::new(tx),
            stmts: RefCell::new(&mut self.stmts),
        })
    }

    /// A read-only transaction on one snapshot (a pull's scope, page and counts agree).
    pub fn snapshot(&mut self) -> Result<Tx<'_>, StoreError> {
        let tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        Ok(Tx {
            tx: RefCell::new(tx),
            stmts: RefCell::new(&mut self.stmts),
        })
    }
}

/// An open transaction. `TreeView` methods take `&self`, the driver wants `&mut`:
/// the cells bridge the two (a view is used from one thread at a time).
pub struct Tx<'c> {
    tx: RefCell<Transaction<'c>>,
    stmts: RefCell<&'c mut Cache>,
}

impl Tx<'_> {
    fn stmt(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.stmts.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.borrow_mut().prepare(sql)?;
        let mut stmts = self.stmts.borrow_mut();
        if stmts.len() >= CACHE_MAX {
            stmts.clear();
        }
        stmts.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        let st = self.stmt(sql)?;
        Ok(self.tx.borrow_mut().query(&st, params)?)
    }

    pub fn opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, StoreError> {
        let st = self.stmt(sql)?;
        Ok(self.tx.borrow_mut().query_opt(&st, params)?)
    }

    pub fn one(&self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        let st = self.stmt(sql)?;
        Ok(self.tx.borrow_mut().query_one(&st, params)?)
    }

    pub fn exec(&self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        let st = self.stmt(sql)?;
        Ok(self.tx.borrow_mut().execute(&st, params)?)
    }

    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.tx.borrow_mut().batch_execute(sql)?)
    }

    pub fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.into_inner().commit()?)
    }
}

/// At most `max` connections to one database; callers wait for a free one.
pub struct Pool {
    config: Config,
    max: usize,
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Conn>,
    open: usize,
}

fn lock(m: &Mutex<PoolState>) -> MutexGuard<'_, PoolState> {
    // The state is two plain fields, consistent between statements: safe after a panic.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Pool {
    /// A pool; opens one connection now so that a wrong URL fails at start.
    pub fn new(config: Config, max: usize) -> Result<Pool, StoreError> {
        let pool = Pool {
            config,
            max: max.max(1),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        };
        drop(pool.get()?);
        Ok(pool)
    }

    pub fn get(&self) -> Result<Pooled<'_>, StoreError> {
        let mut st = lock(&self.state);
        loop {
            if let Some(conn) = st.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if st.open < self.max {
                st.open += 1;
                drop(st);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Pooled {
                        pool: self,
                        conn: Some(Conn {
                            client,
                            stmts: HashMap::new(),
                        }),
                    }),
                    Err(e) => {
                        lock(&self.state).open -= 1;
                        self.freed.notify_one();
                        Err(e.into())
                    }
                };
            }
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A connection borrowed from the pool; goes back (or, if broken, away) on drop.
pub struct Pooled<'p> {
    pool: &'p Pool,
    conn: Option<Conn>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
            .as_ref()
            .expect("a pooled connection is present until drop")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn
            .as_mut()
            .expect("a pooled connection is present until drop")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let mut st = lock(&self.pool.state);
        match self.conn.take() {
            Some(c) if !c.client.is_closed() => st.idle.push(c),
            _ => st.open -= 1,
        }
        drop(st);
        self.pool.freed.notify_one();
    }
}
