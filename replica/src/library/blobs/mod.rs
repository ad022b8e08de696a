//! Attachments of the library on this device (issue 5), and the files on tasks and
//! reports (issue 14, rows of their own read like the task, handled here the same way):
//! attaching a file (copied into the device's store, uploaded at the next sync only
//! if the server lacks its hash), listing an item's files, fetching one on demand or pinning it for offline
//! reading ("Lưu ngoại tuyến"), a cut download resumed from the bytes on disk, a
//! corrupt copy detected by its SHA-256 and fetched again, and the storage used.
//! Files live in `store`, the network in `transfer`.

pub mod store;
pub mod transfer;
pub mod uploads;

use crate::calls::{Cx, Local, Online};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found, DbError};
use crate::replica::Replica;
use crate::sync::Transport;
use serde_json::json;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::library::requests::{
    AttachFile, BeginUpload, BlobStorage, CancelUpload, FetchAttachment, FreeBlobStorage,
    ListAttachments, OpenAttachment, PinAttachment, RemoveAttachment, UnpinAttachment, UploadChunk,
};
use sotay_model::library::{
    AttachmentFile, AttachmentInfo, BlobStorage as Storage, LocalCopy, UploadProgress,
};
use sotay_model::study::{mime_for, Attachment};
use sotay_model::{Entity, Id};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Refused before reading: no attachment server is configured for more.
pub const MAX_ATTACH_BYTES: u64 = 1024 * 1024 * 1024;

impl Local for AttachFile {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let Some(upload) = self.upload_id else {
            let path = Path::new(&self.path);
            return attach(cx.db, cx.env, self.document_id, path, self.name.as_deref());
        };
        // The item first, so a wrong item is told before the file is read.
        let holders = holders(cx.db, self.document_id)?;
        let (uploaded_name, size, mut bytes) = uploads::complete(cx.db, upload)?;
        let name = match self.name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => uploaded_name,
        };
        let mime = check_file(&name, size)?;
        let id = attach_read(cx.db, cx.env, holders, &name, mime, size, &mut bytes)?;
        uploads::finish(cx.db, upload);
        Ok(id)
    }
}

impl Local for BeginUpload {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        uploads::begin(cx.db, cx.env, &self.name, self.size)
    }
}

impl Local for UploadChunk {
    fn local(self, cx: &mut Cx<'_>) -> Result<UploadProgress, ApiError> {
        uploads::piece(cx.db, self.upload_id, self.offset, &self.data)
    }
}

impl Local for CancelUpload {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        uploads::cancel(cx.db, self.upload_id)
    }
}

impl Local for RemoveAttachment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        let entity = match crate::tasks::files::get_file(db, self.id)? {
            Some(f) => {
                crate::tasks::files::may_remove(db, &f)?;
                Entity::TaskFile
            }
            None => match crate::inspection::files::get_file(db, self.id)? {
                Some(f) => {
                    crate::inspection::files::may_remove(db, &f)?;
                    Entity::CaseFile
                }
                None => {
                    get(db, self.id)?;
                    Entity::Attachment
                }
            },
        };
        db.commit_local(cx.env, entity, self.id, Vec::new(), true)?;
        Ok(())
    }
}

impl Local for ListAttachments {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<AttachmentInfo>, ApiError> {
        list(cx.db, self.document_id)
    }
}

impl Local for UnpinAttachment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &*cx.db;
        let a = get(db, self.id)?;
        let held = store::held(&db.conn, &a.sha256)?;
        if held.is_some_and(|h| !h.upload_pending) {
            store::forget(&db.conn, db.path(), &a.sha256)?;
        }
        Ok(())
    }
}

impl Local for OpenAttachment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        // The viewer is another program: it gets a plain copy in `exports/`, the
        // folder of files handed out (cleared after a day, removed by a wipe).
        let db = &*cx.db;
        let (a, bytes) = read_local(db, self.id)?;
        let ext = a.name.rsplit('.').next().filter(|e| e.len() <= 5);
        let ext: String = ext
            .unwrap_or("bin")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let name = format!("tep-{}.{}", &a.sha256[..12], ext.to_ascii_lowercase());
        let path = crate::meetings::exports::write(db.path(), &name, &bytes)?;
        open_in_viewer(&path)
    }
}

