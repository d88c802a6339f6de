//! Video generation (async): `POST /paas/v4/videos/generations`, answered with a task record to
//! poll with `asyncResult` (zai-api.md §3). One table covers CogVideoX-3 and the Vidu models;
//! which combinations a model accepts (sizes, durations, one image or two) is left to the service.

use super::shared::{MODEL, REQUEST_ID, SENSITIVE_WORD_CHECK, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.videos.generate`.
pub const GENERATE: Endpoint = Endpoint {
    name: "videos.generate",
    method: Method::Post,
    path: "/paas/v4/videos/generations",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// An image: a URL or a base64 data URI.
const IMAGE: Ty = Ty::NonEmptyStr;

/// Video request parameters (§3.1, §3.2).
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req_or(
        "prompt",
        "image_url",
        Ty::StrLen {
            min: 0,
            max: 512,
            range: "at most 512 characters long",
        },
    ),
    // One image (either form), first and last frame (2), or Vidu reference images (1–3).
    Field::opt(
        "image_url",
        Ty::Either(
            &IMAGE,
            &Ty::Arr {
                item: &IMAGE,
                min: 1,
                max: 3,
            },
        ),
    ),
    Field::opt("quality", Ty::Enum(&["speed", "quality"])),
    Field::opt("with_audio", Ty::Bool),
    Field::opt("size", Ty::NonEmptyStr),
    Field::opt("fps", Ty::IntIn(&[30, 60])),
    // CogVideoX-3: 5 or 10; viduq1: 5; vidu2: 4.
    Field::opt("duration", Ty::IntIn(&[4, 5, 10])),
    Field::opt("style", Ty::Enum(&["general", "anime"])),
    Field::opt("aspect_ratio", Ty::Enum(&["16:9", "9:16", "1:1"])),
    Field::opt(
        "movement_amplitude",
        Ty::Enum(&["auto", "small", "medium", "large"]),
    ),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
    Field::opt("watermark_enabled", Ty::Bool),
    // Run when the service is less busy (cheaper; the official SDK's `off_peak`).
    Field::opt("off_peak", Ty::Bool),
    SENSITIVE_WORD_CHECK,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn with(extra: (&str, V)) -> V {
        V::obj(&[
            ("model", V::s("cogvideox-3")),
            ("prompt", V::s("A cat")),
            extra,
        ])
    }

    #[test]
    fn full_requests_pass() {
        let cog = V::obj(&[
            ("model", V::s("cogvideox-3")),
            (
                "image_url",
                V::arr(&[
                    V::s("https://example.com/first.png"),
                    V::s("https://example.com/last.png"),
                ]),
            ),
            ("prompt", V::s("Make the picture move")),
            ("quality", V::s("speed")),
            ("with_audio", V::B(true)),
            ("size", V::s("1920x1080")),
            ("fps", V::n(30.0)),
            ("duration", V::n(5.0)),
            ("request_id", V::s("vid-req-0001")),
            ("user_id", V::s("user-42abc")),
            ("watermark_enabled", V::B(true)),
        ]);
        assert!(validate(&cog, PARAMS).is_ok());
        let vidu = V::obj(&[
            ("model", V::s("vidu2-image")),
            ("image_url", V::s("data:image/png;base64,iVBORw0KGgo=")),
            ("duration", V::n(4.0)),
            ("size", V::s("1280x720")),
            ("movement_amplitude", V::s("small")),
            ("aspect_ratio", V::s("9:16")),
            ("style", V::s("anime")),
        ]);
        assert!(validate(&vidu, PARAMS).is_ok());
        let text_only = V::obj(&[("model", V::s("viduq1-text")), ("prompt", V::s("Waves"))]);
        assert!(validate(&text_only, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("prompt", V::s("A cat"))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("cogvideox-3"))]), PARAMS),
            "prompt or image_url is required"
        );
        assert_eq!(
            rejected(with(("quality", V::s("fast"))), PARAMS),
            "quality must be one of \"speed\", \"quality\""
        );
        assert_eq!(
            rejected(with(("fps", V::n(24.0))), PARAMS),
            "fps must be one of 30, 60"
        );
        assert_eq!(
            rejected(with(("duration", V::n(6.0))), PARAMS),
            "duration must be one of 4, 5, 10"
        );
        assert_eq!(
            rejected(with(("duration", V::s("5"))), PARAMS),
            "duration must be a number"
        );
        assert_eq!(
            rejected(with(("with_audio", V::s("yes"))), PARAMS),
            "with_audio must be a boolean"
        );
        assert_eq!(
            rejected(with(("image_url", V::n(1.0))), PARAMS),
            "image_url must be a string or an array"
        );
        assert_eq!(
            rejected(with(("image_url", V::arr(&[]))), PARAMS),
            "image_url must not be empty"
        );
        assert_eq!(
            rejected(
                with((
                    "image_url",
                    V::arr(&[V::s("a"), V::s("b"), V::s("c"), V::s("d")])
                )),
                PARAMS
            ),
            "image_url has too many items"
        );
        assert_eq!(
            rejected(with(("image_url", V::arr(&[V::s("a"), V::n(2.0)]))), PARAMS),
            "image_url[1] must be a string"
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("cogvideox-3")),
                    ("prompt", V::s(&"x".repeat(513)))
                ]),
                PARAMS
            ),
            "prompt must be at most 512 characters long"
        );
        assert_eq!(
            rejected(with(("aspect_ratio", V::s("4:3"))), PARAMS),
            "aspect_ratio must be one of \"16:9\", \"9:16\", \"1:1\""
        );
        assert_eq!(
            rejected(with(("movement_amplitude", V::s("huge"))), PARAMS),
            "movement_amplitude must be one of \"auto\", \"small\", \"medium\", \"large\""
        );
        assert_eq!(
            rejected(with(("style", V::s("noir"))), PARAMS),
            "style must be one of \"general\", \"anime\""
        );
        assert_eq!(
            rejected(with(("request_id", V::s("r"))), PARAMS),
            "request_id must be 6 to 64 characters long"
        );
    }
}
