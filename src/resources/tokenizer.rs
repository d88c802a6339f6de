//! Token counting: `POST /paas/v4/tokenizer` (zai-api.md Part C). Messages and tools are the chat
//! ones, checked by the same tables.

use super::chat::{MESSAGE, TOOL};
use super::shared::{MODEL, REQUEST_ID, USER_ID};
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.tokenizer.count`.
pub const COUNT: Endpoint = Endpoint {
    name: "tokenizer.count",
    method: Method::Post,
    path: "/paas/v4/tokenizer",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Tokenizer parameters.
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req(
        "messages",
        Ty::Arr {
            item: &MESSAGE,
            min: 1,
            max: usize::MAX,
        },
    ),
    Field::opt(
        "tools",
        Ty::Arr {
            item: &TOOL,
            min: 0,
            max: 128,
        },
    ),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn user(text: &str) -> V {
        V::obj(&[("role", V::s("user")), ("content", V::s(text))])
    }

    #[test]
    fn full_request_passes() {
        let tool = V::obj(&[
            ("type", V::s("function")),
            (
                "function",
                V::obj(&[
                    ("name", V::s("get_weather")),
                    ("parameters", V::obj(&[("type", V::s("object"))])),
                ]),
            ),
        ]);
        let p = V::obj(&[
            ("model", V::s("glm-4.6")),
            (
                "messages",
                V::arr(&[
                    V::obj(&[("role", V::s("system")), ("content", V::s("Be brief."))]),
                    user("What is the weather in Beijing?"),
                ]),
            ),
            ("tools", V::arr(&[tool])),
            ("request_id", V::s("tok-req-0001")),
            ("user_id", V::s("user-42abc")),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            rejected(V::obj(&[("messages", V::arr(&[user("hi")]))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("glm-4.6"))]), PARAMS),
            "messages is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("glm-4.6")), ("messages", V::arr(&[]))]),
                PARAMS
            ),
            "messages must not be empty"
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("glm-4.6")),
                    (
                        "messages",
                        V::arr(&[V::obj(&[("role", V::s("bot")), ("content", V::s("x"))])])
                    )
                ]),
                PARAMS
            ),
            "messages[0].role must be one of \"system\", \"user\", \"assistant\", \"tool\""
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("glm-4.6")),
                    ("messages", V::arr(&[user("hi")])),
                    ("tools", V::arr(&[V::obj(&[("type", V::s("function"))])]))
                ]),
                PARAMS
            ),
            "tools[0].function is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("glm-4.6")),
                    ("messages", V::arr(&[user("hi")])),
                    ("user_id", V::s("u"))
                ]),
                PARAMS
            ),
            "user_id must be 6 to 128 characters long"
        );
    }
}
