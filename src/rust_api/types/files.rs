//! File upload (`POST /paas/v4/files`, multipart).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use web_sys::Blob;

/// `client.files().create(..)`: a `Blob` or `File` (from `<input type="file">`, `web_sys` or
/// `gloo-file`) and what it is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCreateRequest {
    /// The content; a `web_sys::File` (`file.into()`, or `File` derefs to `Blob`) gives its name
    /// as the uploaded filename, a plain `Blob` is sent as `file`.
    #[serde(serialize_with = "super::shared::blob_placeholder")]
    pub file: Blob,
    /// `agent`, `user_data`, ...
    pub purpose: String,
}

impl FileCreateRequest {
    /// An upload of `file` (a `web_sys::File` or `Blob`) for `purpose`.
    pub fn new(file: impl Into<Blob>, purpose: impl Into<String>) -> Self {
        FileCreateRequest {
            file: file.into(),
            purpose: purpose.into(),
        }
    }
}

/// An uploaded file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileObject {
    /// Its id (use it as a glossary, or in a chat `file` part).
    pub id: String,
    /// `file`.
    pub object: String,
    /// Its size.
    pub bytes: u64,
    /// Its name.
    pub filename: String,
    /// What it is for.
    pub purpose: String,
    /// Unix seconds.
    pub created_at: u64,
    /// Processing state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Details of that state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_details: Option<String>,
}
