//! Embeddings (`POST /paas/v4/embeddings`).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::{OneOrMany, Usage};

/// `client.embeddings().create(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmbeddingRequest {
    /// `embedding-3` or `embedding-2`.
    pub model: String,
    /// One text or several (`"text".into()` or `vec![..].into()`).
    pub input: OneOrMany<String>,
    /// Vector size (embedding-3: 256 to 2048).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<u32>,
    /// `float`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_format: Option<String>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// An end-user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `embeddings().create(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmbeddingResponse {
    /// `list`.
    pub object: String,
    /// One vector per input, by `index`.
    pub data: Vec<Embedding>,
    /// The model.
    pub model: String,
    /// Token counts.
    pub usage: Usage,
}

/// One vector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Embedding {
    /// `embedding`.
    pub object: String,
    /// Which input this is.
    pub index: u32,
    /// The vector.
    pub embedding: Vec<f32>,
}
