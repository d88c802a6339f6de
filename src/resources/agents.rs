//! Hosted agents, under the API root rather than `/paas/v4` (zai-api.md §6, §8, §9, A.2):
//! `POST /v1/agents` (JSON or SSE), `POST /v1/agents/async-result` and
//! `POST /v1/agents/conversation`. Agent ids and their `custom_variables` are agent-specific;
//! the documented members are typed, the rest passes through.

use super::shared::{NUMBER, REQUEST_ID, USER_ID};
use super::{Answer, Body, Endpoint, Method, StreamKind};
use crate::schema::{table, Field, Ty};

/// `client.agents.invoke`.
pub const INVOKE: Endpoint = Endpoint {
    name: "agents.invoke",
    method: Method::Post,
    path: "/v1/agents",
    body: Body::Json,
    params: table!(INVOKE_PARAMS),
    stream: Some(StreamKind::Agent),
    poll: false,
    answer: Answer::Json,
};

/// `client.agents.asyncResult`: the state of an async agent task (`vidu_template_agent`).
pub const ASYNC_RESULT: Endpoint = Endpoint {
    name: "agents.asyncResult",
    method: Method::Post,
    path: "/v1/agents/async-result",
    body: Body::Json,
    params: table!(ASYNC_RESULT_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.agents.conversation`: a `slides_glm_agent` conversation's export.
pub const CONVERSATION: Endpoint = Endpoint {
    name: "agents.conversation",
    method: Method::Post,
    path: "/v1/agents/conversation",
    body: Body::Json,
    params: table!(CONVERSATION_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// A content item of an agent message. Unlike chat, `image_url` is a plain URL string (§6.3).
const CONTENT_ITEM: Ty = Ty::Tagged {
    tag: "type",
    variants: &[
        ("text", &[Field::req("text", Ty::Str)]),
        ("image_url", &[Field::req("image_url", Ty::NonEmptyStr)]),
    ],
};

/// An agent message: `content` is always an array of items (§6.1).
const MESSAGE: Ty = Ty::Obj(&[
    Field::req("role", Ty::NonEmptyStr),
    Field::req(
        "content",
        Ty::Arr {
            item: &CONTENT_ITEM,
            min: 1,
            max: usize::MAX,
        },
    ),
]);

/// `custom_variables` of `agents.invoke`: the members of the documented agents (§6.2, §6.3).
const INVOKE_VARIABLES: Ty = Ty::Obj(&[
    Field::opt("source_lang", Ty::NonEmptyStr),
    Field::opt("target_lang", Ty::NonEmptyStr),
    Field::opt("glossary", Ty::Str),
    Field::opt("strategy", Ty::NonEmptyStr),
    Field::opt(
        "strategy_config",
        Ty::Obj(&[
            Field::opt("general", Ty::Obj(&[Field::opt("suggestion", Ty::Str)])),
            Field::opt(
                "cot",
                Ty::Obj(&[Field::opt("reason_lang", Ty::Enum(&["from", "to"]))]),
            ),
        ]),
    ),
    Field::opt("template", Ty::NonEmptyStr),
]);

/// `agents.invoke` parameters (§6.1).
pub const INVOKE_PARAMS: &[Field] = &[
    Field::req("agent_id", Ty::NonEmptyStr),
    Field::req(
        "messages",
        Ty::Arr {
            item: &MESSAGE,
            min: 1,
            max: usize::MAX,
        },
    ),
    Field::opt("stream", Ty::Bool),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("conversation_id", Ty::NonEmptyStr),
    Field::opt("custom_variables", INVOKE_VARIABLES),
    Field::opt("user_id", USER_ID),
];

/// `agents.asyncResult` parameters (§8).
pub const ASYNC_RESULT_PARAMS: &[Field] = &[
    Field::req("agent_id", Ty::NonEmptyStr),
    Field::req("async_id", Ty::NonEmptyStr),
    Field::opt("conversation_id", Ty::NonEmptyStr),
    Field::opt("custom_variables", Ty::AnyObj),
];

/// A page of a slides export: position and size in points (§9).
const PAGE: Ty = Ty::Obj(&[
    Field::opt("position", NUMBER),
    Field::opt("width", NUMBER),
    Field::opt("height", NUMBER),
]);

/// `agents.conversation` parameters (§9).
pub const CONVERSATION_PARAMS: &[Field] = &[
    Field::req("agent_id", Ty::NonEmptyStr),
    Field::req("conversation_id", Ty::NonEmptyStr),
    Field::opt(
        "custom_variables",
        Ty::Obj(&[
            Field::opt("include_pdf", Ty::Bool),
            Field::opt(
                "pages",
                Ty::Arr {
                    item: &PAGE,
                    min: 0,
                    max: usize::MAX,
                },
            ),
        ]),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn text(t: &str) -> V {
        V::obj(&[("type", V::s("text")), ("text", V::s(t))])
    }

    fn user(content: V) -> V {
        V::obj(&[("role", V::s("user")), ("content", content)])
    }

    fn invoke(extra: (&str, V)) -> V {
        V::obj(&[
            ("agent_id", V::s("general_translation")),
            ("messages", V::arr(&[user(V::arr(&[text("Hello")]))])),
            extra,
        ])
    }

    #[test]
    fn full_requests_pass() {
        let translation = V::obj(&[
            ("agent_id", V::s("general_translation")),
            ("stream", V::B(false)),
            (
                "messages",
                V::arr(&[user(V::arr(&[text("The weather is lovely today.")]))]),
            ),
            (
                "custom_variables",
                V::obj(&[
                    ("source_lang", V::s("auto")),
                    ("target_lang", V::s("zh-CN")),
                    ("glossary", V::s("file-123")),
                    ("strategy", V::s("general")),
                    (
                        "strategy_config",
                        V::obj(&[
                            (
                                "general",
                                V::obj(&[("suggestion", V::s("Keep it informal."))]),
                            ),
                            ("cot", V::obj(&[("reason_lang", V::s("from"))])),
                        ]),
                    ),
                ]),
            ),
            ("user_id", V::s("user-42abc")),
        ]);
        assert!(validate(&translation, INVOKE_PARAMS).is_ok());
        let vidu = V::obj(&[
            ("agent_id", V::s("vidu_template_agent")),
            ("request_id", V::s("vidu-req-01")),
            (
                "messages",
                V::arr(&[user(V::arr(&[
                    text("Make it dance"),
                    V::obj(&[
                        ("type", V::s("image_url")),
                        ("image_url", V::s("https://x/photo.jpg")),
                    ]),
                ]))]),
            ),
            (
                "custom_variables",
                V::obj(&[("template", V::s("bodyshake"))]),
            ),
        ]);
        assert!(validate(&vidu, INVOKE_PARAMS).is_ok());
        let slides = invoke(("conversation_id", V::s("conv_7f0e2b")));
        assert!(validate(&slides, INVOKE_PARAMS).is_ok());
        let result = V::obj(&[
            ("agent_id", V::s("vidu_template_agent")),
            ("async_id", V::s("9d1f0c2a-4b3e")),
            ("conversation_id", V::s("conv_1")),
            ("custom_variables", V::obj(&[("include_pdf", V::B(false))])),
        ]);
        assert!(validate(&result, ASYNC_RESULT_PARAMS).is_ok());
        let page = |n: f64| {
            V::obj(&[
                ("position", V::n(n)),
                ("width", V::n(960.0)),
                ("height", V::n(540.0)),
            ])
        };
        let conversation = V::obj(&[
            ("agent_id", V::s("slides_glm_agent")),
            ("conversation_id", V::s("conv_7f0e2b")),
            (
                "custom_variables",
                V::obj(&[
                    ("include_pdf", V::B(true)),
                    ("pages", V::arr(&[page(1.0), page(2.0)])),
                ]),
            ),
        ]);
        assert!(validate(&conversation, CONVERSATION_PARAMS).is_ok());
    }

    #[test]
    fn invoke_errors_name_the_field() {
        let m = |p: V| rejected(p, INVOKE_PARAMS);
        assert_eq!(
            m(V::obj(&[("messages", V::arr(&[]))])),
            "agent_id is required"
        );
        assert_eq!(
            m(V::obj(&[("agent_id", V::s("general_translation"))])),
            "messages is required"
        );
        assert_eq!(
            m(V::obj(&[
                ("agent_id", V::s("general_translation")),
                ("messages", V::arr(&[]))
            ])),
            "messages must not be empty"
        );
        assert_eq!(
            m(V::obj(&[
                ("agent_id", V::s("general_translation")),
                ("messages", V::arr(&[user(V::s("Hello"))]))
            ])),
            "messages[0].content must be an array"
        );
        let object_url = V::obj(&[
            ("type", V::s("image_url")),
            ("image_url", V::obj(&[("url", V::s("https://x"))])),
        ]);
        assert_eq!(
            m(V::obj(&[
                ("agent_id", V::s("vidu_template_agent")),
                (
                    "messages",
                    V::arr(&[user(V::arr(&[text("a"), object_url]))])
                )
            ])),
            "messages[0].content[1].image_url must be a string"
        );
        assert_eq!(
            m(V::obj(&[
                ("agent_id", V::s("a")),
                (
                    "messages",
                    V::arr(&[user(V::arr(&[V::obj(&[("type", V::s("audio"))])]))])
                )
            ])),
            "messages[0].content[0].type must be one of \"text\", \"image_url\""
        );
        assert_eq!(
            m(V::obj(&[
                ("agent_id", V::s("a")),
                (
                    "messages",
                    V::arr(&[V::obj(&[("content", V::arr(&[text("a")]))])])
                )
            ])),
            "messages[0].role is required"
        );
        assert_eq!(m(invoke(("stream", V::n(1.0)))), "stream must be a boolean");
        assert_eq!(
            m(invoke(("custom_variables", V::s("zh")))),
            "custom_variables must be an object"
        );
        assert_eq!(
            m(invoke((
                "custom_variables",
                V::obj(&[(
                    "strategy_config",
                    V::obj(&[("cot", V::obj(&[("reason_lang", V::s("both"))]))])
                )])
            ))),
            "custom_variables.strategy_config.cot.reason_lang must be one of \"from\", \"to\""
        );
        assert_eq!(
            m(invoke(("request_id", V::s("r1")))),
            "request_id must be 6 to 64 characters long"
        );
    }

    #[test]
    fn async_result_and_conversation_errors_name_the_field() {
        assert_eq!(
            rejected(
                V::obj(&[("agent_id", V::s("vidu_template_agent"))]),
                ASYNC_RESULT_PARAMS
            ),
            "async_id is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("async_id", V::s("x")), ("agent_id", V::n(1.0))]),
                ASYNC_RESULT_PARAMS
            ),
            "agent_id must be a string"
        );
        assert_eq!(
            rejected(
                V::obj(&[("agent_id", V::s("slides_glm_agent"))]),
                CONVERSATION_PARAMS
            ),
            "conversation_id is required"
        );
        let bad_page = V::obj(&[
            ("agent_id", V::s("slides_glm_agent")),
            ("conversation_id", V::s("conv_1")),
            (
                "custom_variables",
                V::obj(&[("pages", V::arr(&[V::obj(&[("position", V::s("1"))])]))]),
            ),
        ]);
        assert_eq!(
            rejected(bad_page, CONVERSATION_PARAMS),
            "custom_variables.pages[0].position must be a number"
        );
        let bad_pdf = V::obj(&[
            ("agent_id", V::s("slides_glm_agent")),
            ("conversation_id", V::s("conv_1")),
            ("custom_variables", V::obj(&[("include_pdf", V::s("yes"))])),
        ]);
        assert_eq!(
            rejected(bad_pdf, CONVERSATION_PARAMS),
            "custom_variables.include_pdf must be a boolean"
        );
    }
}
