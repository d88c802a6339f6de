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
use crate::schema::Table;

pub mod agents;
pub mod async_result;
pub mod audio;
pub mod batches;
pub mod chat;
pub mod embeddings;
pub mod file_parser;
pub mod files;
pub mod images;
pub mod layout_parsing;
pub mod models;
pub mod moderations;
pub mod ocr;
pub mod raw;
pub mod shared;
pub mod tokenizer;
pub mod videos;
pub mod voice;
pub mod web_reader;
pub mod web_search;

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`, no body.
    Get,
    /// `POST` with a body.
    Post,
    /// `DELETE`, no body.
    Delete,
}

impl Method {
    /// The method name as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// How the request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body; the arguments are the path's `{…}` parameters, in order.
    None,
    /// No body; the params object (checked against the table) becomes the query string, each
    /// `(param, wire)` pair naming a parameter the service reads under another name (the voice
    /// list's `voice_type` is sent as `voiceType`).
    Query(&'static [(&'static str, &'static str)]),
    /// `application/json`, from the params object.
    Json,
    /// `multipart/form-data`, from the params object (Blobs become file parts).
    Multipart,
    /// The params object is a request of the caller's (`client.request`): `method`, `path`
    /// under the base URL, `query`, `stream`, and `body` (`true` when the seam sends a JSON
    /// body, which the machine never sees).
    Raw,
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
    /// `Stream`: the generic stream of parsed events (`client.request` with `stream: true`).
    Raw,
    /// `SpeechStream` (base64 or hex audio in `choices[0].delta.content`).
    Speech,
}

/// What a successful answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// JSON, parsed (an `error` member in it fails the call).
    Json,
    /// Bytes (audio, a file): the fetch `Response` itself, its status checked. A JSON body on
    /// it is still read for an `error` member.
    Binary,
    /// JSON when the content type says so, else the `Response` (`client.request`).
    Auto,
}

/// One documented call.
#[derive(Debug)]
pub struct Endpoint {
    /// Its JS name, e.g. `chat.completions.create`.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path under the base URL (`https://api.z.ai/api`); each `{name}` is filled from the
    /// arguments of a [`Body::None`] call, in order, percent-encoded.
    pub path: &'static str,
    /// Body encoding.
    pub body: Body,
    /// The parameters the body is checked against (the resource's `Field` table, compiled).
    pub params: Table,
    /// `Some` when `stream: true` is supported.
    pub stream: Option<StreamKind>,
    /// Not one request but repeated GETs of `path` until the task settles (`asyncResult.poll`);
    /// the second argument is `{ interval, timeout, signal, onProgress }`.
    pub poll: bool,
    /// What a successful (non-stream) answer is.
    pub answer: Answer,
}

impl Endpoint {
    /// Whether the body has a `request_id` parameter, which the service treats as the call's
    /// identity (a duplicate in flight gets business code 1231): a call that may be retried
    /// carries one `request_id` across all its attempts.
    pub fn takes_request_id(&self) -> bool {
        self.params.has("request_id")
    }
}

/// Every endpoint, in a fixed order (the binding layer refers to them by index).
pub const ENDPOINTS: &[&Endpoint] = &[
    &chat::CREATE,
    &chat::CREATE_ASYNC,
    &images::GENERATE,
    &images::GENERATE_ASYNC,
    &videos::GENERATE,
    &async_result::RETRIEVE,
    &async_result::POLL,
    &web_search::SEARCH,
    &agents::INVOKE,
    &agents::ASYNC_RESULT,
    &agents::CONVERSATION,
    &files::CREATE,
    &embeddings::CREATE,
    &tokenizer::COUNT,
    &web_reader::READ,
    &layout_parsing::PARSE,
    &audio::TRANSCRIPTIONS_CREATE,
    &files::LIST,
    &files::DELETE,
    &files::CONTENT,
    &models::LIST,
    &moderations::CREATE,
    &batches::CREATE,
    &batches::RETRIEVE,
    &batches::LIST,
    &batches::CANCEL,
    &voice::CLONE,
    &voice::LIST,
    &voice::DELETE,
    &audio::SPEECH_CREATE,
    &audio::CUSTOMIZATION_CREATE,
    &file_parser::CREATE,
    &file_parser::CONTENT,
    &file_parser::CREATE_SYNC,
    &ocr::HANDWRITING,
    &raw::REQUEST,
];

