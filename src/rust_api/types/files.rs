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
    /// `None` with documents by URL in `upload_detail`.
    #[serde(
        serialize_with = "super::shared::opt_blob_placeholder",
        skip_serializing_if = "Option::is_none"
    )]
    pub file: Option<Blob>,
    /// `agent`, `user_data`, `retrieval`, ...
    pub purpose: String,
    /// Documents the service fetches by URL (one form field per document, holding its JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_detail: Option<Vec<FileUploadDetail>>,
    /// The knowledge base `retrieval` files go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knowledge_id: Option<String>,
    /// Characters per chunk when a `retrieval` file is split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_size: Option<u32>,
}

impl FileCreateRequest {
    /// An upload of `file` (a `web_sys::File` or `Blob`) for `purpose`.
    pub fn new(file: impl Into<Blob>, purpose: impl Into<String>) -> Self {
        FileCreateRequest {
            file: Some(file.into()),
            purpose: purpose.into(),
            upload_detail: None,
            knowledge_id: None,
            sentence_size: None,
        }
    }
}

/// A document [`FileCreateRequest::upload_detail`] has the service fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileUploadDetail {
    /// Where the document is.
    pub url: String,
    /// The knowledge type (a number the service defines).
    pub knowledge_type: u32,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Characters per chunk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_size: Option<u32>,
    /// Where to split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_separator: Option<Vec<String>>,
    /// Called when the document is processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// Headers of that call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_header: Option<alloc::collections::BTreeMap<String, String>>,
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
