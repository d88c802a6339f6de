//! Speech to text: `POST /paas/v4/audio/transcriptions`, multipart, JSON or SSE
//! (zai-api.md Part C).
use super::shared::{MODEL, REQUEST_ID, USER_ID};
use super::{Body, Endpoint, Method, StreamKind};
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
};

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
