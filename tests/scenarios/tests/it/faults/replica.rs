//! Issue 22, item 2: the `sotay` process (the replica's CLI, the same `Replica` the
//! app runs) killed with SIGKILL during local edits, during a push and during a first
//! sync, against the real `sotay-server`. On restart nothing the user saw saved is
//! lost, every saved change is still in the outbox or on the server, and the sync goes
//! on from where it stopped: a first sync cut after a page does not pull that page
//! again. The kill moments are seeded delays (fault injection, never a wait for a
//! result); the checks read the files once the process is gone.

use super::bin;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sotay_model::api::{Answer, Request};
use sotay_model::protocol::{Cursor, EnrollResponse};
use sotay_model::{Entity, Id};
use sotay_replica::{Identity, Replica};
use sotay_scenarios::faults::devices::{now_ms, own_entry};
use sotay_scenarios::faults::server::{Backing, ServerProc};
use sotay_scenarios::sim::check::{compare, held, scope_view};
use sotay_server::DEFAULT_CODE_TTL_MS;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A server on the demo province, and devices enrolled for some of its people (in the
/// store, before it serves) that have not synced yet.
struct Scene {
    work: tempfile::TempDir,
    province: Id,
    backing: Backing,
    server: ServerProc,
    devices: Vec<EnrollResponse>,
}

impl Scene {
    fn start(roles: &[&str]) -> Scene {
        let work = tempfile::tempdir().expect("tempdir");
        let dir = work.path().join("server");
        std::fs::create_dir_all(&dir).expect("server dir");
        let backing = Backing::Sqlite(dir);
        let demo = backing.seed(now_ms()).expect("demo");
        let store = backing.open().expect("store");
        let devices = roles
            .iter()
            .enumerate()
            .map(|(i, role)| {
                let member = demo
                    .enroll
                    .iter()
                    .find(|l| l.role == *role)
                    .unwrap_or_else(|| panic!("the demo has no {role}"))
                    .member_id;
                let code = store
                    .create_enroll_code(member, DEFAULT_CODE_TTL_MS, now_ms())
                    .expect("code");
                store
                    .enroll(&code, &format!("máy {i}"), now_ms())
                    .expect("enroll")
            })
            .collect();
        drop(store);
        let server = ServerProc::start(
            &bin("sotay-server"),
            &backing,
            &work.path().join("server.log"),
        )
        .expect("server");
        Scene {
            work,
            province: demo.province,
            backing,
            server,
            devices,
        }
    }

    /// Device `i`'s home, its identity stored (as enrollment leaves it), nothing synced.
    fn home(&self, i: usize) -> PathBuf {
        let home = self.work.path().join(format!("device-{i}"));
        let replica = Replica::open(&home).expect("open");
        let d = &self.devices[i];
        replica
            .db()
            .set_identity(&Identity {
                server: self.server.url(),
                device_id: d.device_id,
                member_id: d.member_id,
                credential: d.credential.clone(),
            })
            .expect("identity");
        home
    }
}

fn sotay(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin("sotay"));
    cmd.arg("--home").arg(home).args(args).stdin(Stdio::null());
    cmd
}

