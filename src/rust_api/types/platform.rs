//! The rest of the platform (what the official Python SDK calls beyond the API reference): file
//! list and delete, the model list, moderation.
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::files::FileObject;

/// `client.files().list(..)`: the query (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileListRequest {
    /// Only files for this purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// At most this many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The id after which the page starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// `asc` or `desc` (by creation time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
}

/// A page of files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileList {
    /// `list`.
    pub object: String,
    /// The files.
    pub data: Vec<FileObject>,
    /// Whether a later page exists.
    pub has_more: bool,
}

/// The answer of `files().delete(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileDeleted {
    /// The file's id.
    pub id: String,
    /// `file`.
    pub object: String,
    /// Whether it is gone.
    pub deleted: bool,
}

/// The answer of `models().list()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelList {
    /// `list`.
    pub object: String,
    /// The models.
    pub data: Vec<Model>,
}

/// One model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Model {
    /// Its name, as `model` takes it.
    pub id: String,
    /// `model`.
    pub object: String,
    /// Unix seconds.
    pub created: u64,
    /// Who provides it.
    pub owned_by: String,
}

/// `client.moderations().create(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModerationRequest {
    /// The moderation model.
    pub model: String,
    /// A text, a list of texts, or a content object.
    pub input: Value,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `moderations().create(..)`: its fields as the service sends them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModerationResponse {
    /// Every member of the answer (`id`, `request_id`, `result_list`, `usage`, ...).
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// `client.batches().create(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BatchCreateRequest {
    /// The JSONL file of requests (uploaded with purpose `batch`).
    pub input_file_id: String,
    /// `/v1/chat/completions` or `/v1/embeddings`.
    pub endpoint: String,
    /// `24h`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_window: Option<String>,
    /// Up to 16 key-value pairs of yours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Delete the input file once done (the service's default: true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_delete_input_file: Option<bool>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `client.batches().list(..)`: the query.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BatchListRequest {
    /// The id after which the page starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// 1 to 100 (default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Batch {
    /// Its id.
    pub id: String,
    /// `batch`.
    pub object: String,
    /// The endpoint its requests go to.
    pub endpoint: String,
    /// The input file.
    pub input_file_id: String,
    /// `24h`.
    pub completion_window: String,
    /// `validating`, `in_progress`, `finalizing`, `completed`, `failed`, `expired`,
    /// `cancelling`, `cancelled`.
    pub status: String,
    /// The answers (JSONL), once completed.
    pub output_file_id: Option<String>,
    /// The failed requests (JSONL).
    pub error_file_id: Option<String>,
    /// Unix seconds.
    pub created_at: u64,
    /// Unix seconds, once reached.
    pub in_progress_at: Option<u64>,
    /// Unix seconds.
    pub expires_at: Option<u64>,
    /// Unix seconds.
    pub finalizing_at: Option<u64>,
    /// Unix seconds.
    pub completed_at: Option<u64>,
    /// Unix seconds.
    pub failed_at: Option<u64>,
    /// Unix seconds.
    pub expired_at: Option<u64>,
    /// Unix seconds.
    pub cancelling_at: Option<u64>,
    /// Unix seconds.
    pub cancelled_at: Option<u64>,
    /// Request counts.
    pub request_counts: Option<BatchRequestCounts>,
    /// Validation errors of the input (`{object: "list", data: [{code, line, message, param}]}`).
    pub errors: Option<Value>,
    /// Yours, as given.
    pub metadata: Option<Map<String, Value>>,
}

/// How many requests of a batch are done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchRequestCounts {
    /// All of them.
    pub total: u64,
    /// Answered.
    pub completed: u64,
    /// Failed.
    pub failed: u64,
}

/// A page of batches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchList {
    /// `list`.
    pub object: String,
    /// The batches.
    pub data: Vec<Batch>,
    /// The first id of the page.
    pub first_id: Option<String>,
    /// The last id of the page (`after` for the next one).
    pub last_id: Option<String>,
    /// Whether a later page exists.
    pub has_more: bool,
}

/// `client.voice().clone(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VoiceCloneRequest {
    /// A name of yours for the voice.
    pub voice_name: String,
    /// What is said in the sample.
    pub text: String,
    /// A text to preview the new voice with.
    pub input: String,
    /// The sample (uploaded with purpose `voice-clone-input`).
    pub file_id: String,
    /// `glm-tts-clone`.
    pub model: String,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The answer of `voice().clone(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceCloneResult {
    /// The new voice's id (`voice` of speech calls).
    pub voice: String,
    /// The preview's file id.
    pub file_id: String,
    /// Its purpose.
    pub file_purpose: String,
}

/// `client.voice().list(..)`: the filters (sent as `voiceType`, `voiceName`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VoiceListRequest {
    /// `OFFICIAL` or `PRIVATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_type: Option<String>,
    /// A voice name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_name: Option<String>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The answer of `voice().list(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceList {
    /// The voices.
    pub voice_list: Vec<VoiceData>,
}

