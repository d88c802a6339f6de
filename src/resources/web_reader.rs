//! Web reader: `POST /paas/v4/reader`, a page as markdown or text (zai-api.md Part C).
use super::shared::{POSITIVE_INT, REQUEST_ID, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.webReader.read`.
pub const READ: Endpoint = Endpoint {
    name: "webReader.read",
    method: Method::Post,
    path: "/paas/v4/reader",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Reader options. `return_format` is documented as "e.g. markdown, text", so it stays open.
pub const PARAMS: &[Field] = &[
    Field::req("url", Ty::NonEmptyStr),
    // Seconds (default 20).
    Field::opt("timeout", POSITIVE_INT),
    Field::opt("no_cache", Ty::Bool),
    Field::opt("return_format", Ty::NonEmptyStr),
    Field::opt("retain_images", Ty::Bool),
    Field::opt("no_gfm", Ty::Bool),
    Field::opt("keep_img_data_url", Ty::Bool),
    Field::opt("with_images_summary", Ty::Bool),
    Field::opt("with_links_summary", Ty::Bool),
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
        V::obj(&[("url", V::s("https://www.example.com")), extra])
    }

    #[test]
    fn full_request_passes() {
        let p = V::obj(&[
            ("url", V::s("https://www.example.com")),
            ("timeout", V::n(20.0)),
            ("no_cache", V::B(true)),
            ("return_format", V::s("text")),
            ("retain_images", V::B(false)),
            ("no_gfm", V::B(true)),
            ("keep_img_data_url", V::B(true)),
            ("with_images_summary", V::B(true)),
            ("with_links_summary", V::B(true)),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(rejected(V::obj(&[]), PARAMS), "url is required");
        assert_eq!(
            rejected(V::obj(&[("url", V::s(""))]), PARAMS),
            "url must not be empty"
        );
        assert_eq!(
            rejected(with(("timeout", V::n(0.0))), PARAMS),
            "timeout must be a positive integer"
        );
        assert_eq!(
            rejected(with(("timeout", V::n(2.5))), PARAMS),
            "timeout must be an integer"
        );
        assert_eq!(
            rejected(with(("return_format", V::B(true))), PARAMS),
            "return_format must be a string"
        );
        for flag in [
            "no_cache",
            "retain_images",
            "no_gfm",
            "keep_img_data_url",
            "with_images_summary",
            "with_links_summary",
        ] {
            let mut want = String::from(flag);
            want.push_str(" must be a boolean");
            assert_eq!(rejected(with((flag, V::s("true"))), PARAMS), want);
        }
    }
}
