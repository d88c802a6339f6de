//! Web reader (`POST /paas/v4/reader`): a page as markdown or text.
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `client.web_reader().read(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WebReaderRequest {
    /// The page.
    pub url: String,
    /// Seconds the service may take (default 20). Not the call's timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// Fetch fresh (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_cache: Option<bool>,
    /// `markdown` (default) or `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_format: Option<String>,
    /// Keep images (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retain_images: Option<bool>,
    /// No GitHub Flavored Markdown (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_gfm: Option<bool>,
    /// Keep `data:` image URLs (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_img_data_url: Option<bool>,
    /// Summarise the images (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_images_summary: Option<bool>,
    /// Summarise the links (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_links_summary: Option<bool>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `web_reader().read(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebReaderResponse {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The request id.
    pub request_id: String,
    /// The model.
    pub model: String,
    /// The page.
    pub reader_result: ReaderResult,
}

/// A page read by the web reader.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReaderResult {
    /// The page as markdown or text.
    pub content: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its URL.
    pub url: String,
    /// External resources (`stylesheet`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<Value>,
    /// `<meta>` values (`keywords`, `viewport`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}
