//! Where a documents import finds its sheet and the files the sheet names: a folder
//! on the device (the CLI, the Api), or the files a screen picked together and sent
//! as uploads (issue 20), matched by name, since a browser or a webview knows a
//! picked file's name and bytes, never its folder.

use crate::db::Db;
use crate::error::invalid;
use crate::library::blobs::{store, uploads};
use sotay_model::api::ApiError;
use sotay_model::Id;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file the sheet names, found: where its bytes are.
pub(super) enum Found {
    Path(PathBuf),
    Upload(Id),
}

pub(super) enum Files<'a> {
    Folder(&'a Path),
    /// Picked file name -> (upload, size); the sheet's own upload aside.
    Picked(HashMap<String, (Id, u64)>),
}

/// What looking a name up gave: its bytes' place and size, or why not.
pub(super) enum Look {
    Found(Found, u64),
    NotFile,
    Missing,
}

impl Files<'_> {
    pub(super) fn look(&self, name: &str) -> Look {
        match self {
            Files::Folder(folder) => match std::fs::metadata(folder.join(name)) {
                Ok(m) if m.is_file() => Look::Found(Found::Path(folder.join(name)), m.len()),
                Ok(_) => Look::NotFile,
                Err(_) => Look::Missing,
            },
            Files::Picked(by_name) => match by_name.get(name) {
                Some((id, size)) => Look::Found(Found::Upload(*id), *size),
                None => Look::Missing,
            },
        }
    }

    /// Where "not found" points the user: the folder, or the files picked.
    pub(super) fn missing(&self, name: &str) -> String {
        match self {
            Files::Folder(_) => format!("không thấy tệp \"{name}\" trong thư mục"),
            Files::Picked(_) => format!("tệp \"{name}\" không có trong các tệp đã chọn"),
        }
    }

    /// A small file's bytes (the full text, a .txt).
    pub(super) fn read(&self, db: &Db, name: &str) -> Option<Vec<u8>> {
        match self.look(name) {
            Look::Found(Found::Path(p), _) => std::fs::read(p).ok(),
            Look::Found(Found::Upload(id), _) => uploads::read_all(db, id).ok().map(|(_, b)| b),
            _ => None,
        }
    }

    /// The uploads to delete once the import is written.
    pub(super) fn uploads(&self) -> Vec<Id> {
        match self {
            Files::Folder(_) => Vec::new(),
            Files::Picked(by_name) => by_name.values().map(|(id, _)| *id).collect(),
        }
    }
}

/// Seal a found file into the store; its SHA-256.
pub(super) fn keep(db: &Db, found: &Found) -> Result<String, ApiError> {
    match found {
        Found::Path(p) => crate::library::blobs::keep_copy(db, p),
        Found::Upload(id) => {
            let (_, _, mut pieces) = uploads::complete(db, *id)?;
            Ok(store::seal_into_store(
                &db.file_key,
                db.path(),
                &mut pieces,
            )?)
        }
    }
}

/// The picked files: the sheet's upload (`sheet` names it when several .xlsx were
/// picked), its name and bytes, and the others by name. Every upload must be
/// complete.
pub(super) fn picked(
    db: &Db,
    upload_ids: &[Id],
    sheet: Option<&str>,
) -> Result<(Id, String, Vec<u8>, Files<'static>), ApiError> {
    let mut sheets = Vec::new();
    let mut by_name = HashMap::new();
    for id in upload_ids {
        let (name, size, _) = uploads::complete(db, *id)?;
        let is_sheet = match sheet {
            Some(s) => s == name,
            None => super::sheet::is_xlsx(&name) && !name.starts_with("~$"),
        };
        if is_sheet {
            sheets.push(*id);
        } else if by_name.insert(name.clone(), (*id, size)).is_some() {
            return Err(invalid(format!(
                "Có hai tệp cùng tên \"{name}\" trong các tệp đã chọn"
            )));
        }
    }
    let id = match sheets.as_slice() {
        [one] => *one,
        [] => {
            return Err(invalid(
                "Các tệp đã chọn không có tệp danh mục văn bản (.xlsx)",
            ))
        }
        _ => {
            return Err(invalid(
                "Các tệp đã chọn có nhiều tệp .xlsx, hãy chỉ chọn một tệp danh mục",
            ))
        }
    };
    let (name, bytes) = uploads::read_all(db, id)?;
    Ok((id, name, bytes, Files::Picked(by_name)))
}
