//! The typed requests and responses of every endpoint. Field names are the wire's (snake_case);
//! unset `Option`s are not sent; responses ignore fields they do not know and tolerate missing
//! ones (they get their `Default`). Values the service may extend (models, roles, statuses,
//! finish reasons) are `String`s; free-form parts are [`serde_json::Value`].
mod agents;
mod audio;
mod chat;
mod embeddings;
mod files;
mod images;
mod layout_parsing;
mod platform;
mod shared;
mod tokenizer;
mod videos;
mod web_reader;
mod web_search;

pub use agents::*;
pub use audio::*;
pub use chat::*;
pub use embeddings::*;
pub use files::*;
pub use images::*;
pub use layout_parsing::*;
pub use platform::*;
pub use shared::*;
pub use tokenizer::*;
pub use videos::*;
pub use web_reader::*;
pub use web_search::*;
