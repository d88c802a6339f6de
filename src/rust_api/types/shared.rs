//! Types several resources share.
use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::chat::Choice;

/// Writes a request's `Blob` as the placeholder of the core's parameter checks
/// ([`SENTINEL_BLOB`](crate::schema::SENTINEL_BLOB)); the multipart form carries the Blob
/// itself in its place.
pub(crate) fn blob_placeholder<S: serde::Serializer>(
    _blob: &web_sys::Blob,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(crate::schema::SENTINEL_BLOB)
}

/// [`blob_placeholder`] for an optional Blob (`None` is skipped by the field).
pub(crate) fn opt_blob_placeholder<S: serde::Serializer>(
    blob: &Option<web_sys::Blob>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match blob {
        Some(b) => blob_placeholder(b, s),
        None => s.serialize_none(),
    }
}

/// Token counts of a call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Usage {
    /// Tokens of the input.
    pub prompt_tokens: u64,
    /// Tokens of the output.
    pub completion_tokens: u64,
    /// Both.
    pub total_tokens: u64,
    /// Cached input tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_tokens_details: Option<PromptTokensDetails>,
    /// Reasoning tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_tokens_details: Option<CompletionTokensDetails>,
}

/// [`Usage::prompt_tokens_details`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PromptTokensDetails {
    /// Input tokens served from the context cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached_tokens: Option<u64>,
}

/// [`Usage::completion_tokens_details`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompletionTokensDetails {
    /// Output tokens spent on reasoning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_tokens: Option<u64>,
}

/// A web search hit (`web_search.search` and the chat web search tool).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSearchResult {
    /// Page title.
    pub title: String,
    /// Summary or excerpt.
    pub content: String,
    /// The page's URL.
    pub link: String,
    /// Site name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// Site icon URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Reference number (`ref_1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refer: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<String>,
}

/// Either one value or a list (`image_url` of videos, embeddings `input`, agent content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// One value (sent as itself).
    One(T),
    /// A list (sent as an array).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The value(s) as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(v) => core::slice::from_ref(v),
            OneOrMany::Many(v) => v,
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl From<&str> for OneOrMany<String> {
    fn from(s: &str) -> Self {
        OneOrMany::One(s.into())
    }
}

impl From<String> for OneOrMany<String> {
    fn from(s: String) -> Self {
        OneOrMany::One(s)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(v: Vec<T>) -> Self {
        OneOrMany::Many(v)
    }
}

/// A submitted async task (videos, async images, async chat): poll it with
/// `client.async_result().poll(&task.id, ..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AsyncTask {
    /// The task id.
    pub id: String,
    /// The model.
    pub model: String,
    /// The request id.
    pub request_id: String,
    /// `PROCESSING`, `SUCCESS` or `FAIL`.
    pub task_status: String,
}

/// The state of an async task; the result list matching the submission is set once
/// `task_status` is `SUCCESS`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AsyncResult {
    /// The model.
    pub model: String,
    /// `PROCESSING`, `SUCCESS` or `FAIL`.
    pub task_status: String,
    /// The request id.
    pub request_id: String,
    /// The task id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Video tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_result: Option<Vec<VideoResult>>,
    /// Async image tasks (30-day links).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_result: Option<Vec<ImageResult>>,
    /// Async chat tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<Choice>>,
    /// Async chat tasks: token counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// A generated video.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VideoResult {
    /// The video.
    pub url: String,
    /// Its cover image.
    pub cover_image_url: String,
}

/// A generated image of an async task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageResult {
    /// The image (a temporary link).
    pub url: String,
}

/// Sensitive-word checking of a request (chat, images, videos): on by default; disabling it
/// needs the service's permission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveWordCheck {
    /// `ALL` today.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `ENABLE` or `DISABLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
