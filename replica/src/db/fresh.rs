//! A new database file's schema, written by replaying what the migrations built once
//! in memory, instead of running every migration on every new file.
//!
//! Migration 0031 rebuilds the search index and renames three tables; each rename
//! (and each of FTS5's five shadow tables per index) makes SQLite parse the whole
//! schema again: 10.6 of the 12 ms a new file's migrations cost. Every enrollment,
//! every wipe, and every test and simulated device starts from a new file. The
//! migrations stay the one definition: they run once per process on a plain
//! in-memory database, and a new file gets that database's final objects and rows.
//! `same_as_migrations` (tests) compares the two, object by object and row by row.
//!
//! Files that already hold a schema still get the missing migrations one by one.

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};
use std::sync::OnceLock;

/// The final schema and the rows the migrations wrote, in the order to replay them.
#[derive(Debug)]
pub(super) struct Snapshot {
    /// Tables (plain and virtual) in creation order; virtual tables make their own
    /// shadow tables.
    tables: Vec<String>,
    /// Rows of every table that has any, shadow tables included (FTS5's structure
    /// and version records), replayed before the triggers exist.
    rows: Vec<TableRows>,
    /// Indexes, views and triggers, in creation order.
    rest: Vec<String>,
}

#[derive(Debug)]
struct TableRows {
    name: String,
    /// A shadow table already holds the rows its virtual table's creation wrote.
    replace: bool,
    insert: String,
    values: Vec<Vec<Value>>,
}

static SNAPSHOT: OnceLock<Option<Snapshot>> = OnceLock::new();

/// The snapshot of `migrate`'s result on an empty in-memory database, made once;
/// `None` if that failed (the caller then runs the migrations on the file itself,
/// which reports the error where it matters).
pub(super) fn snapshot(
    migrate: impl FnOnce(&mut Connection) -> Result<(), rusqlite::Error>,
) -> Option<&'static Snapshot> {
    SNAPSHOT
        .get_or_init(|| {
            let made = Connection::open_in_memory().and_then(|mut conn| {
                migrate(&mut conn)?;
                Snapshot::of(&conn)
            });
            made.inspect_err(|e| tracing::warn!("the migrations failed in memory: {e}"))
                .ok()
        })
        .as_ref()
}

/// Whether the database holds no object at all (a new file).
pub(super) fn is_empty(conn: &Connection) -> Result<bool, rusqlite::Error> {
    conn.query_row("SELECT count(*) = 0 FROM sqlite_schema", [], |r| r.get(0))
}