/// Run to the end; its stdout.
fn finish(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run sotay");
    assert!(
        out.status.success(),
        "sotay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Start, and SIGKILL after `after`. Answers whether it had already ended by then.
fn killed(cmd: &mut Command, after: Duration) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sotay");
    std::thread::sleep(after);
    let ended = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    let _ = child.wait();
    ended
}

/// Rows `sotay sync` says it pulled ("…, tải về N").
fn pulled(summary: &str) -> usize {
    summary
        .rsplit("tải về ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("not a sync summary: {summary}"))
}

/// The device equals the server's view of its scope and has nothing left to send.
fn converged(scene: &Scene, i: usize, home: &Path) {
    let replica = Replica::open(home).expect("open");
    let mut out = Vec::new();
    let local = held(i, &replica.db(), &mut out).expect("rows");
    let store = scene.backing.open().expect("store");
    let view = scope_view(store.as_ref(), scene.devices[i].device_id).expect("view");
    compare(i, &local, &view, &mut out).expect("compare");
    assert!(out.is_empty(), "{}", out.join("\n"));
}

#[test]
fn a_first_sync_killed_after_a_page_goes_on_from_that_page() {
    // The province officer's copy is two pages (over 5,000 rows): a kill between the
    // two leaves the first applied with its cursor. Four fresh devices to try on: a
    // kill too early (nothing applied yet) is tried again later on the same device,
    // one too late (the sync had ended) takes the next device, earlier.
    let scene = Scene::start(&["province_officer"; 4]);
    let store = scene.backing.open().expect("store");
    let total = scope_view(store.as_ref(), scene.devices[0].device_id)
        .expect("view")
        .len();
    drop(store);
    // Until a kill comes too late, each too early one doubles the delay (a loaded
    // machine may take many seconds); then the next falls in the middle of the two.
    let (mut lo, mut hi) = (0u64, None::<u64>);
    let mut rng = SmallRng::seed_from_u64(22);
    let mut tried = Vec::new();
    let mut device = 0;
    let mut home = scene.home(device);
    let mut cut = None;
    while cut.is_none() && tried.len() < 16 && device < scene.devices.len() {
        let after = match hi {
            None => (lo * 2).max(800),
            Some(hi) => rng.gen_range(lo + (hi - lo) / 4..=hi - (hi - lo) / 4),
        };
        let ended = killed(&mut sotay(&home, &["sync"]), Duration::from_millis(after));
        let replica = Replica::open(&home).expect("open after the kill");
        let (cursor, rows) = {
            let db = replica.db();
            (
                db.cursor().expect("cursor"),
                db.all_rows().expect("rows").len(),
            )
        };
        drop(replica);
        tried.push(format!("{after} ms: ended {ended}, {rows} rows held"));
        if ended || rows == total {
            hi = Some(after);
            converged(&scene, device, &home);
            device += 1;
            if device < scene.devices.len() {
                home = scene.home(device);
            }
        } else if cursor == Cursor::default() {
            assert_eq!(rows, 0, "rows without a cursor: a page applied in part");
            lo = after;
        } else {
            cut = Some(rows);
        }
    }
    let Some(held_at_kill) = cut else {
        panic!("no kill landed between the two pages: {tried:?}");
    };
    let again = pulled(&finish(&mut sotay(&home, &["sync"])));
    eprintln!("first sync of {total} rows: kills {tried:?}; {again} pulled after the cut");
    assert_eq!(
        again + held_at_kill,
        total,
        "after the kill the sync pulled {again} rows with {held_at_kill} already held \
         ({tried:?})"
    );
    converged(&scene, device, &home);
}

/// After a kill: every saved entry still held, and queued or on the server; every
/// held entry queued or on the server (never saved without its change); every queued
/// change with its row. Answers how many are queued, and how many of those the server
/// already has.
fn intact(scene: &Scene, home: &Path, saved: &BTreeSet<Id>, round: usize) -> (usize, usize) {
    let replica = Replica::open(home).expect("open after the kill");
    let db = replica.db();
    let rows: BTreeSet<Id> = db
        .live_rows_of(&[Entity::PersonalEntry])
        .expect("rows")
        .iter()
        .map(|r| r.row_id)
        .collect();
    let outbox: BTreeSet<Id> = db
        .pending_changes()
        .expect("outbox")
        .iter()
        .map(|c| c.row_id)
        .collect();
    drop(db);
    drop(replica);
    let store = scene.backing.open().expect("store");
    let on_server = |id: &Id| store.row(*id).expect("row").is_some();
    for id in saved {
        assert!(rows.contains(id), "round {round}: saved entry {id} is gone");
        assert!(
            outbox.contains(id) || on_server(id),
            "round {round}: saved entry {id} is neither in the outbox nor on the server"
        );
    }
    for id in &rows {
        assert!(
            outbox.contains(id) || on_server(id),
            "round {round}: entry {id} is held but neither queued nor sent (half an edit)"
        );
    }
    for id in &outbox {
        assert!(
            rows.contains(id),
            "round {round}: a queued change to {id} has no row"
        );
    }
    (
        outbox.len(),
        outbox.iter().filter(|id| on_server(id)).count(),
    )
}

/// After a sync to the end: every saved entry on the server, the device converged.
fn all_sent(scene: &Scene, i: usize, home: &Path, saved: &BTreeSet<Id>) {
    let store = scene.backing.open().expect("store");
    for id in saved {
        assert!(
            store.row(*id).expect("row").is_some(),
            "saved entry {id} never reached the server"
        );
    }
    drop(store);
    converged(scene, i, home);
}

/// `create_schedule_entry` for an own entry.
fn new_entry(rng: &mut SmallRng) -> Request {
    own_entry(rng, now_ms()).into()
}

#[test]
fn edits_and_pushes_killed_midway_lose_nothing_saved_and_the_outbox_stays_whole() {
    let scene = Scene::start(&["member"]);
    let home = scene.home(0);
    finish(&mut sotay(&home, &["sync"]));
    let mut rng = SmallRng::seed_from_u64(2022);
    let mut saved: BTreeSet<Id> = BTreeSet::new();
    for round in 0..6 {
        // Saved by the CLI (the second killed while saving: saved or not, never half
        // of it, checked below), then many at once in this process, so the push that
        // follows is long enough to be cut.
        for k in 0..3 {
            let json = serde_json::to_string(&new_entry(&mut rng)).expect("json");
            if k == 1 {
                let after = Duration::from_millis(rng.gen_range(0..120));
                killed(&mut sotay(&home, &["api", &json]), after);
            } else {
                let answer: serde_json::Value =
                    serde_json::from_str(&finish(&mut sotay(&home, &["api", &json])))
                        .expect("an answer");
                let id = answer["id"].as_str().expect("created id");
                saved.insert(id.parse().expect("an id"));
            }
        }
        let replica = Replica::open(&home).expect("open");
        for _ in 0..200 {
            let answer = replica.call_local(new_entry(&mut rng)).expect("saved");
            saved.insert(Id::from_response(answer).expect("created id"));
        }
        drop(replica);
        let after = Duration::from_millis(rng.gen_range(10..400));
        killed(&mut sotay(&home, &["sync"]), after);

        let (queued, on_server) = intact(&scene, &home, &saved, round);
        eprintln!(
            "round {round}: {} saved, sync killed after {after:?}: {queued} queued, \
             {on_server} of them already on the server (the kill cut the answer)",
            saved.len()
        );
    }
    finish(&mut sotay(&home, &["sync"]));
    all_sent(&scene, 0, &home, &saved);
}

/// `sotay headless` on a port the OS picks: its `headless: URL#token=…` line says
/// where and with which secret. Killed (SIGKILL) on drop.
struct Host {
    child: std::process::Child,
    api: String,
    token: String,
}

impl Host {
    fn start(home: &Path, ui: &Path) -> Host {
        let mut child = sotay(home, &["headless", "--ui"])
            .arg(ui)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the host");
        let stdout = child.stdout.take().expect("stdout");
        let line = std::io::BufRead::lines(std::io::BufReader::new(stdout))
            .map_while(Result::ok)
            .find_map(|l| l.strip_prefix("headless: ").map(str::to_string))
            .expect("the host's address line");
        let (base, token) = line.split_once("/#token=").expect("url with a token");
        Host {
            child,
            api: format!("{base}/api"),
            token: token.to_string(),
        }
    }

    fn ask(&self, client: &reqwest::Client, req: &Request) -> reqwest::RequestBuilder {
        client
            .post(&self.api)
            .header(sotay_replica::host::TOKEN_HEADER, &self.token)
            .json(req)
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_headless_host_killed_while_it_syncs_loses_nothing_saved() {
    let scene = Scene::start(&["member"]);
    let home = scene.home(0);
    let ui = scene.work.path().join("ui");
    std::fs::create_dir_all(&ui).expect("ui dir");
    // The member's own row first: an own entry names it.
    finish(&mut sotay(&home, &["sync"]));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let client = reqwest::Client::new();
    let mut rng = SmallRng::seed_from_u64(2023);
    let mut saved: BTreeSet<Id> = BTreeSet::new();
    for round in 0..4 {
        // 200 edits asked at once while the host syncs in the background (from its
        // start, and after edits), killed after a seeded delay: an edit whose answer
        // came is saved; the others may or may not be, but never by half.
        let host = Host::start(&home, &ui);
        let asked: Vec<_> = (0..200)
            .map(|_| {
                let req = host.ask(&client, &new_entry(&mut rng));
                rt.spawn(async move {
                    let answer: serde_json::Value = req.send().await.ok()?.json().await.ok()?;
                    answer["id"].as_str()?.parse::<Id>().ok()
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.gen_range(50..800)));
        drop(host);
        let before = saved.len();
        for answer in asked {
            saved.extend(rt.block_on(answer).ok().flatten());
        }
        let answered = saved.len() - before;
        let (queued, on_server) = intact(&scene, &home, &saved, round);
        eprintln!(
            "host round {round}: {answered} of 200 edits answered before the kill, {} saved \
             in all, {queued} queued, {on_server} of them already on the server",
            saved.len()
        );
    }
    let host = Host::start(&home, &ui);
    let synced = rt
        .block_on(async {
            host.ask(&client, &Request::SyncNow(Default::default()))
                .send()
                .await?
                .json::<serde_json::Value>()
                .await
        })
        .expect("a sync through the host");
    assert_eq!(synced["type"], "synced", "{synced}");
    drop(host);
    all_sent(&scene, 0, &home, &saved);
}

#[test]
fn a_download_killed_midway_goes_on_from_the_bytes_it_had() {
    // The province officer hangs a 48 MB file on a province document (the server takes
    // up to 50 MB); members' devices fetch it with `sotay api fetch_attachment`, killed
    // at seeded moments, searched as for the first sync: too early (nothing fetched)
    // doubles the delay, too late (all fetched) takes the next device. Loopback is fast:
    // the window is tens of milliseconds, hence eight devices.
    let mut roles = vec!["member"; 9];
    roles[0] = "province_officer";
    let scene = Scene::start(&roles);
    let officer = scene.home(0);
    finish(&mut sotay(&officer, &["sync"]));
    let document = Replica::open(&officer)
        .expect("open")
        .db()
        .live_rows_of(&[Entity::Document])
        .expect("documents")
        .into_iter()
        .find(|r| r.id("org_id") == Some(scene.province))
        .expect("a province document")
        .row_id;
    let mut rng = SmallRng::seed_from_u64(2024);
    let mut bytes = vec![0u8; 48 << 20];
    rng.fill(&mut bytes[..]);
    bytes[..9].copy_from_slice(b"%PDF-1.4\n");
    let pdf = scene.work.path().join("tai-lieu-lon.pdf");
    std::fs::write(&pdf, &bytes).expect("write the file");
    let attach = serde_json::json!({
        "type": "attach_file",
        "document_id": document,
        "path": pdf.to_string_lossy(),
    });
    let attached: serde_json::Value =
        serde_json::from_str(&finish(&mut sotay(&officer, &["api", &attach.to_string()])))
            .expect("attached");
    let id = attached["id"].as_str().expect("attachment id").to_string();
    finish(&mut sotay(&officer, &["sync"]));
    let fetch = serde_json::json!({"type": "fetch_attachment", "id": id}).to_string();
    let sha = sha256_hex(&bytes);
    let size = bytes.len() as u64;

    let (mut lo, mut hi) = (0u64, None::<u64>);
    let mut tried = Vec::new();
    let mut device = 1;
    let mut home = scene.home(device);
    finish(&mut sotay(&home, &["sync"]));
    let mut cut = None;
    while cut.is_none() && tried.len() < 16 && device < scene.devices.len() {
        let after = match hi {
            None => (lo * 2).max(20),
            Some(hi) => rng.gen_range(lo + (hi - lo) / 4..=hi - (hi - lo) / 4),
        };
        killed(
            &mut sotay(&home, &["api", &fetch]),
            Duration::from_millis(after),
        );
        let db_path = home.join(sotay_replica::db::DB_FILE);
        let have = sotay_replica::library::blobs::store::partial_len(&db_path, &sha);
        let whole = sotay_replica::library::blobs::store::file(&db_path, &sha).is_file();
        tried.push(format!("{after} ms: {have} bytes, whole {whole}"));
        if whole || have == size {
            hi = Some(after);
            device += 1;
            if device < scene.devices.len() {
                home = scene.home(device);
                finish(&mut sotay(&home, &["sync"]));
            }
        } else if have == 0 {
            lo = after;
        } else {
            cut = Some(have);
        }
    }
    let Some(have) = cut else {
        panic!("no kill landed inside the download: {tried:?}");
    };
    let answer: serde_json::Value =
        serde_json::from_str(&finish(&mut sotay(&home, &["api", &fetch]))).expect("fetched");
    eprintln!("download of {size} bytes: kills {tried:?}; then {answer}");
    assert_eq!(
        answer["downloaded_bytes"].as_u64(),
        Some(size - have),
        "the second fetch did not go on from byte {have}: {answer}"
    );
    let replica = Replica::open(&home).expect("open");
    let id: Id = id.parse().expect("id");
    let (_, plain) =
        sotay_replica::library::blobs::read_local(&replica.db(), id).expect("the file");
    assert!(plain == bytes, "the file differs from what was attached");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
