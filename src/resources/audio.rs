//! Speech to text: `POST /paas/v4/audio/transcriptions`, multipart, JSON or SSE
//! (zai-api.md Part C). Text to speech (the official SDK's `audio.speech` and
//! `audio.customization`): audio bytes, or SSE chunks of base64 audio.
use super::shared::{MODEL, REQUEST_ID, USER_ID};
use super::{Answer, Body, Endpoint, Method, StreamKind};
use crate::schema::{table, Field, Ty};

/// `client.audio.transcriptions.create`.
pub const TRANSCRIPTIONS_CREATE: Endpoint = Endpoint {
    name: "audio.transcriptions.create",
    method: Method::Post,
    path: "/paas/v4/audio/transcriptions",
    body: Body::Multipart,
    params: table!(TRANSCRIPTION_PARAMS),
    stream: Some(StreamKind::Transcription),
    poll: false,
    answer: Answer::Json,
};

/// `client.audio.speech.create`: the audio as the fetch `Response`, or with `stream: true` a
/// `SpeechStream`.
pub const SPEECH_CREATE: Endpoint = Endpoint {
    name: "audio.speech.create",
    method: Method::Post,
    path: "/paas/v4/audio/speech",
    body: Body::Json,
    params: table!(SPEECH_PARAMS),
    stream: Some(StreamKind::Speech),
    poll: false,
    answer: Answer::Binary,
};

/// The SDK's speech fields (`glm-tts`).
pub const SPEECH_PARAMS: &[Field] = &[
    MODEL,
    Field::opt("input", Ty::NonEmptyStr),
    Field::opt("voice", Ty::NonEmptyStr),
    // `wav` or `pcm`; open for the formats the service adds.
    Field::opt("response_format", Ty::NonEmptyStr),
    // For streams: `base64` or `hex`.
    Field::opt("encode_format", Ty::Enum(&["base64", "hex"])),
    Field::opt(
        "speed",
        Ty::Num {
            min: 0.5,
            max: 2.0,
            range: "between 0.5 and 2",
        },
    ),
    Field::opt(
        "volume",
        Ty::Num {
            min: f64::MIN_POSITIVE,
            max: 10.0,
            range: "above 0 and at most 10",
        },
    ),
    Field::opt("stream", Ty::Bool),
    Field::opt("watermark_enabled", Ty::Bool),
    Field::opt("sensitive_word_check", Ty::AnyObj),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
];

/// `client.audio.customization.create`: speech in a voice cloned from `voice_data` on the fly
/// (multipart); the audio as the fetch `Response`.
pub const CUSTOMIZATION_CREATE: Endpoint = Endpoint {
    name: "audio.customization.create",
    method: Method::Post,
    path: "/paas/v4/audio/customization",
    body: Body::Multipart,
    params: table!(CUSTOMIZATION_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Binary,
};

/// The SDK's customization fields: the sample (`voice_data`) and what it says (`voice_text`).
pub const CUSTOMIZATION_PARAMS: &[Field] = &[
    MODEL,
    Field::opt("input", Ty::NonEmptyStr),
    Field::opt("voice_text", Ty::NonEmptyStr),
    Field::opt("voice_data", Ty::Blob),
    Field::opt("response_format", Ty::NonEmptyStr),
    Field::opt("watermark_enabled", Ty::Bool),
    Field::opt("sensitive_word_check", Ty::AnyObj),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
];

/// Transcription fields: the audio as a `file` (wav/mp3, ≤25 MB, ≤30 s) or as `file_base64`.
pub const TRANSCRIPTION_PARAMS: &[Field] = &[
    Field::req_or("file", "file_base64", Ty::Blob),
    Field::opt("file_base64", Ty::NonEmptyStr),
    MODEL,
    // Earlier transcript as context: under 8000 characters.
    Field::opt(
        "prompt",
        Ty::StrLen {
            min: 0,
            max: 7999,
            range: "shorter than 8000 characters",
        },
    ),
    Field::opt(
        "hotwords",
        Ty::Arr {
            item: &Ty::NonEmptyStr,
            min: 0,
            max: 100,
        },
    ),
    Field::opt("stream", Ty::Bool),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn with(extra: (&str, V)) -> V {
        V::obj(&[("file", V::Blob), ("model", V::s("glm-asr-2512")), extra])
    }

    #[test]
    fn full_requests_pass() {
        let p = V::obj(&[
            ("file", V::Blob),
            ("model", V::s("glm-asr-2512")),
            ("prompt", V::s("Earlier: hello")),
            ("hotwords", V::arr(&[V::s("GLM"), V::s("智谱")])),
            ("stream", V::B(true)),
            ("request_id", V::s("asr-req-0001")),
            ("user_id", V::s("user-42abc")),
        ]);
        assert!(validate(&p, TRANSCRIPTION_PARAMS).is_ok());
        let b64 = V::obj(&[
            ("file_base64", V::s("UklGRg==")),
            ("model", V::s("glm-asr-2512")),
        ]);
        assert!(validate(&b64, TRANSCRIPTION_PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("glm-asr-2512"))]),
                TRANSCRIPTION_PARAMS
            ),
            "file or file_base64 is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("file", V::s("a.wav")), ("model", V::s("m"))]),
                TRANSCRIPTION_PARAMS
            ),
            "file must be a Blob or File"
        );
        assert_eq!(
            rejected(V::obj(&[("file", V::Blob)]), TRANSCRIPTION_PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(
                with(("prompt", V::s(&"x".repeat(8000)))),
                TRANSCRIPTION_PARAMS
            ),
            "prompt must be shorter than 8000 characters"
        );
        let many: Vec<V> = (0..101).map(|_| V::s("w")).collect();
        assert_eq!(
            rejected(with(("hotwords", V::A(many))), TRANSCRIPTION_PARAMS),
            "hotwords has too many items"
        );
        assert_eq!(
            rejected(with(("hotwords", V::s("GLM"))), TRANSCRIPTION_PARAMS),
            "hotwords must be an array"
        );
        assert_eq!(
            rejected(
                with(("hotwords", V::arr(&[V::n(1.0)]))),
                TRANSCRIPTION_PARAMS
            ),
            "hotwords[0] must be a string"
        );
        assert_eq!(
            rejected(with(("stream", V::s("true"))), TRANSCRIPTION_PARAMS),
            "stream must be a boolean"
        );
        assert_eq!(
            rejected(with(("user_id", V::s("u"))), TRANSCRIPTION_PARAMS),
            "user_id must be 6 to 128 characters long"
        );
    }
}
