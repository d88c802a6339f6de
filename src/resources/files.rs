//! File upload: `POST /paas/v4/files`, multipart (zai-api.md §7). The file id is used by agents
//! (translation glossaries) and chat `file` parts.

use super::shared::POSITIVE_INT;
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.files.create({ file, purpose })`.
pub const CREATE: Endpoint = Endpoint {
    name: "files.create",
    method: Method::Post,
    path: "/paas/v4/files",
    body: Body::Multipart,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.files.list({ purpose, limit, after, order })`: the query of `GET /paas/v4/files`.
pub const LIST: Endpoint = Endpoint {
    name: "files.list",
    method: Method::Get,
    path: "/paas/v4/files",
    body: Body::Query(&[]),
    params: table!(LIST_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The list's query (the official SDK's names).
pub const LIST_PARAMS: &[Field] = &[
    Field::opt("purpose", Ty::NonEmptyStr),
    Field::opt("limit", POSITIVE_INT),
    Field::opt("after", Ty::NonEmptyStr),
    Field::opt("order", Ty::NonEmptyStr),
];

/// `client.files.delete(fileId)`.
pub const DELETE: Endpoint = Endpoint {
    name: "files.delete",
    method: Method::Delete,
    path: "/paas/v4/files/{file_id}",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.files.content(fileId)`: the file's bytes, as the fetch `Response`.
pub const CONTENT: Endpoint = Endpoint {
    name: "files.content",
    method: Method::Get,
    path: "/paas/v4/files/{file_id}/content",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Binary,
};

/// Upload fields (§7). `purpose` is required on the wire (`agent`, newer docs also `user_data`;
/// other platforms know more, so it stays open). The filename is the `File`'s name. The
/// official SDK also sends `upload_detail` (documents fetched from URLs into a knowledge base,
/// instead of or besides a `file`; one form field per document, holding its JSON), `knowledge_id` and
/// `sentence_size`.
pub const PARAMS: &[Field] = &[
    Field::req_or("file", "upload_detail", Ty::Blob),
    Field::req("purpose", Ty::NonEmptyStr),
    Field::opt(
        "upload_detail",
        Ty::Arr {
            item: &Ty::Obj(&[
                Field::req("url", Ty::NonEmptyStr),
                Field::req("knowledge_type", POSITIVE_INT),
                Field::opt("file_name", Ty::Str),
                Field::opt("sentence_size", POSITIVE_INT),
                Field::opt(
                    "custom_separator",
                    Ty::Arr {
                        item: &Ty::Str,
                        min: 0,
                        max: usize::MAX,
                    },
                ),
                Field::opt("callback_url", Ty::NonEmptyStr),
                Field::opt("callback_header", Ty::AnyObj),
            ]),
            min: 1,
            max: usize::MAX,
        },
    ),
    Field::opt("knowledge_id", Ty::NonEmptyStr),
    Field::opt("sentence_size", POSITIVE_INT),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    #[test]
    fn full_request_passes() {
        let p = V::obj(&[("file", V::Blob), ("purpose", V::s("agent"))]);
        assert!(validate(&p, PARAMS).is_ok());
        // The official SDK's knowledge-base upload: documents by URL, no file.
        let by_url = V::obj(&[
            ("purpose", V::s("retrieval")),
            ("knowledge_id", V::s("kb-1")),
            ("sentence_size", V::n(300.0)),
            (
                "upload_detail",
                V::arr(&[V::obj(&[
                    ("url", V::s("https://example.com/a.pdf")),
                    ("knowledge_type", V::n(1.0)),
                    ("custom_separator", V::arr(&[V::s("\n")])),
                ])]),
            ),
        ]);
        assert!(validate(&by_url, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("purpose", V::s("agent"))]), PARAMS),
            "file or upload_detail is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("purpose", V::s("retrieval")),
                    (
                        "upload_detail",
                        V::arr(&[V::obj(&[("url", V::s("https://a.b/c.pdf"))])])
                    ),
                ]),
                PARAMS
            ),
            "upload_detail[0].knowledge_type is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("file", V::s("glossary.xlsx")), ("purpose", V::s("agent"))]),
                PARAMS
            ),
            "file must be a Blob or File"
        );
        assert_eq!(
            rejected(V::obj(&[("file", V::Blob)]), PARAMS),
            "purpose is required"
        );
        assert_eq!(
            rejected(V::obj(&[("file", V::Blob), ("purpose", V::s(""))]), PARAMS),
            "purpose must not be empty"
        );
    }
}