impl Snapshot {
    fn of(conn: &Connection) -> Result<Snapshot, rusqlite::Error> {
        let kinds: Vec<(String, String, bool)> = {
            let mut stmt =
                conn.prepare("SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let kind_of = |name: &str| kinds.iter().find(|(n, _, _)| n == name);
        let mut tables = Vec::new();
        let mut rest = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema
             WHERE sql IS NOT NULL ORDER BY rowid",
        )?;
        let objects = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for object in objects {
            let (kind, name, table, sql) = object?;
            let shadow = |t: &str| kind_of(t).is_some_and(|(_, k, _)| k == "shadow");
            match kind.as_str() {
                "table" if shadow(&name) || name.starts_with("sqlite_") => {}
                "table" => tables.push(sql),
                _ if shadow(&table) => {}
                _ => rest.push(sql),
            }
        }
        let mut rows = Vec::new();
        for (name, kind, without_rowid) in &kinds {
            let copied = matches!(kind.as_str(), "table" | "shadow");
            if !copied || name == "sqlite_schema" || name == "sqlite_temp_schema" {
                continue;
            }
            if let Some(table) = TableRows::read(
                conn,
                name,
                kind == "shadow" || name == "sqlite_sequence",
                !without_rowid,
            )? {
                rows.push(table);
            }
        }
        Ok(Snapshot { tables, rows, rest })
    }

    /// Write the schema and rows into `tx` (a new file's first transaction).
    pub(super) fn replay(&self, tx: &Transaction) -> Result<(), rusqlite::Error> {
        for sql in &self.tables {
            tx.execute_batch(sql)?;
        }
        for table in &self.rows {
            if table.replace {
                tx.execute(&format!("DELETE FROM \"{}\"", table.name), [])?;
            }
            let mut insert = tx.prepare(&table.insert)?;
            for values in &table.values {
                insert.execute(rusqlite::params_from_iter(values))?;
            }
        }
        for sql in &self.rest {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

impl TableRows {
    /// The table's rows with their rowids, or `None` when it has none.
    fn read(
        conn: &Connection,
        name: &str,
        replace: bool,
        rowid: bool,
    ) -> Result<Option<TableRows>, rusqlite::Error> {
        let columns: Vec<String> = {
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
            let rows = stmt.query_map([name], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut listed: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        if rowid {
            listed.insert(0, "rowid".into());
        }
        let list = listed.join(", ");
        let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{name}\""))?;
        let width = listed.len();
        let values: Vec<Vec<Value>> = stmt
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<_, _>>()?;
        if values.is_empty() {
            return Ok(None);
        }
        let marks = vec!["?"; width].join(", ");
        Ok(Some(TableRows {
            name: name.to_string(),
            replace,
            insert: format!("INSERT INTO \"{name}\" ({list}) VALUES ({marks})"),
            values,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a database holds that a migration can write: its objects, every
    /// table's rows (shadow tables and rowids included) and the header's settings.
    fn contents(conn: &Connection) -> Vec<String> {
        let mut out = Vec::new();
        let mut read = |sql: &str| {
            let mut stmt = conn.prepare(sql).expect("prepare");
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..width)
                        .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                        .collect::<Result<_, _>>()?;
                    Ok(cells.join(" | "))
                })
                .expect("query");
            let mut rows: Vec<String> = rows.collect::<Result<_, _>>().expect("rows");
            rows.sort();
            out.push(format!("-- {sql}"));
            out.extend(rows);
        };
        // A rename rewrites a shadow table's statement with double quotes where FTS5
        // wrote single ones; SQLite reads both as the same name.
        read(
            "SELECT type, name, tbl_name,
                    CASE WHEN name IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')
                         THEN replace(sql, '\"', '''') ELSE sql END
             FROM sqlite_schema",
        );
        for pragma in ["user_version", "application_id", "auto_vacuum", "encoding"] {
            read(&format!("PRAGMA {pragma}"));
        }
        let tables: Vec<(String, bool)> = {
            let mut stmt = conn
                .prepare(
                    "SELECT name, wr FROM pragma_table_list
                     WHERE schema = 'main' AND type IN ('table', 'shadow')
                       AND name NOT IN ('sqlite_schema', 'sqlite_temp_schema')",
                )
                .expect("tables");
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("tables");
            rows.collect::<Result<_, _>>().expect("tables")
        };
        for (name, without_rowid) in tables {
            let rowid = if without_rowid { "" } else { "rowid, " };
            read(&format!("SELECT {rowid}* FROM \"{name}\""));
        }
        out
    }

    #[test]
    fn a_new_file_equals_one_the_migrations_built() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keys = super::super::MemoryKeyStore::default();
        let replayed = super::super::Db::open_with_keys(dir.path(), &keys).expect("open");
        let mut migrated = Connection::open(dir.path().join("migrated.db")).expect("open");
        super::super::migrate_one_by_one(&mut migrated).expect("migrate");

        let (replayed, migrated) = (contents(&replayed.conn), contents(&migrated));
        assert!(migrated.iter().any(|l| l.contains("doc_fts_config")));
        assert!(migrated.iter().any(|l| l.contains("ov_insert")));
        for (a, b) in replayed.iter().zip(&migrated) {
            assert_eq!(a, b);
        }
        assert_eq!(replayed.len(), migrated.len());
    }

    /// A replayed file takes the next migration as a migrated one would.
    #[test]
    fn a_replayed_file_is_at_the_newest_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db =
            super::super::Db::open_with_keys(dir.path(), &super::super::MemoryKeyStore::default())
                .expect("open");
        let newest = super::super::MIGRATIONS.iter().map(|m| m.0).max();
        assert_eq!(Some(db.schema_version().expect("version")), newest);
        drop(db);
    }
}
