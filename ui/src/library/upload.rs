//! A file the user picked (or dropped) on a screen, handed to the device in pieces
//! (issue 20): a page knows the file's bytes, not its path, in the browser and in the
//! app's webview alike, so both send the same typed requests (`BeginUpload`,
//! `UploadChunk`, `AttachFile { upload_id }`) over the one Api, and the device keeps
//! the pieces sealed. Pieces of [`PIECE`] bytes keep progress moving and a cancel quick.

use crate::transport::ask;
use base64::Engine;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::ids::Id;
use sotay_model::library::requests::{AttachFile, BeginUpload, CancelUpload, UploadChunk};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;

/// Bytes per piece: 1 MiB, about 1.4 MB of base64 per request.
pub const PIECE: u64 = 1024 * 1024;

/// The pieces of a file of `size` bytes, as (start, end).
pub fn pieces(size: u64, piece: u64) -> Vec<(u64, u64)> {
    let piece = piece.max(1);
    (0..size.div_ceil(piece))
        .map(|i| (i * piece, ((i + 1) * piece).min(size)))
        .collect()
}

/// How an attach ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Attached {
    /// The attachment's id.
    Done(Id),
    /// The user cancelled; nothing is left on the device.
    Cancelled,
}

/// Attach `file` to the document or sending `item`, reporting (received, size) after
/// each piece, and stopping (deleting what arrived) once `cancel` is set.
pub async fn attach(
    item: Id,
    file: web_sys::File,
    unreadable: &str,
    cancel: Rc<Cell<bool>>,
    progress: impl Fn(u64, u64),
) -> Result<Attached, ApiError> {
    let Some(upload_id) = send(file, unreadable, cancel, progress).await? else {
        return Ok(Attached::Cancelled);
    };
    let id = ask(AttachFile {
        document_id: item,
        path: String::new(),
        name: None,
        upload_id: Some(upload_id),
    })
    .await;
    match id {
        Ok(id) => Ok(Attached::Done(id)),
        Err(e) => {
            let _ = ask(CancelUpload { upload_id }).await;
            Err(e)
        }
    }
}

/// Hand `file` to the device in pieces (`BeginUpload`, `UploadChunk`s), reporting
/// (received, size) after each: the finished upload's id for the request that uses it
/// (an attach, an import), or `None` once `cancel` was set (what arrived is deleted).
pub async fn send(
    file: web_sys::File,
    unreadable: &str,
    cancel: Rc<Cell<bool>>,
    progress: impl Fn(u64, u64),
) -> Result<Option<Id>, ApiError> {
    let size = file.size() as u64;
    let upload_id = ask(BeginUpload {
        name: file.name(),
        size,
    })
    .await?;
    progress(0, size);
    for (start, end) in pieces(size, PIECE) {
        if cancel.get() {
            ask(CancelUpload { upload_id }).await?;
            return Ok(None);
        }
        let bytes = match read(&file, start, end).await {
            Some(b) => b,
            None => {
                let _ = ask(CancelUpload { upload_id }).await;
                return Err(ApiError::new(ApiErrorKind::Invalid, unreadable));
            }
        };
        let sent = ask(UploadChunk {
            upload_id,
            offset: start,
            data: base64::engine::general_purpose::STANDARD.encode(&bytes),
        })
        .await;
        match sent {
            Ok(p) => progress(p.received, p.size),
            Err(e) => {
                let _ = ask(CancelUpload { upload_id }).await;
                return Err(e);
            }
        }
    }
    if cancel.get() {
        ask(CancelUpload { upload_id }).await?;
        return Ok(None);
    }
    Ok(Some(upload_id))
}

/// Delete a finished upload that no request took (the user turned a preview down).
pub async fn cancel(upload_id: Id) -> Result<(), ApiError> {
    ask(CancelUpload { upload_id }).await
}

/// The bytes `start..end` of a picked file (`None` when the browser cannot read it,
/// e.g. it was deleted or changed since it was picked).
async fn read(file: &web_sys::File, start: u64, end: u64) -> Option<Vec<u8>> {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).ok()?;
    let buf = JsFuture::from(blob.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    (bytes.len() as u64 == end - start).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn pieces_cover_the_file_once_in_order() {
        assert!(pieces(0, 10).is_empty());
        assert_eq!(pieces(10, 10), vec![(0, 10)]);
        assert_eq!(pieces(25, 10), vec![(0, 10), (10, 20), (20, 25)]);
        assert_eq!(pieces(3, 0), vec![(0, 1), (1, 2), (2, 3)]);
    }
}
