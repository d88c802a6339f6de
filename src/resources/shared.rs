//! Parameter types several resources share, so each rule is written once.

use crate::schema::{Field, Ty};

/// `model`: required, a non-empty string (model names are open: new models need no update).
pub const MODEL: Field = Field::req("model", Ty::NonEmptyStr);

/// `request_id`: 6–64 characters (shared by most endpoints).
pub const REQUEST_ID: Ty = Ty::StrLen {
    min: 6,
    max: 64,
    range: "6 to 64 characters long",
};

/// `user_id`: 6–128 characters (shared by most endpoints).
pub const USER_ID: Ty = Ty::StrLen {
    min: 6,
    max: 128,
    range: "6 to 128 characters long",
};

/// `sensitive_word_check` (chat, images, videos; the official SDK's `SensitiveWordCheckRequest`):
/// `type` (`ALL` today) and `status` (disabling needs the service's permission).
pub const SENSITIVE_WORD_CHECK: Field = Field::opt(
    "sensitive_word_check",
    Ty::Obj(&[
        Field::opt("type", Ty::NonEmptyStr),
        Field::opt("status", Ty::Enum(&["ENABLE", "DISABLE"])),
    ]),
);

/// Any finite number (no documented range).
pub const NUMBER: Ty = Ty::Num {
    min: f64::MIN,
    max: f64::MAX,
    range: "a finite number",
};

/// An integer of at least 1 (counts, page numbers, dimensions).
pub const POSITIVE_INT: Ty = Ty::Int {
    min: 1.0,
    max: 9_007_199_254_740_991.0,
    range: "a positive integer",
};

/// Web search `count`: 1–50 (the chat tool and `webSearch.search`).
pub const SEARCH_COUNT: Ty = Ty::Int {
    min: 1.0,
    max: 50.0,
    range: "between 1 and 50",
};

/// Web search `search_recency_filter`.
pub const SEARCH_RECENCY: Ty = Ty::Enum(&["oneDay", "oneWeek", "oneMonth", "oneYear", "noLimit"]);

/// Web search `content_size`.
pub const CONTENT_SIZE: Ty = Ty::Enum(&["medium", "high"]);
