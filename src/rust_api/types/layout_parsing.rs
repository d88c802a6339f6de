//! Layout parsing, OCR with `glm-ocr` (`POST /paas/v4/layout_parsing`).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::Usage;

/// `client.layout_parsing().parse(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LayoutParsingRequest {
    /// `glm-ocr`.
    pub model: String,
    /// URL or base64 of an image (at most 10 MB) or PDF (50 MB).
    pub file: String,
    /// Return crops of the image blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_crop_images: Option<bool>,
    /// Return pictures of the detected layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need_layout_visualization: Option<bool>,
    /// PDF: first page, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_page_id: Option<u32>,
    /// PDF: last page, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_page_id: Option<u32>,
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

/// The answer of `layout_parsing().parse(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutParsingResponse {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model.
    pub model: String,
    /// The document as markdown.
    pub md_results: String,
    /// One list of blocks per page.
    pub layout_details: Vec<Vec<LayoutBlock>>,
    /// Image URLs (`need_layout_visualization`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout_visualization: Option<Vec<String>>,
    /// Page count and sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_info: Option<DataInfo>,
    /// Token counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// The request id.
    pub request_id: String,
}

/// A block found on a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutBlock {
    /// Reading order.
    pub index: u32,
    /// `image`, `text`, `formula`, `table`, ...
    pub label: String,
    /// `[x1, y1, x2, y2]`, each 0 to 1 of the page size.
    pub bbox_2d: Vec<f64>,
    /// The block's text (markdown, LaTeX, HTML tables).
    pub content: String,
    /// Page width.
    pub width: f64,
    /// Page height.
    pub height: f64,
}

/// Pages of the parsed document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataInfo {
    /// How many pages.
    pub num_pages: u32,
    /// Their sizes.
    pub pages: Vec<PageSize>,
}

/// A page's size.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}
