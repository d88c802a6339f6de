//! Video generation (`POST /paas/v4/videos/generations`): an async task.
use crate::prelude::*;

use serde::Serialize;
use serde_json::{Map, Value};

use super::shared::OneOrMany;

/// `client.videos().generate(..)`. `prompt` or `image_url` (or both) must be set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VideoGenerateRequest {
    /// `cogvideox-3`, `viduq1-text`, `vidu2-image`, ...
    pub model: String,
    /// At most 512 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// URL or base64 data URI: one image, `[first, last]` frames, or up to 3 reference images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<OneOrMany<String>>,
    /// `speed` or `quality`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// Generate sound too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_audio: Option<bool>,
    /// `"<W>x<H>"`, e.g. `1920x1080`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// 30 or 60.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fps: Option<u32>,
    /// Seconds: 4, 5 or 10 (by model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// Vidu text-to-video: `general` or `anime`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// `16:9`, `9:16` or `1:1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<String>,
    /// `auto`, `small`, `medium` or `large`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub movement_amplitude: Option<String>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Watermark the video.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
    /// Run when the service is less busy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_peak: Option<bool>,
    /// Sensitive-word checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_word_check: Option<super::shared::SensitiveWordCheck>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
