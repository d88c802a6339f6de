//! Layout parsing (OCR with `glm-ocr`): `POST /paas/v4/layout_parsing` (zai-api.md Part C).

use super::shared::{MODEL, POSITIVE_INT, REQUEST_ID, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.layoutParsing.parse`.
pub const PARSE: Endpoint = Endpoint {
    name: "layoutParsing.parse",
    method: Method::Post,
    path: "/paas/v4/layout_parsing",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Layout parsing parameters: `file` is a URL or base64 (images ≤10 MB, PDF ≤50 MB); page
/// numbers start at 1.
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req("file", Ty::NonEmptyStr),
    Field::opt("return_crop_images", Ty::Bool),
    Field::opt("need_layout_visualization", Ty::Bool),
    Field::opt("start_page_id", POSITIVE_INT),
    Field::opt("end_page_id", POSITIVE_INT),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn with(extra: (&str, V)) -> V {
        V::obj(&[
            ("model", V::s("glm-ocr")),
            ("file", V::s("https://x/doc.pdf")),
            extra,
        ])
    }

    #[test]
    fn full_request_passes() {
        let p = V::obj(&[
            ("model", V::s("glm-ocr")),
            ("file", V::s("https://cdn.example.com/doc.pdf")),
            ("return_crop_images", V::B(true)),
            ("need_layout_visualization", V::B(true)),
            ("start_page_id", V::n(1.0)),
            ("end_page_id", V::n(3.0)),
            ("request_id", V::s("ocr-req-0001")),
            ("user_id", V::s("user-42abc")),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("file", V::s("https://x"))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("glm-ocr"))]), PARAMS),
            "file is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("glm-ocr")), ("file", V::Blob)]),
                PARAMS
            ),
            "file must be a string"
        );
        assert_eq!(
            rejected(with(("start_page_id", V::n(0.0))), PARAMS),
            "start_page_id must be a positive integer"
        );
        assert_eq!(
            rejected(with(("end_page_id", V::n(1.5))), PARAMS),
            "end_page_id must be an integer"
        );
        assert_eq!(
            rejected(with(("return_crop_images", V::n(1.0))), PARAMS),
            "return_crop_images must be a boolean"
        );
        assert_eq!(
            rejected(with(("need_layout_visualization", V::s("yes"))), PARAMS),
            "need_layout_visualization must be a boolean"
        );
        assert_eq!(
            rejected(with(("request_id", V::s("abc"))), PARAMS),
            "request_id must be 6 to 64 characters long"
        );
    }
}
