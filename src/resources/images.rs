//! Image generation: `POST /paas/v4/images/generations` and the async variant
//! `POST /paas/v4/async/images/generations` (glm-image; poll with `asyncResult`) (zai-api.md §2).

use super::shared::{MODEL, POSITIVE_INT, REQUEST_ID, SENSITIVE_WORD_CHECK, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.images.generate`.
pub const GENERATE: Endpoint = Endpoint {
    name: "images.generate",
    method: Method::Post,
    path: "/paas/v4/images/generations",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.images.generateAsync`: the same body, answered with a task record.
pub const GENERATE_ASYNC: Endpoint = Endpoint {
    name: "images.generateAsync",
    method: Method::Post,
    path: "/paas/v4/async/images/generations",
    body: Body::Json,
    params: GENERATE.params,
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Image request parameters (§2.1, §2.3). `size` is `"<W>x<H>"`; its limits depend on the model,
/// so the service checks it.
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req("prompt", Ty::NonEmptyStr),
    Field::opt("quality", Ty::Enum(&["hd", "standard"])),
    Field::opt("size", Ty::NonEmptyStr),
    Field::opt("user_id", USER_ID),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("watermark_enabled", Ty::Bool),
    // The official SDK's further `generations` parameters.
    Field::opt("n", POSITIVE_INT),
    Field::opt("response_format", Ty::NonEmptyStr),
    Field::opt("style", Ty::NonEmptyStr),
    Field::opt("user", Ty::Str),
    SENSITIVE_WORD_CHECK,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn with(extra: (&str, V)) -> V {
        V::obj(&[
            ("model", V::s("glm-image")),
            ("prompt", V::s("A cat")),
            extra,
        ])
    }

    #[test]
    fn full_request_passes() {
        let p = V::obj(&[
            ("model", V::s("glm-image")),
            ("prompt", V::s("A cute little kitten on a windowsill")),
            ("quality", V::s("hd")),
            ("size", V::s("1280x1280")),
            ("user_id", V::s("user-42abc")),
            ("request_id", V::s("img-req-0001")),
            ("watermark_enabled", V::B(false)),
            ("style", V::s("vivid")),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("prompt", V::s("A cat"))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("glm-image"))]), PARAMS),
            "prompt is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("glm-image")), ("prompt", V::s(""))]),
                PARAMS
            ),
            "prompt must not be empty"
        );
        assert_eq!(
            rejected(with(("quality", V::s("ultra"))), PARAMS),
            "quality must be one of \"hd\", \"standard\""
        );
        assert_eq!(
            rejected(with(("size", V::n(1024.0))), PARAMS),
            "size must be a string"
        );
        assert_eq!(
            rejected(with(("user_id", V::s("u1"))), PARAMS),
            "user_id must be 6 to 128 characters long"
        );
        assert_eq!(
            rejected(with(("request_id", V::s("r"))), PARAMS),
            "request_id must be 6 to 64 characters long"
        );
        assert_eq!(
            rejected(with(("watermark_enabled", V::s("no"))), PARAMS),
            "watermark_enabled must be a boolean"
        );
    }
}
