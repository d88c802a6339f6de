//! Embeddings: `POST /paas/v4/embeddings` (zai-api.md Part C).

use super::shared::{MODEL, POSITIVE_INT, REQUEST_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.embeddings.create`.
pub const CREATE: Endpoint = Endpoint {
    name: "embeddings.create",
    method: Method::Post,
    path: "/paas/v4/embeddings",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Embedding parameters: `input` is one text or a list of texts.
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req(
        "input",
        Ty::Either(
            &Ty::Str,
            &Ty::Arr {
                item: &Ty::Str,
                min: 1,
                max: usize::MAX,
            },
        ),
    ),
    Field::opt("dimensions", POSITIVE_INT),
    Field::opt("encoding_format", Ty::NonEmptyStr),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user", Ty::Str),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn with(extra: (&str, V)) -> V {
        V::obj(&[
            ("model", V::s("embedding-3")),
            ("input", V::s("hello")),
            extra,
        ])
    }

    #[test]
    fn full_requests_pass() {
        let p = V::obj(&[
            ("model", V::s("embedding-3")),
            ("input", V::arr(&[V::s("hello"), V::s("你好")])),
            ("dimensions", V::n(512.0)),
            ("encoding_format", V::s("float")),
            ("request_id", V::s("emb-req-0001")),
            ("user", V::s("user-1")),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
        assert!(validate(&with(("dimensions", V::Null)), PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("input", V::s("x"))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("embedding-3"))]), PARAMS),
            "input is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("embedding-3")), ("input", V::n(1.0))]),
                PARAMS
            ),
            "input must be a string or an array"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("embedding-3")), ("input", V::arr(&[]))]),
                PARAMS
            ),
            "input must not be empty"
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("embedding-3")),
                    ("input", V::arr(&[V::s("a"), V::n(2.0)]))
                ]),
                PARAMS
            ),
            "input[1] must be a string"
        );
        assert_eq!(
            rejected(with(("dimensions", V::n(0.0))), PARAMS),
            "dimensions must be a positive integer"
        );
        assert_eq!(
            rejected(with(("dimensions", V::n(1.5))), PARAMS),
            "dimensions must be an integer"
        );
        assert_eq!(
            rejected(with(("request_id", V::s("r"))), PARAMS),
            "request_id must be 6 to 64 characters long"
        );
    }
}
