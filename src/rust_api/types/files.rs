//! File upload (`POST /paas/v4/files`, multipart).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// `client.files().create(..)`: a JS `File` or `Blob` (from `<input type="file">`, `web_sys`
/// or `gloo-file`) and what it is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileCreateRequest {
    /// A `Blob` or `File` (any `JsValue`, e.g. `web_sys::File::into()`); a `File`'s name is the
    /// uploaded filename, a plain `Blob` is sent as `file`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub file: JsValue,
    /// `agent`, `user_data`, ...
    pub purpose: String,
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
