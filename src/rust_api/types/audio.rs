//! Speech to text (`POST /paas/v4/audio/transcriptions`, multipart).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use web_sys::Blob;

/// `client.audio().transcriptions().create(..)` / `create_stream(..)`: the audio (wav/mp3, at
/// most 25 MB and 30 s) as a `Blob`/`File` in `file`, or as base64 in `file_base64`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TranscriptionRequest {
    /// A `web_sys::Blob` or `File` (`file.into()`); leave it `None` (the default) to send
    /// `file_base64`.
    #[serde(
        serialize_with = "super::shared::opt_blob_placeholder",
        skip_serializing_if = "Option::is_none"
    )]
    pub file: Option<Blob>,
    /// The audio as base64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_base64: Option<String>,
    /// `glm-asr-2512`.
    pub model: String,
    /// Earlier transcript as context, under 8000 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// Words to favour (at most 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hotwords: Option<Vec<String>>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// The answer of a non-stream transcription.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Transcription {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The request id.
    pub request_id: String,
    /// The model.
    pub model: String,
    /// The text.
    pub text: String,
}

/// One event of a [`TranscriptionStream`](crate::api::TranscriptionStream).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TranscriptionChunk {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model.
    pub model: String,
    /// `transcript.text.delta`, then `transcript.text.done`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// More text (empty in the `done` event).
    pub delta: String,
}
