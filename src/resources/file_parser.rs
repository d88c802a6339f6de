//! Document parsing (the official SDK's `file_parser`): an upload parsed as a task
//! (`lite`/`expert`/`prime`), its result by task id and format, or parsed at once (`prime-sync`).

use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.fileParser.create({ file, file_type, tool_type })`: a task id.
pub const CREATE: Endpoint = Endpoint {
    name: "fileParser.create",
    method: Method::Post,
    path: "/paas/v4/files/parser/create",
    body: Body::Multipart,
    params: table!(CREATE_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The SDK's `FileParserCreateParams`: `file_type` is the document's (`pdf`, `docx`, `png`, ...).
pub const CREATE_PARAMS: &[Field] = &[
    Field::req("file", Ty::Blob),
    Field::opt("file_type", Ty::NonEmptyStr),
    Field::req("tool_type", Ty::Enum(&["lite", "expert", "prime"])),
];

/// `client.fileParser.content(taskId, formatType)`: the result as `text` or a `download_link`.
pub const CONTENT: Endpoint = Endpoint {
    name: "fileParser.content",
    method: Method::Get,
    path: "/paas/v4/files/parser/result/{task_id}/{format_type}",
    body: Body::None,
    params: table!(&[]),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// `client.fileParser.createSync({ file, file_type, tool_type: 'prime-sync' })`: the result now.
pub const CREATE_SYNC: Endpoint = Endpoint {
    name: "fileParser.createSync",
    method: Method::Post,
    path: "/paas/v4/files/parser/sync",
    body: Body::Multipart,
    params: table!(SYNC_PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The SDK's `FileParserSyncParams`.
pub const SYNC_PARAMS: &[Field] = &[
    Field::req("file", Ty::Blob),
    Field::opt("file_type", Ty::NonEmptyStr),
    Field::req("tool_type", Ty::Enum(&["prime-sync"])),
];
