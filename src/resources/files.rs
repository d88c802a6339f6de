//! File upload: `POST /paas/v4/files`, multipart (zai-api.md §7). The file id is used by agents
//! (translation glossaries) and chat `file` parts.

use super::{Body, Endpoint, Method};
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
};

/// Upload fields (§7). `purpose` is required on the wire (`agent`, newer docs also `user_data`;
/// other platforms know more, so it stays open). The filename is the `File`'s name.
pub const PARAMS: &[Field] = &[
    Field::req("file", Ty::Blob),
    Field::req("purpose", Ty::NonEmptyStr),
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
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("purpose", V::s("agent"))]), PARAMS),
            "file is required"
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
