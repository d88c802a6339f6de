//! Image generation (`POST /paas/v4/images/generations` and its async variant).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `client.images().generate(..)` / `generate_async(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImageGenerateRequest {
    /// `glm-image`, `cogview-4`, ...
    pub model: String,
    /// What to draw.
    pub prompt: String,
    /// `hd` or `standard`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// `"<W>x<H>"`, e.g. `1280x1280`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Watermark the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
    /// How many images (cogview models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    /// `url` or `b64_json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
    /// `vivid`, `natural`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// An end-user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Sensitive-word checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_word_check: Option<super::shared::SensitiveWordCheck>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `images().generate(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImagesResponse {
    /// Unix seconds.
    pub created: u64,
    /// The image (one); its URL is valid for 30 days.
    pub data: Vec<Image>,
    /// Moderation results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_filter: Option<Vec<ContentFilter>>,
}

/// A generated image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Image {
    /// A temporary link (30 days).
    pub url: String,
    /// The image as base64, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b64_json: Option<String>,
    /// The prompt as the model rewrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_prompt: Option<String>,
}

/// A moderation result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentFilter {
    /// `assistant`, `user` or `history`.
    pub role: String,
    /// 0 (most severe) to 3.
    pub level: f64,
}
