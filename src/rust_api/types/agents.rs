//! Hosted agents (`POST /v1/agents`, `/v1/agents/async-result`, `/v1/agents/conversation`).
//! Agents answer in several shapes (zai-api.md §6–§9), so the output types are open: every
//! documented member is typed and optional.
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::OneOrMany;

/// `client.agents().invoke(..)` / `invoke_stream(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgentInvokeRequest {
    /// `general_translation`, `vidu_template_agent`, `slides_glm_agent`, ...
    pub agent_id: String,
    /// The input; `content` is always a list of items.
    pub messages: Vec<AgentMessage>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `slides_glm_agent`: continue an existing deck.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Agent-specific settings, e.g. `{"target_lang": "ja"}` for `general_translation` or
    /// `{"template": "bodyshake"}` for `vidu_template_agent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_variables: Option<Value>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An input message of an agent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgentMessage {
    /// `user`.
    pub role: String,
    /// At least one item.
    pub content: Vec<AgentContent>,
}

impl AgentMessage {
    /// A user message of one text item.
    pub fn user(text: impl Into<String>) -> Self {
        AgentMessage {
            role: "user".into(),
            content: vec![AgentContent::Text { text: text.into() }],
        }
    }
}

/// An input item. Unlike chat, `image_url` is a plain URL string.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgentContent {
    /// `{"type":"text","text":..}`.
    Text {
        /// The text.
        text: String,
    },
    /// `{"type":"image_url","image_url":"https://.."}`.
    ImageUrl {
        /// The image's URL.
        image_url: String,
    },
}

/// The answer of `agents().invoke(..)`, and each event of `invoke_stream(..)` (as
/// [`AgentChunk`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentResponse {
    /// The call id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The agent.
    pub agent_id: String,
    /// `slides_glm_agent`: the deck's conversation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// `pending`, `success` or `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `vidu_template_agent`: the task to pass to `agents().async_result(..)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub async_id: Option<String>,
    /// The answer (streams: what this event adds).
    pub choices: Vec<AgentChoice>,
    /// Token counts (streams: on the last event).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<AgentUsage>,
    /// A failed task's error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<AgentError>,
}

/// One answer of an agent, or what one stream event adds to it: translation uses `messages`
/// (streamed: `delta`), slides, async results and conversations `message`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentChoice {
    /// Its position.
    pub index: u32,
    /// `stop`, ... (streams: on the last event).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
    /// Translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<AgentOutputMessage>>,
    /// Slides, async results, conversations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<OneOrMany<AgentOutputMessage>>,
    /// Streamed translation: the next piece.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<AgentDelta>,
}

impl AgentChoice {
    /// Every message of this choice, whichever key carried them.
    pub fn all_messages(&self) -> impl Iterator<Item = &AgentOutputMessage> {
        let listed = self.messages.as_deref().unwrap_or_default();
        let single = self.message.as_ref().map_or(&[][..], OneOrMany::as_slice);
        listed.iter().chain(single)
    }
}

/// A message of an agent's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentOutputMessage {
    /// `assistant`.
    pub role: String,
    /// `slides_glm_agent`: `thinking`, `tool` or `answer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// One item (translation) or a list (slides, async results).
    pub content: OneOrMany<AgentOutputContent>,
}

/// An item of an agent's answer; which field is set depends on `type`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentOutputContent {
    /// `text`, `object`, `image_url`, `file_url`, `video_url`, ...
    #[serde(rename = "type")]
    pub r#type: String,
    /// `text` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `image_url` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// `file_url` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_url: Option<String>,
    /// `video_url` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// `object` items (slides tool steps: `{tool_name, input, output, position}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<Value>,
    /// Chinese label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_cn: Option<String>,
    /// English label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_en: Option<String>,
}

/// Token counts of an agent call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentUsage {
    /// Tokens of the input.
    pub prompt_tokens: u64,
    /// Tokens of the output.
    pub completion_tokens: u64,
    /// Both.
    pub total_tokens: u64,
    /// Model calls the agent made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_calls: Option<u64>,
}

/// The error of a failed agent task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentError {
    /// Business code, e.g. `1234`.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

/// One event of an [`AgentStream`](crate::api::AgentStream): the fields of an
/// [`AgentResponse`], translation sending `delta`s, slides whole `message`s, the last event the
/// usage.
pub type AgentChunk = AgentResponse;

/// The piece a streamed [`AgentChoice`] adds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentDelta {
    /// `assistant`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The item(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<OneOrMany<AgentOutputContent>>,
}

/// `client.agents().async_result(..)`: the state of an async agent task.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgentAsyncResultRequest {
    /// The agent.
    pub agent_id: String,
    /// The task (`AgentResponse::async_id`).
    pub async_id: String,
    /// The conversation, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Agent-specific settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_variables: Option<Value>,
}

/// The answer of `agents().async_result(..)`. A `failed` task is an error instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentAsyncResult {
    /// `pending` or `success`.
    pub status: String,
    /// The agent.
    pub agent_id: String,
    /// The task.
    pub async_id: String,
    /// Once `success`: `message[].content[]` items of type `video_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<AgentChoice>>,
    /// A failed task's error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<AgentError>,
}

/// `client.agents().conversation(..)`: export a `slides_glm_agent` conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgentConversationRequest {
    /// `slides_glm_agent`.
    pub agent_id: String,
    /// The conversation to export.
    pub conversation_id: String,
    /// `{"include_pdf": true, "pages": [{"position": 1, "width": 960, "height": 540}]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_variables: Option<Value>,
}

/// The answer of `agents().conversation(..)`: `content` items of type `file_url` (the PDF) and
/// `image_url` (the pages).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentConversation {
    /// The conversation.
    pub conversation_id: String,
    /// The agent.
    pub agent_id: String,
    /// The export.
    pub choices: Vec<AgentChoice>,
    /// An error reported by the agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<AgentError>,
}
