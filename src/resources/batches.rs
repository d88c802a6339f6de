//! Batches (the official SDK's `batches`, OpenAI-style): a JSONL file of requests (uploaded with
//! purpose `batch`) run within a window; `GET /paas/v4/batches{/id}`, `POST …/cancel`.

use super::shared::POSITIVE_INT;
use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.batches.create({ input_file_id, endpoint, completion_window, ... })`.
pub const CREATE: Endpoint = Endpoint {
    name: "batches.create",
    method: Method::Post,
    path: "/paas/v4/batches",
    body: Body::Json,
    params: table!(CREATE_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The SDK's `BatchCreateParams` (`completion_window` is `24h` today; `endpoint` is open for
/// the ones the service adds).
pub const CREATE_PARAMS: &[Field] = &[
    Field::req("input_file_id", Ty::NonEmptyStr),
    Field::req("endpoint", Ty::NonEmptyStr),
    Field::opt("completion_window", Ty::NonEmptyStr),
    Field::opt("metadata", Ty::AnyObj),
    Field::opt("auto_delete_input_file", Ty::Bool),
];

/// `client.batches.retrieve(batchId)`.
pub const RETRIEVE: Endpoint = Endpoint {
    name: "batches.retrieve",
    method: Method::Get,
    path: "/paas/v4/batches/{batch_id}",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.batches.list({ after, limit })`.
pub const LIST: Endpoint = Endpoint {
    name: "batches.list",
    method: Method::Get,
    path: "/paas/v4/batches",
    body: Body::Query(&[]),
    params: table!(LIST_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The list's query: a page of at most `limit` (1 to 100) after the id `after`.
pub const LIST_PARAMS: &[Field] = &[
    Field::opt("after", Ty::NonEmptyStr),
    Field::opt("limit", POSITIVE_INT),
];

/// `client.batches.cancel(batchId)`: a POST without a body.
pub const CANCEL: Endpoint = Endpoint {
    name: "batches.cancel",
    method: Method::Post,
    path: "/paas/v4/batches/{batch_id}/cancel",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};
