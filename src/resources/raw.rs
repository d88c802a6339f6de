//! `client.request({ method, path, query, body, stream })`: any path under the base URL, with the
//! same auth, retries, timeouts and errors as every call (for what the tables do not have yet).

use super::{Answer, Body, Endpoint, Method, StreamKind};
use crate::schema::{table, Field, Ty};

/// `client.request(spec, options)`: its method and path come from `spec` (`method` and `path`
/// here only stand for them).
pub const REQUEST: Endpoint = Endpoint {
    name: "request",
    method: Method::Post,
    path: "/{path}",
    body: Body::Raw,
    params: table!(PARAMS),
    stream: Some(StreamKind::Raw),
    poll: false,
    answer: Answer::Auto,
};

/// The HTTP methods a request may use.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The request's own description. `body` is the seam's marker (`true`: a JSON body is sent).
pub const PARAMS: &[Field] = &[
    Field::req("method", Ty::Enum(METHODS)),
    Field::req("path", Ty::NonEmptyStr),
    Field::opt("query", Ty::AnyObj),
    Field::opt("body", Ty::Any),
    Field::opt("stream", Ty::Bool),
];
