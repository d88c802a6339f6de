//! Token counting (`POST /paas/v4/tokenizer`).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::chat::{ChatMessage, Tool};

/// `client.tokenizer().count(..)`: the chat messages and tools to count.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TokenizerRequest {
    /// `glm-4.6`, ...
    pub model: String,
    /// The messages.
    pub messages: Vec<ChatMessage>,
    /// Tools, which count too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Tool>>,
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

/// The answer of `tokenizer().count(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenizerResponse {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The request id.
    pub request_id: String,
    /// The counts.
    pub usage: TokenizerUsage,
}

/// Token counts by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenizerUsage {
    /// Text tokens.
    pub prompt_tokens: u64,
    /// Image tokens.
    pub image_tokens: u64,
    /// Video tokens.
    pub video_tokens: u64,
    /// All of them.
    pub total_tokens: u64,
}
