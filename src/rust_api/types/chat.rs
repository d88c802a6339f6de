//! Chat completions: requests, messages, tools, completions and stream chunks
//! (`POST /paas/v4/chat/completions`, zai-api.md §1).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use alloc::collections::BTreeMap;

use super::shared::{SensitiveWordCheck, Usage, WebSearchResult};

/// `client.chat().completions().create(..)` / `create_stream(..)` / `create_async(..)`.
///
/// There is no `stream` field: `create_stream` sets it. Unset fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChatCompletionRequest {
    /// The model, e.g. `glm-4.6` (open: new models need no update).
    pub model: String,
    /// The conversation so far; at least one message.
    pub messages: Vec<ChatMessage>,
    /// Thinking (reasoning) mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Thinking>,
    /// `max`, `xhigh`, `high`, `medium`, `low`, `minimal` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<String>,
    /// Sample (true) or decode greedily (false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_sample: Option<bool>,
    /// 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// 0.01 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    /// 1 to 131072.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// Up to 4 stop words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Vec<String>>,
    /// Tools the model may call (at most 128).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Tool>>,
    /// `auto` (the only documented value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<String>,
    /// Stream function-call arguments as they are generated (with `create_stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_stream: Option<bool>,
    /// Plain text or JSON mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ResponseFormat>,
    /// 6 to 64 characters; the call's identity on the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// A safe integer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// Sensitive-word checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_word_check: Option<SensitiveWordCheck>,
    /// Watermark generated content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
    /// Free-form string pairs stored with the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
    /// CodeGeeX code completion (the wire's `extra`).
    #[serde(rename = "extra", skip_serializing_if = "Option::is_none")]
    pub code_geex: Option<CodeGeexExtra>,
    /// Parameters this struct does not have yet, sent as given at the top level of the body.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// CodeGeeX code completion: where to complete and more code to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeGeexExtra {
    /// The completion position.
    pub target: CodeGeexTarget,
    /// More code the completion may look at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contexts: Option<Vec<CodeGeexContext>>,
}

/// [`CodeGeexExtra::target`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeGeexTarget {
    /// The file's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `python`, `rust`, ...
    pub language: String,
    /// The text before the completion position.
    pub code_prefix: String,
    /// The text after it.
    pub code_suffix: String,
}

/// One of [`CodeGeexExtra::contexts`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeGeexContext {
    /// The file's path.
    pub path: String,
    /// Its code.
    pub code: String,
}

/// A message of the conversation. Build one with [`ChatMessage::system`], [`ChatMessage::user`],
/// [`ChatMessage::user_parts`], [`ChatMessage::assistant`] or [`ChatMessage::tool`]; an answer's
/// [`ResponseMessage`] converts into one (`.into()`) to continue the conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChatMessage {
    /// `system`, `user`, `assistant` or `tool`.
    pub role: String,
    /// Text, or (user messages of vision models) content parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// Assistant messages: the reasoning that came with the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// Assistant messages: the tool calls the model made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// Tool messages: the id of the call this answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl ChatMessage {
    fn text(role: &str, text: impl Into<String>) -> Self {
        ChatMessage {
            role: role.into(),
            content: Some(MessageContent::Text(text.into())),
            ..ChatMessage::default()
        }
    }

    /// A system message.
    pub fn system(text: impl Into<String>) -> Self {
        ChatMessage::text("system", text)
    }

    /// A user message of plain text.
    pub fn user(text: impl Into<String>) -> Self {
        ChatMessage::text("user", text)
    }

    /// A user message of content parts (images, video, files and text for vision models).
    pub fn user_parts(parts: Vec<ContentPart>) -> Self {
        ChatMessage {
            role: "user".into(),
            content: Some(MessageContent::Parts(parts)),
            ..ChatMessage::default()
        }
    }

    /// An earlier answer of the model.
    pub fn assistant(text: impl Into<String>) -> Self {
        ChatMessage::text("assistant", text)
    }

    /// The result of the tool call `tool_call_id`.
    pub fn tool(tool_call_id: impl Into<String>, content: impl Into<String>) -> Self {
        ChatMessage {
            tool_call_id: Some(tool_call_id.into()),
            ..ChatMessage::text("tool", content)
        }
    }
}

impl From<ResponseMessage> for ChatMessage {
    fn from(m: ResponseMessage) -> Self {
        ChatMessage {
            role: m.role,
            content: m.content.map(MessageContent::Text),
            reasoning_content: m.reasoning_content,
            tool_calls: m.tool_calls,
            tool_call_id: None,
        }
    }
}

/// A message's `content`: a string, or a list of parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MessageContent {
    /// Plain text.
    Text(String),
    /// Content parts (user messages of vision models).
    Parts(Vec<ContentPart>),
}