impl Local for BlobStorage {
    fn local(self, cx: &mut Cx<'_>) -> Result<Storage, ApiError> {
        let db = &*cx.db;
        Ok(store::storage(&db.conn, db.path())?)
    }
}

impl Local for FreeBlobStorage {
    fn local(self, cx: &mut Cx<'_>) -> Result<Storage, ApiError> {
        let db = &*cx.db;
        store::free(&db.conn, db.path(), self.pinned)?;
        Ok(store::storage(&db.conn, db.path())?)
    }
}

/// One live attachment row, or a task file seen as one (its item in `document_id`).
pub fn get(db: &Db, id: Id) -> Result<Attachment, ApiError> {
    if let Some(f) = crate::tasks::files::get_file(db, id)? {
        return Ok(f.as_attachment());
    }
    if let Some(f) = crate::inspection::files::get_file(db, id)? {
        return Ok(f.as_attachment());
    }
    db.live_row(Entity::Attachment, id)?
        .and_then(|r| Attachment::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy tệp đính kèm này trên máy"))
}

/// An attachment whose complete file is on this device, and that file.
pub fn local_file(db: &Db, id: Id) -> Result<(Attachment, std::path::PathBuf), ApiError> {
    let a = get(db, id)?;
    let path = store::file(db.path(), &a.sha256);
    if store::held(&db.conn, &a.sha256)?.is_none() || !path.is_file() {
        return Err(not_found(format!(
            "Tệp \"{}\" chưa có trên máy, hãy tải về trước",
            a.name
        )));
    }
    Ok((a, path))
}

/// An attachment's plain bytes, from the sealed file on this device.
pub fn read_local(db: &Db, id: Id) -> Result<(Attachment, Vec<u8>), ApiError> {
    let (a, _) = local_file(db, id)?;
    let bytes = store::read_plain(&db.file_key, db.path(), &a.sha256).ok_or_else(|| {
        ApiError::new(
            ApiErrorKind::Storage,
            format!("Tệp \"{}\" trên máy đã hỏng, hãy tải về lại", a.name),
        )
    })?;
    Ok((a, bytes))
}

/// Hand a file to the desktop's default viewer (phones show files in the app).
pub(crate) fn open_in_viewer(path: &Path) -> Result<(), ApiError> {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the launcher when it exits (it returns at once on every platform).
            std::thread::spawn(move || child.wait());
        })
        .map_err(|_| invalid("Máy này không có chương trình để mở loại tệp này"))
}

/// Copy the file into the device's store and write the attachment row.
pub fn attach(
    db: &mut Db,
    env: &dyn Env,
    document_id: Id,
    path: &Path,
    name: Option<&str>,
) -> Result<Id, ApiError> {
    let holders = holders(db, document_id)?;
    let name = match name.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| invalid("Hãy chọn một tệp để đính kèm"))?,
    };
    let size = std::fs::metadata(path)
        .map_err(|_| invalid(format!("Không đọc được tệp {}", path.display())))?
        .len();
    let mime = check_file(&name, size)?;
    let input = std::fs::File::open(path)
        .map_err(|_| invalid(format!("Không đọc được tệp {}", path.display())))?;
    let mut input = std::io::BufReader::new(input);
    attach_read(db, env, holders, &name, mime, size, &mut input)
}

/// Whether a file may be attached at all (before any byte of it is read or sent):
/// answers its MIME type.
pub fn check_file(name: &str, size: u64) -> Result<&'static str, ApiError> {
    if name.is_empty() {
        return Err(invalid("Hãy chọn một tệp để đính kèm"));
    }
    let mime = mime_for(name).ok_or_else(|| {
        invalid(format!(
            "Không đính kèm được \"{name}\": chỉ nhận tệp PDF, DOCX hoặc ảnh (JPG, PNG, WEBP, GIF)"
        ))
    })?;
    if size == 0 {
        return Err(invalid(format!("Tệp \"{name}\" rỗng")));
    }
    if size > MAX_ATTACH_BYTES {
        return Err(invalid(format!("Tệp \"{name}\" lớn quá 1 GB")));
    }
    Ok(mime)
}

