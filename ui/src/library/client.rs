//! The library's Api calls (issue 5), each typed by its request, and the
//! one call that is not the Api: an attachment's bytes from the headless host's
//! `GET /files/{id}` (with the page's token), shown in a browser from an object URL.

use crate::i18n::Lang;
use crate::transport::{ask, carrier, Carrier};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, Document};
use sotay_model::library::requests::{
    AssignStudy, BlobStorage, CreateDocument, FetchAttachment, FreeBlobStorage, GetDocument,
    ListAttachments, ListBookmarks, ListDocuments, ListStudyAssignments, MarkRead, OpenAttachment,
    PinAttachment, SaveStudyNote, SearchDocuments, SetBookmark, StudyProgress, UnpinAttachment,
};
use sotay_model::library::{
    AssignmentInfo, AttachmentFile, AttachmentInfo, BlobStorage as Storage, CellReading,
    DocumentCard, MyStudy, NewDocument, SearchHit,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The filters that combine with the search text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub kind: Option<DocKind>,
    pub org_id: Option<Id>,
    pub year: Option<u16>,
}

/// One page of documents, newest first, and whether more follow.
pub async fn list(
    f: Filters,
    offset: u32,
    limit: u32,
) -> Result<(Vec<DocumentCard>, bool), ApiError> {
    let page = ask(ListDocuments {
        kind: f.kind,
        org_id: f.org_id,
        year: f.year,
        query: None,
        limit: Some(limit),
        offset: Some(offset),
    })
    .await?;
    Ok((page.documents, page.more))
}

pub async fn search(query: String, f: Filters, limit: u32) -> Result<Vec<SearchHit>, ApiError> {
    ask(SearchDocuments {
        query,
        kind: f.kind,
        org_id: f.org_id,
        year: f.year,
        limit: Some(limit),
    })
    .await
}

pub async fn get(id: Id) -> Result<Document, ApiError> {
    ask(GetDocument { id }).await
}

pub async fn create(d: NewDocument) -> Result<Id, ApiError> {
    ask::<CreateDocument>(d).await
}

pub async fn mark_read(document_id: Id, finished: bool) -> Result<MyStudy, ApiError> {
    ask(MarkRead {
        document_id,
        finished,
    })
    .await
}

pub async fn set_bookmark(document_id: Id, bookmarked: bool) -> Result<MyStudy, ApiError> {
    ask(SetBookmark {
        document_id,
        bookmarked,
    })
    .await
}

pub async fn save_note(document_id: Id, text: String) -> Result<MyStudy, ApiError> {
    ask(SaveStudyNote { document_id, text }).await
}

pub async fn bookmarks() -> Result<Vec<DocumentCard>, ApiError> {
    Ok(ask(ListBookmarks).await?.documents)
}

pub async fn assignments() -> Result<Vec<AssignmentInfo>, ApiError> {
    ask(ListStudyAssignments).await
}

pub async fn assign(
    org_id: Id,
    document_id: Id,
    due_on: String,
    note: String,
) -> Result<Id, ApiError> {
    ask(AssignStudy {
        org_id,
        document_id,
        due_on,
        note,
    })
    .await
}

pub async fn progress(assignment_id: Id) -> Result<Vec<CellReading>, ApiError> {
    Ok(ask(StudyProgress { assignment_id }).await?.cells)
}

pub async fn attachments(document_id: Id) -> Result<Vec<AttachmentInfo>, ApiError> {
    ask(ListAttachments { document_id }).await
}

pub async fn fetch(id: Id) -> Result<AttachmentFile, ApiError> {
    ask(FetchAttachment { id }).await
}

/// "Lưu ngoại tuyến" on (download and keep: the file) or off (the file is deleted).
pub async fn set_pinned(id: Id, pinned: bool) -> Result<Option<AttachmentFile>, ApiError> {
    if pinned {
        return ask(PinAttachment { id }).await.map(Some);
    }
    ask(UnpinAttachment { id }).await.map(|()| None)
}

pub async fn storage(free: Option<bool>) -> Result<Storage, ApiError> {
    match free {
        None => ask(BlobStorage).await,
        Some(pinned) => ask(FreeBlobStorage { pinned }).await,
    }
}

/// The newest documents on this device (for Home), without their text.
pub async fn latest_documents(limit: u32) -> Result<Vec<DocumentCard>, ApiError> {
    let req = ListDocuments {
        limit: Some(limit),
        ..ListDocuments::default()
    };
    Ok(ask(req).await?.documents)
}

/// Where an opened attachment is shown.
pub enum Opened {
    /// The desktop's viewer has it (Tauri).
    Viewer,
    /// An object URL of the file's bytes, for the browser to show.
    Url(String),
}

/// Fetch the file (downloading it if needed), then open it: in Tauri through the
/// replica (`OpenAttachment`), in a browser from the host's `/files/{id}`.
pub async fn open(id: Id) -> Result<(AttachmentFile, Opened), ApiError> {
    let got = fetch(id).await?;
    match carrier() {
        Carrier::Tauri => {
            ask(OpenAttachment { id }).await?;
            Ok((got, Opened::Viewer))
        }
        Carrier::Http { token } => {
            let url = object_url(id, token.as_deref()).await?;
            Ok((got, Opened::Url(url)))
        }
    }
}

async fn object_url(id: Id, token: Option<&str>) -> Result<String, ApiError> {
    let fail = || {
        ApiError::new(
            ApiErrorKind::Storage,
            crate::library::strings::lt(Lang::Vi, crate::library::strings::L::ErrOpenFile),
        )
    };
    let window = web_sys::window().ok_or_else(fail)?;
    let headers = web_sys::Headers::new().map_err(|_| fail())?;
    if let Some(t) = token {
        headers.set("x-sotay-token", t).map_err(|_| fail())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    let url = format!("/files/{id}");
    let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(|_| fail())?;
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| fail())?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| fail())?;
    if !answer.ok() {
        let text = match answer.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        };
        // The host answers its errors as an ApiError with a Vietnamese message.
        return Err(text
            .and_then(|t| serde_json::from_str::<ApiError>(&t).ok())
            .unwrap_or_else(fail));
    }
    let blob = JsFuture::from(answer.blob().map_err(|_| fail())?)
        .await
        .map_err(|_| fail())?;
    let blob: web_sys::Blob = blob.dyn_into().map_err(|_| fail())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail())
}

/// Today on this device as `yyyy-mm-dd` (for "overdue"; display only).
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}
