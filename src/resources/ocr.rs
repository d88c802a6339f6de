//! Handwriting OCR (the official SDK's `ocr.handwriting_ocr`): `POST /paas/v4/files/ocr`, multipart.

use super::{Answer, Body, Endpoint, Method};
use crate::schema::{table, Field, Ty};

/// `client.ocr.handwriting({ file, tool_type: 'hand_write', language_type, probability })`.
pub const HANDWRITING: Endpoint = Endpoint {
    name: "ocr.handwriting",
    method: Method::Post,
    path: "/paas/v4/files/ocr",
    body: Body::Multipart,
    params: table!(PARAMS),
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// The SDK's `HandwritingOCRParams` (`language_type` such as `CHN_ENG`).
pub const PARAMS: &[Field] = &[
    Field::req("file", Ty::Blob),
    Field::req("tool_type", Ty::Enum(&["hand_write"])),
    Field::opt("language_type", Ty::NonEmptyStr),
    Field::opt("probability", Ty::Bool),
];
