//! Content moderation: `POST /paas/v4/moderations` (the official SDK's `moderations.create`).

use super::shared::MODEL;
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.moderations.create({ model, input })`.
pub const CREATE: Endpoint = Endpoint {
    name: "moderations.create",
    method: Method::Post,
    path: "/paas/v4/moderations",
    body: Body::Json,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `input`: a text, a list of texts, or a content object (the SDK's `str | list[str] | dict`).
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req(
        "input",
        Ty::Either(
            &Ty::Either(
                &Ty::NonEmptyStr,
                &Ty::Arr {
                    item: &Ty::Str,
                    min: 1,
                    max: usize::MAX,
                },
            ),
            &Ty::AnyObj,
        ),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    #[test]
    fn inputs_of_every_shape() {
        for input in [
            V::s("text"),
            V::arr(&[V::s("a"), V::s("b")]),
            V::obj(&[("type", V::s("text")), ("text", V::s("a"))]),
        ] {
            let p = V::obj(&[("model", V::s("moderation")), ("input", input)]);
            assert!(validate(&p, PARAMS).is_ok());
        }
        let p = V::obj(&[("model", V::s("moderation"))]);
        assert_eq!(rejected(p, PARAMS), "input is required");
        let p = V::obj(&[("model", V::s("m")), ("input", V::n(1.0))]);
        assert!(rejected(p, PARAMS).starts_with("input must be"));
    }
}
