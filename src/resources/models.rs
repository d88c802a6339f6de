//! The model list: `GET /paas/v4/models` (the official SDK's `models.list`; OpenAI-style
//! `{object: "list", data: [{id, …}]}`).

use super::{Answer, Body, Endpoint, Method};
use crate::schema::table;

/// `client.models.list()`.
pub const LIST: Endpoint = Endpoint {
    name: "models.list",
    method: Method::Get,
    path: "/paas/v4/models",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};
