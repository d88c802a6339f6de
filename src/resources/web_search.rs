//! Stand-alone web search: `POST /paas/v4/web_search` (zai-api.md §5).

use super::shared::{CONTENT_SIZE, REQUEST_ID, SEARCH_COUNT, SEARCH_RECENCY, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.webSearch.search`.
pub const SEARCH: Endpoint = Endpoint {
    name: "webSearch.search",
    method: Method::Post,
    path: "/paas/v4/web_search",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Web search parameters (§5.1). Engine names differ between platforms, so they stay open.
pub const PARAMS: &[Field] = &[
    Field::req("search_engine", Ty::NonEmptyStr),
    Field::req("search_query", Ty::NonEmptyStr),
    Field::opt("count", SEARCH_COUNT),
    Field::opt("search_domain_filter", Ty::Str),
    Field::opt("search_recency_filter", SEARCH_RECENCY),
    Field::opt("content_size", CONTENT_SIZE),
    Field::opt("search_intent", Ty::Bool),
    Field::opt("include_image", Ty::Bool),
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
            ("search_engine", V::s("search-prime")),
            ("search_query", V::s("GLM-4.6")),
            extra,
        ])
    }

    #[test]
    fn full_request_passes() {
        let p = V::obj(&[
            ("search_engine", V::s("search-prime")),
            ("search_query", V::s("GLM-4.6 release date")),
            ("count", V::n(5.0)),
            ("search_domain_filter", V::s("www.example.com")),
            ("search_recency_filter", V::s("oneYear")),
            ("content_size", V::s("high")),
            ("search_intent", V::B(true)),
            ("request_id", V::s("ws-req-0001")),
            ("user_id", V::s("user-42abc")),
            ("include_image", V::B(true)),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("search_query", V::s("q"))]), PARAMS),
            "search_engine is required"
        );
        assert_eq!(
            rejected(V::obj(&[("search_engine", V::s("search-prime"))]), PARAMS),
            "search_query is required"
        );
        assert_eq!(
            rejected(with(("count", V::n(51.0))), PARAMS),
            "count must be between 1 and 50"
        );
        assert_eq!(
            rejected(with(("count", V::n(2.5))), PARAMS),
            "count must be an integer"
        );
        assert_eq!(
            rejected(with(("search_recency_filter", V::s("oneHour"))), PARAMS),
            "search_recency_filter must be one of \"oneDay\", \"oneWeek\", \"oneMonth\", \"oneYear\", \"noLimit\""
        );
        assert_eq!(
            rejected(with(("content_size", V::s("low"))), PARAMS),
            "content_size must be one of \"medium\", \"high\""
        );
        assert_eq!(
            rejected(with(("search_intent", V::s("true"))), PARAMS),
            "search_intent must be a boolean"
        );
        assert_eq!(
            rejected(
                with(("search_domain_filter", V::arr(&[V::s("a.com")]))),
                PARAMS
            ),
            "search_domain_filter must be a string"
        );
        assert_eq!(
            rejected(with(("user_id", V::s("u"))), PARAMS),
            "user_id must be 6 to 128 characters long"
        );
    }
}
