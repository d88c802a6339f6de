//! The API surface as data: one module per resource, each a list of [`Endpoint`]s with the
//! parameter tables their requests are checked against. The binding layer has one generic
//! request path; adding an endpoint means adding a descriptor here, not new plumbing.
//!
//! ```
//! use zai_wasm::resources::{find, Method};
//! let ep = find("chat.completions.create").unwrap();
//! assert_eq!(ep.method, Method::Post);
//! assert_eq!(ep.path, "/paas/v4/chat/completions");
//! ```

use crate::schema::Field;

pub mod chat;

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`, no body.
    Get,
    /// `POST` with a body.
    Post,
}

impl Method {
    /// The method name as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// How the request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body; the first argument is the `{id}` in the path.
    None,
    /// `application/json`, from the params object.
    Json,
    /// `multipart/form-data`, from the params object (Blobs become file parts).
    Multipart,
}

/// Which stream class a `stream: true` call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// `ChatCompletionStream` (with `finalChatCompletion()`).
    Chat,
    /// `AgentStream`.
    Agent,
    /// `TranscriptionStream`.
    Transcription,
}

/// One documented call.
#[derive(Debug)]
pub struct Endpoint {
    /// Its JS name, e.g. `chat.completions.create`.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path under the base URL (`https://api.z.ai/api`); `{id}` is filled from the first argument.
    pub path: &'static str,
    /// Body encoding.
    pub body: Body,
    /// The parameters the body is checked against.
    pub params: &'static [Field],
    /// `Some` when `stream: true` is supported.
    pub stream: Option<StreamKind>,
    /// Not one request but repeated GETs of `path` until the task settles (`asyncResult.poll`);
    /// the second argument is `{ interval, timeout, signal, onProgress }`.
    pub poll: bool,
}

/// Every endpoint, in a fixed order (the binding layer refers to them by index).
pub const ENDPOINTS: &[&Endpoint] = &[&chat::CREATE, &chat::CREATE_ASYNC];

/// The endpoint with this JS name.
pub fn find(name: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().copied().find(|e| e.name == name)
}