/// A content part of a user message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContentPart {
    /// `{"type":"text","text":..}`.
    Text {
        /// The text.
        text: String,
    },
    /// `{"type":"image_url","image_url":{"url":..}}`: a URL or base64 image.
    ImageUrl {
        /// Where the image is.
        image_url: UrlRef,
    },
    /// `{"type":"video_url","video_url":{"url":..}}`.
    VideoUrl {
        /// Where the video is.
        video_url: UrlRef,
    },
    /// `{"type":"file_url","file_url":{"url":..}}`.
    FileUrl {
        /// Where the file is.
        file_url: UrlRef,
    },
    /// `{"type":"file","file":{..}}`: an uploaded file, a URL or inline data.
    File {
        /// The file.
        file: FileRef,
    },
}

impl ContentPart {
    /// A text part.
    pub fn text(text: impl Into<String>) -> Self {
        ContentPart::Text { text: text.into() }
    }

    /// An image part (URL or base64).
    pub fn image_url(url: impl Into<String>) -> Self {
        ContentPart::ImageUrl {
            image_url: UrlRef { url: url.into() },
        }
    }
}

/// `{"url": ..}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UrlRef {
    /// A URL (or base64 data).
    pub url: String,
}

/// The `file` of a `{"type":"file"}` content part: one of the ids/URL/data.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileRef {
    /// An uploaded file's id (`client.files()`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// A URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_url: Option<String>,
    /// Inline base64 data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_data: Option<String>,
    /// The file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// `thinking`: `{"type":"enabled"}` or `{"type":"disabled"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Thinking {
    /// `enabled` or `disabled`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Drop earlier turns' reasoning from the context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clear_thinking: Option<bool>,
}

impl Thinking {
    /// `{"type":"enabled"}`.
    pub fn enabled() -> Self {
        Thinking {
            r#type: Some("enabled".into()),
            clear_thinking: None,
        }
    }

    /// `{"type":"disabled"}`.
    pub fn disabled() -> Self {
        Thinking {
            r#type: Some("disabled".into()),
            clear_thinking: None,
        }
    }
}

/// `response_format`: `{"type":"text"}` or `{"type":"json_object"}` (JSON mode).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResponseFormat {
    /// `text` or `json_object`.
    #[serde(rename = "type")]
    pub r#type: String,
}

impl ResponseFormat {
    /// JSON mode.
    pub fn json_object() -> Self {
        ResponseFormat {
            r#type: "json_object".into(),
        }
    }
}

/// A tool the model may use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Tool {
    /// A function you run (`{"type":"function","function":{..}}`).
    Function {
        /// Its definition.
        function: FunctionDefinition,
    },
    /// Knowledge-base retrieval.
    Retrieval {
        /// `{knowledge_id, prompt_template?}`.
        retrieval: Value,
    },
    /// The built-in web search.
    WebSearch {
        /// `{enable?, search_engine?, search_query?, count?, ...}` (zai-api.md §1.3).
        web_search: Value,
    },
    /// An MCP server.
    Mcp {
        /// The server's settings.
        mcp: Value,
    },
}

impl Tool {
    /// A function tool; `parameters` is its JSON Schema.
    pub fn function(
        name: impl Into<String>,
        description: impl Into<String>,
        parameters: Value,
    ) -> Self {
        Tool::Function {
            function: FunctionDefinition {
                name: name.into(),
                description: Some(description.into()),
                parameters: Some(parameters),
            },
        }
    }
}

/// A function tool's definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FunctionDefinition {
    /// 1 to 64 characters.
    pub name: String,
    /// What it does (the model reads this).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its arguments as a JSON Schema object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}

/// A tool call the model made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolCall {
    /// Its id (answer it with [`ChatMessage::tool`]).
    pub id: String,
    /// `function`, `web_search`, `retrieval`, ...
    #[serde(rename = "type")]
    pub r#type: String,
    /// The function and its arguments (function calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCall>,
}

/// The function of a [`ToolCall`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionCall {
    /// The function's name.
    pub name: String,
    /// Its arguments: a JSON text (parse it with `serde_json::from_str`).
    pub arguments: String,
}

/// The answer of a non-stream chat call (also what [`ChatCompletionStream::final_completion`]
/// accumulates).
///
/// [`ChatCompletionStream::final_completion`]: crate::api::ChatCompletionStream::final_completion
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatCompletion {
    /// The completion id.
    pub id: String,
    /// The request id (equals `id` unless one was sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Unix seconds.
    pub created: u64,
    /// The model that answered.
    pub model: String,
    /// The answers (one).
    pub choices: Vec<Choice>,
    /// Token counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Results of the built-in web search tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_search: Option<Vec<WebSearchResult>>,
}

impl ChatCompletion {
    /// The first choice's text, if any.
    pub fn content(&self) -> Option<&str> {
        self.choices.first()?.message.content.as_deref()
    }