/// The endpoint with this JS name.
#[cfg(any(test, not(target_arch = "wasm32")))] // for the native tests and doc examples
pub fn find(name: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().copied().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn request_id_endpoints() {
        let takes = |name| find(name).is_some_and(Endpoint::takes_request_id);
        assert!(takes("chat.completions.create"));
        assert!(takes("audio.transcriptions.create"));
        assert!(!takes("asyncResult.retrieve"));
        assert!(!takes("files.create"));
    }

    #[test]
    fn every_documented_call_is_in_the_table() {
        let calls = [
            (
                "chat.completions.create",
                "POST",
                "/paas/v4/chat/completions",
            ),
            (
                "chat.completions.createAsync",
                "POST",
                "/paas/v4/async/chat/completions",
            ),
            ("images.generate", "POST", "/paas/v4/images/generations"),
            (
                "images.generateAsync",
                "POST",
                "/paas/v4/async/images/generations",
            ),
            ("videos.generate", "POST", "/paas/v4/videos/generations"),
            ("asyncResult.retrieve", "GET", "/paas/v4/async-result/{id}"),
            ("asyncResult.poll", "GET", "/paas/v4/async-result/{id}"),
            ("webSearch.search", "POST", "/paas/v4/web_search"),
            ("agents.invoke", "POST", "/v1/agents"),
            ("agents.asyncResult", "POST", "/v1/agents/async-result"),
            ("agents.conversation", "POST", "/v1/agents/conversation"),
            ("files.create", "POST", "/paas/v4/files"),
            ("embeddings.create", "POST", "/paas/v4/embeddings"),
            ("tokenizer.count", "POST", "/paas/v4/tokenizer"),
            ("webReader.read", "POST", "/paas/v4/reader"),
            ("layoutParsing.parse", "POST", "/paas/v4/layout_parsing"),
            (
                "audio.transcriptions.create",
                "POST",
                "/paas/v4/audio/transcriptions",
            ),
            ("files.list", "GET", "/paas/v4/files"),
            ("files.delete", "DELETE", "/paas/v4/files/{file_id}"),
            ("files.content", "GET", "/paas/v4/files/{file_id}/content"),
            ("models.list", "GET", "/paas/v4/models"),
            ("moderations.create", "POST", "/paas/v4/moderations"),
            ("batches.create", "POST", "/paas/v4/batches"),
            ("batches.retrieve", "GET", "/paas/v4/batches/{batch_id}"),
            ("batches.list", "GET", "/paas/v4/batches"),
            (
                "batches.cancel",
                "POST",
                "/paas/v4/batches/{batch_id}/cancel",
            ),
            ("voice.clone", "POST", "/paas/v4/voice/clone"),
            ("voice.list", "GET", "/paas/v4/voice/list"),
            ("voice.delete", "POST", "/paas/v4/voice/delete"),
            ("audio.speech.create", "POST", "/paas/v4/audio/speech"),
            (
                "audio.customization.create",
                "POST",
                "/paas/v4/audio/customization",
            ),
            ("fileParser.create", "POST", "/paas/v4/files/parser/create"),
            (
                "fileParser.content",
                "GET",
                "/paas/v4/files/parser/result/{task_id}/{format_type}",
            ),
            (
                "fileParser.createSync",
                "POST",
                "/paas/v4/files/parser/sync",
            ),
            ("ocr.handwriting", "POST", "/paas/v4/files/ocr"),
            ("request", "POST", "/{path}"),
        ];
        assert_eq!(ENDPOINTS.len(), calls.len());
        for (name, method, path) in calls {
            let ep = find(name).unwrap();
            assert_eq!((ep.method.as_str(), ep.path), (method, path), "{name}");
        }
    }

    #[test]
    fn names_are_unique_and_bodies_fit_methods() {
        for (i, a) in ENDPOINTS.iter().enumerate() {
            assert!(
                ENDPOINTS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
            // Only a POST has a body; the other methods take path arguments or a query.
            let bodyless = matches!(a.body, Body::None | Body::Query(_));
            assert!(a.method == Method::Post || bodyless, "{}", a.name);
            if a.body == Body::Raw {
                continue;
            }
            // Only a call without a body or query takes path arguments.
            assert!(a.body == Body::None || !a.path.contains('{'), "{}", a.name);
        }
    }

    #[test]
    fn streaming_and_multipart_endpoints() {
        let kind = |n: &str| find(n).unwrap().stream;
        assert_eq!(kind("chat.completions.create"), Some(StreamKind::Chat));
        assert_eq!(kind("agents.invoke"), Some(StreamKind::Agent));
        assert_eq!(
            kind("audio.transcriptions.create"),
            Some(StreamKind::Transcription)
        );
        assert_eq!(kind("audio.speech.create"), Some(StreamKind::Speech));
        assert_eq!(kind("request"), Some(StreamKind::Raw));
        let streaming = ENDPOINTS.iter().filter(|e| e.stream.is_some()).count();
        assert_eq!(streaming, 5);
        let multipart: Vec<&str> = ENDPOINTS
            .iter()
            .filter(|e| e.body == Body::Multipart)
            .map(|e| e.name)
            .collect();
        assert_eq!(
            multipart,
            [
                "files.create",
                "audio.transcriptions.create",
                "audio.customization.create",
                "fileParser.create",
                "fileParser.createSync",
                "ocr.handwriting"
            ]
        );
    }
}
