//! Cloned voices for speech (the official SDK's `voice`): `POST /paas/v4/voice/clone`,
//! `GET /paas/v4/voice/list` (its query reads `voiceType`/`voiceName`), `POST /paas/v4/voice/delete`.

use super::shared::{MODEL, REQUEST_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.voice.clone({ voice_name, text, input, file_id, model })`.
pub const CLONE: Endpoint = Endpoint {
    name: "voice.clone",
    method: Method::Post,
    path: "/paas/v4/voice/clone",
    body: Body::Json,
    params: table!(CLONE_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The SDK's `VoiceCloneParams`: the sample (an uploaded file, purpose `voice-clone-input`), the
/// text spoken in it, and a text to preview the new voice with.
pub const CLONE_PARAMS: &[Field] = &[
    Field::req("voice_name", Ty::NonEmptyStr),
    Field::req("text", Ty::NonEmptyStr),
    Field::req("input", Ty::NonEmptyStr),
    Field::req("file_id", Ty::NonEmptyStr),
    MODEL,
    Field::opt("request_id", REQUEST_ID),
];

/// `client.voice.list({ voice_type, voice_name })`.
pub const LIST: Endpoint = Endpoint {
    name: "voice.list",
    method: Method::Get,
    path: "/paas/v4/voice/list",
    body: Body::Query(&[("voice_type", "voiceType"), ("voice_name", "voiceName")]),
    params: table!(LIST_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The list's filters (the SDK's names; sent as `voiceType`, `voiceName`, `request_id`).
pub const LIST_PARAMS: &[Field] = &[
    Field::opt("voice_type", Ty::NonEmptyStr),
    Field::opt("voice_name", Ty::NonEmptyStr),
    Field::opt("request_id", REQUEST_ID),
];

/// `client.voice.delete({ voice })`.
pub const DELETE: Endpoint = Endpoint {
    name: "voice.delete",
    method: Method::Post,
    path: "/paas/v4/voice/delete",
    body: Body::Json,
    params: table!(DELETE_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The voice to delete (its id, as `voice.clone` answered it).
pub const DELETE_PARAMS: &[Field] = &[
    Field::req("voice", Ty::NonEmptyStr),
    Field::opt("request_id", REQUEST_ID),
];