    /// The assistant message to append to `request.messages` for the next turn (thinking that
    /// carries over, zai-api.md §1.4): the first choice's message by
    /// [`ResponseMessage::to_assistant_message`], with the `thinking.clear_thinking` of
    /// `request` (the request this completion answered). An
    /// [`ErrorKind::InvalidRequest`](crate::api::ErrorKind::InvalidRequest) error
    /// (`completion has no choices[0].message`) when there is no choice.
    ///
    /// ```no_run
    /// # async fn turn(client: &zai_wasm::api::Client) -> Result<(), zai_wasm::api::Error> {
    /// use zai_wasm::api::types::{ChatCompletionRequest, ChatMessage, Thinking};
    ///
    /// let mut request = ChatCompletionRequest {
    ///     model: "glm-4.7".into(),
    ///     messages: vec![ChatMessage::user("Plan a trip.")],
    ///     thinking: Some(Thinking { clear_thinking: Some(false), ..Thinking::enabled() }),
    ///     ..Default::default()
    /// };
    /// let answer = client.chat().completions().create(&request).await?;
    /// // Preserved thinking: the reasoning goes back verbatim with the answer.
    /// request.messages.push(answer.assistant_message(&request)?);
    /// request.messages.push(ChatMessage::user("Now for two people."));
    /// let next = client.chat().completions().create(&request).await?;
    /// # let _ = next;
    /// # Ok(())
    /// # }
    /// ```
    pub fn assistant_message(
        &self,
        request: &ChatCompletionRequest,
    ) -> Result<ChatMessage, crate::api::Error> {
        self.assistant_message_for(request.thinking.as_ref().and_then(|t| t.clear_thinking))
    }

    /// [`assistant_message`](Self::assistant_message) with the request's `clear_thinking`.
    pub(crate) fn assistant_message_for(
        &self,
        clear_thinking: Option<bool>,
    ) -> Result<ChatMessage, crate::api::Error> {
        match self.choices.first() {
            Some(c) => Ok(c.message.to_assistant_message(clear_thinking)),
            None => {
                Err(crate::error::Error::invalid("completion", "has no choices[0].message").into())
            }
        }
    }
}

/// One answer of a [`ChatCompletion`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choice {
    /// Its position.
    pub index: u32,
    /// `stop`, `length`, `tool_calls`, `sensitive`, `network_error`, ...
    pub finish_reason: Option<String>,
    /// The message.
    pub message: ResponseMessage,
}

/// The model's message in a [`Choice`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponseMessage {
    /// `assistant`.
    pub role: String,
    /// The answer text (`None` when the model only called tools).
    pub content: Option<String>,
    /// The reasoning (thinking mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// The tool calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
}

impl ResponseMessage {
    /// The assistant message to append to the request's `messages` for the next turn: role
    /// `assistant`, `content` and `tool_calls` as received, and `reasoning_content` byte for
    /// byte when it must go back, else `None`: it goes back when
    /// `clear_thinking` (the request's `thinking.clear_thinking`) is `Some(false)` (preserved
    /// thinking) or the message has tool calls (interleaved thinking), the core's
    /// `accumulate::keeps_reasoning` rule. (`.into()` keeps everything.)
    pub fn to_assistant_message(&self, clear_thinking: Option<bool>) -> ChatMessage {
        let calls = self.tool_calls.as_ref().filter(|c| !c.is_empty());
        let keep = crate::accumulate::keeps_reasoning(clear_thinking, calls.is_some());
        ChatMessage {
            role: "assistant".into(),
            content: self.content.clone().map(MessageContent::Text),
            reasoning_content: self.reasoning_content.clone().filter(|_| keep),
            tool_calls: calls.cloned(),
            tool_call_id: None,
        }
    }
}

/// One event of a [`ChatCompletionStream`](crate::api::ChatCompletionStream).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatCompletionChunk {
    /// The completion id (the same in every chunk).
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The model.
    pub model: String,
    /// The deltas (one).
    pub choices: Vec<ChunkChoice>,
    /// Token counts: on the last chunk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Results of the built-in web search tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_search: Option<Vec<WebSearchResult>>,
}

impl ChatCompletionChunk {
    /// The first choice's new text, if this chunk has any.
    pub fn content(&self) -> Option<&str> {
        self.choices.first()?.delta.content.as_deref()
    }
}

/// One choice of a [`ChatCompletionChunk`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChunkChoice {
    /// Its position.
    pub index: u32,
    /// Set on the last chunk(s) only.
    pub finish_reason: Option<String>,
    /// What this chunk adds.
    pub delta: Delta,
}

/// What a chunk adds to the message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Delta {
    /// `assistant`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// More answer text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// More reasoning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    /// Tool-call fragments, merged by `index` (`tool_stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCallDelta>>,
}

/// A fragment of a tool call in a stream: the first has `id`, `type` and the function name;
/// later ones append to `function.arguments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToolCallDelta {
    /// Which call this belongs to.
    pub index: u32,
    /// The call id (first fragment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `function` (first fragment).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Name (first fragment) and a piece of the arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCallDelta>,
}

/// The function part of a [`ToolCallDelta`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionCallDelta {
    /// The function's name (first fragment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A piece of the arguments' JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
}