/// Seal what `input` yields into the store and write one attachment row per holder
/// (from [`holders`]; the file already passed [`check_file`]).
fn attach_read(
    db: &mut Db,
    env: &dyn Env,
    holders: Vec<Holder>,
    name: &str,
    mime: &str,
    size: u64,
    input: &mut impl std::io::Read,
) -> Result<Id, ApiError> {
    let sha256 = store::seal_into_store(&db.file_key, db.path(), input)?;
    store::record(&db.conn, &sha256, size, true, true, env.now_ms())?;
    let mut first = None;
    for Holder { entity, mut fields } in holders {
        let id = env.new_id();
        fields.extend(file_fields(name, mime, size, &sha256));
        db.commit_local(env, entity, id, fields, false)?;
        first.get_or_insert(id);
    }
    first.ok_or_else(|| not_found("Không tìm thấy văn bản này trên máy"))
}

/// A row a file becomes: its entity and the fields naming what it hangs on (the
/// file's own fields are added by [`file_fields`]).
pub(crate) struct Holder {
    entity: Entity,
    fields: Vec<(&'static str, serde_json::Value)>,
}

/// What a file attached to `item` hangs on: the document itself, every copy of an
/// announcement's sending this device holds (each receiving organisation reads its own
/// copy's files; the file is stored once), or a task or progress report (a task file,
/// read like its task).
fn holders(db: &Db, item: Id) -> Result<Vec<Holder>, ApiError> {
    use sotay_model::exchange::Announcement;
    if let Some(fields) = crate::tasks::files::holder(db, item)? {
        return Ok(vec![Holder {
            entity: Entity::TaskFile,
            fields,
        }]);
    }
    if let Some(fields) = crate::inspection::files::holder(db, item)? {
        return Ok(vec![Holder {
            entity: Entity::CaseFile,
            fields,
        }]);
    }
    let on = |(item, org): (Id, Id)| Holder {
        entity: Entity::Attachment,
        fields: vec![
            ("document_id", json!(item.to_string())),
            ("org_id", json!(org.to_string())),
        ],
    };
    let Some(copy) = db
        .live_row(Entity::Announcement, item)?
        .and_then(|r| Announcement::from_row(&r).ok())
    else {
        let doc = crate::library::documents::get(db, item)?;
        return Ok(vec![on((doc.id, doc.org_id))]);
    };
    let mut copies: Vec<(Id, Id)> = crate::exchange::announcements::batch(db, copy.batch_id)?
        .into_iter()
        .map(|a| (a.id, a.org_id))
        .collect();
    copies.sort();
    Ok(copies.into_iter().map(on).collect())
}

/// A file's own fields, on any row that holds one.
fn file_fields(
    name: &str,
    mime: &str,
    size: u64,
    sha256: &str,
) -> [(&'static str, serde_json::Value); 4] {
    [
        ("name", json!(name)),
        ("mime", json!(mime)),
        ("size", json!(size)),
        ("sha256", json!(sha256)),
    ]
}

/// Seal a copy of `src` into the store under its hash; returns the hash.
pub(crate) fn keep_copy(db: &Db, src: &Path) -> Result<String, ApiError> {
    let input = std::fs::File::open(src)
        .map_err(|_| invalid(format!("Không đọc được tệp {}", src.display())))?;
    let mut input = std::io::BufReader::new(input);
    Ok(store::seal_into_store(&db.file_key, db.path(), &mut input)?)
}

fn info(db: &Db, a: Attachment) -> Result<AttachmentInfo, ApiError> {
    let held = store::held(&db.conn, &a.sha256)?;
    let partial = store::partial_len(db.path(), &a.sha256);
    let local = match (&held, partial) {
        (Some(_), _) => LocalCopy::Complete,
        (None, 0) => LocalCopy::Missing,
        (None, bytes) => LocalCopy::Partial { bytes },
    };
    Ok(AttachmentInfo {
        pinned: held.as_ref().is_some_and(|h| h.pinned),
        upload_pending: held.as_ref().is_some_and(|h| h.upload_pending),
        upload_error: held.and_then(|h| h.upload_error),
        attachment: a,
        local,
    })
}

/// An item's live files, by name: a document's or a sending's attachments, the files
/// on a task or a report, or a case's documents.
pub fn list(db: &Db, document_id: Id) -> Result<Vec<AttachmentInfo>, ApiError> {
    if let Some(on_task) = crate::tasks::files::on_item(db, document_id)? {
        return on_task
            .iter()
            .map(|f| info(db, f.as_attachment()))
            .collect();
    }
    if let Some(on_case) = crate::inspection::files::on_item(db, document_id)? {
        return on_case
            .iter()
            .map(|f| info(db, f.as_attachment()))
            .collect();
    }
    let rows = crate::db::rows::select_live(
        &db.conn,
        "",
        "r.entity = 'attachment' AND json_extract(r.state, '$.fields.document_id.value') = ?1",
        [document_id.to_string()],
    )?;
    let mut out: Vec<Attachment> = rows
        .iter()
        .filter_map(|r| Attachment::from_row(r).ok())
        .collect();
    out.sort_by_key(|a| sotay_model::vn::fold(&a.name));
    out.into_iter().map(|a| info(db, a)).collect()
}

impl Online for FetchAttachment {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<AttachmentFile, ApiError> {
        fetch(r.db_lock(), server, self.id, false).await
    }
}

impl Online for PinAttachment {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<AttachmentFile, ApiError> {
        fetch(r.db_lock(), server, self.id, true).await
    }
}

/// Every database step (the row, the store's marks) runs on the blocking threads,
/// like the file work; only the download is awaited on the runtime.
async fn fetch<T: Transport>(
    db: &Arc<Mutex<Db>>,
    transport: &mut T,
    id: Id,
    pin: bool,
) -> Result<AttachmentFile, ApiError> {
    let (a, db_path, held, file_key) = crate::sync::on_db(db, move |db| {
        let a = get(db, id)?;
        let held = store::held(&db.conn, &a.sha256)?;
        Ok::<_, ApiError>((a, db.path().to_path_buf(), held, db.file_key))
    })
    .await??;
    let path = store::file(&db_path, &a.sha256);
    let mut repaired = false;
    if held.is_some() {
        let (dir, hash) = (db_path.clone(), a.sha256.clone());
        if transfer::off_runtime(move || store::check(&file_key, &dir, &hash)).await? {
            if pin {
                let (sha, size) = (a.sha256.clone(), a.size);
                transfer::on_db(db, move |db| {
                    store::record(&db.conn, &sha, size, true, false, 0)
                })
                .await?;
            }
            return Ok(done(a, &path, 0, false));
        }
        // The copy on disk is damaged (or gone): forget it and fetch it again.
        tracing::warn!(sha256 = %a.sha256, "attachment file corrupt, fetching again");
        let sha = a.sha256.clone();
        transfer::on_db(db, move |db| {
            let dir = db.path().to_path_buf();
            store::forget(&db.conn, &dir, &sha)
        })
        .await?;
        repaired = true;
    }
    let mut fetched = 0;
    // A resumed download whose result does not check out is fetched once more whole.
    for attempt in 0..2 {
        fetched += transfer::download(transport, &db_path, &a.sha256, a.size).await?;
        let part = store::part(&db_path, &a.sha256);
        let (dir, hash, checked) = (db_path.clone(), a.sha256.clone(), part.clone());
        // Hashing and sealing read the whole file: off the runtime's workers.
        let sealed = transfer::off_runtime(move || -> Result<bool, DbError> {
            if store::hash_file(&checked).ok().as_deref() != Some(hash.as_str()) {
                return Ok(false);
            }
            let mut plain = std::io::BufReader::new(std::fs::File::open(&checked)?);
            store::seal_into_store(&file_key, &dir, &mut plain)?;
            store::remove_if_there(&checked)?;
            Ok(true)
        })
        .await??;
        if sealed {
            let (now, sha, size) = (wall_ms(), a.sha256.clone(), a.size);
            transfer::on_db(db, move |db| {
                store::record(&db.conn, &sha, size, pin, false, now)
            })
            .await?;
            return Ok(done(a, &path, fetched, repaired));
        }
        store::remove_if_there(&part)?;
        repaired = true;
        if attempt == 1 {
            break;
        }
    }
    Err(ApiError::new(
        ApiErrorKind::Server,
        format!(
            "Tệp \"{}\" tải về không khớp mã kiểm tra SHA-256, hãy báo cấp ủy kiểm tra tệp trên máy chủ",
            a.name
        ),
    ))
}

fn wall_ms() -> u64 {
    crate::env::Env::now_ms(&crate::env::SystemEnv)
}

fn done(a: Attachment, path: &Path, downloaded_bytes: u64, repaired: bool) -> AttachmentFile {
    AttachmentFile {
        attachment: a,
        path: path.display().to_string(),
        downloaded_bytes,
        repaired,
    }
}