/// One voice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceData {
    /// Its id.
    pub voice: String,
    /// Its name.
    pub voice_name: String,
    /// `OFFICIAL` or `PRIVATE`.
    pub voice_type: String,
    /// A sample.
    pub download_url: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// `client.voice().delete(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VoiceDeleteRequest {
    /// The voice's id.
    pub voice: String,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The answer of `voice().delete(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceDeleteResult {
    /// The voice's id.
    pub voice: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub update_time: String,
}

/// `client.audio().speech().create(..)` / `create_stream(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpeechRequest {
    /// `glm-tts`.
    pub model: String,
    /// The text to speak (at most 1024 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `tongtong`, `chuichui`, ... or a cloned voice's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    /// `wav` or `pcm` (default `pcm`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
    /// For streams: `base64` (default) or `hex`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encode_format: Option<String>,
    /// 0.5 to 2 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// Above 0, at most 10 (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<f64>,
    /// Mark the audio as generated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
    /// `{ "type": "ALL", "status": "DISABLE" }`, where allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_word_check: Option<Value>,
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

/// One event of a speech stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeechChunk {
    /// The call's id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model.
    pub model: String,
    /// One piece of audio.
    pub choices: Vec<SpeechChoice>,
}

/// A piece of a speech stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeechChoice {
    /// 0.
    pub index: u32,
    /// The audio piece.
    pub delta: SpeechDelta,
    /// Set on the last chunk.
    pub finish_reason: Option<String>,
}

/// The audio of one chunk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeechDelta {
    /// `assistant`.
    pub role: Option<String>,
    /// The audio as base64 (or hex) text.
    pub content: Option<String>,
    /// Its sample rate (Hz).
    pub return_sample_rate: Option<u32>,
    /// Its format (`pcm`, `wav`).
    pub return_format: Option<String>,
}

/// `client.audio().customization().create(..)`: speech in the voice of a sample (multipart).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpeechCustomizationRequest {
    /// `glm-tts-clone`.
    pub model: String,
    /// The text to speak.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// What is said in the sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_text: Option<String>,
    /// The sample: a `web_sys::Blob` or `File`.
    #[serde(
        serialize_with = "super::shared::opt_blob_placeholder",
        skip_serializing_if = "Option::is_none"
    )]
    pub voice_data: Option<web_sys::Blob>,
    /// `wav` or `pcm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
    /// Mark the audio as generated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
    /// `{ "type": "ALL", "status": "DISABLE" }`, where allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_word_check: Option<Value>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `client.file_parser().create(..)` / `create_sync(..)` (multipart).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileParserRequest {
    /// The document: a `web_sys::Blob` or `File`.
    #[serde(serialize_with = "super::shared::blob_placeholder")]
    pub file: web_sys::Blob,
    /// Its type: `pdf`, `docx`, `png`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// `lite`, `expert` or `prime` (`create`); `prime-sync` (`create_sync`).
    pub tool_type: String,
}

/// The answer of `file_parser().create(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileParserTask {
    /// The task, for `content`.
    pub task_id: String,
    /// What happened.
    pub message: String,
    /// Whether the task was accepted.
    pub success: bool,
}

/// A parse result (`content` and `create_sync`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileParserResult {
    /// The task.
    pub task_id: String,
    /// What happened.
    pub message: String,
    /// `succeeded`, `processing`, `failed` (a boolean from some versions of the service).
    pub status: Value,
    /// The text (format `text`).
    pub content: Option<String>,
    /// Where to download the result (format `download_link`).
    pub parsing_result_url: Option<String>,
}

/// `client.ocr().handwriting(..)` (multipart).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandwritingRequest {
    /// The image: a `web_sys::Blob` or `File`.
    #[serde(serialize_with = "super::shared::blob_placeholder")]
    pub file: web_sys::Blob,
    /// `hand_write`.
    pub tool_type: String,
    /// `CHN_ENG`, `ENG`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_type: Option<String>,
    /// Also return each line's confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<bool>,
}

/// The answer of `ocr().handwriting(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandwritingResult {
    /// The task.
    pub task_id: String,
    /// What happened.
    pub message: String,
    /// `succeeded`, ...
    pub status: String,
    /// How many lines.
    pub words_result_num: u32,
    /// The lines: `{location: {left, top, width, height}, words, probability?}`.
    pub words_result: Vec<Value>,
}

/// `client.request(..)`: any path under the base URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RawRequest {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// Under the base URL, e.g. `/paas/v4/models` (no `//`, no `..`).
    pub path: String,
    /// Strings, numbers and booleans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<Map<String, Value>>,
    /// Sent as JSON (its text goes out apart from this description).
    #[serde(skip_serializing)]
    pub body: Option<Value>,
    /// Answered with an event stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
}
