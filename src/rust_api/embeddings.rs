//! `client.embeddings()`: text embeddings.

use super::client::Client;
use super::error::Error;
use super::types::{EmbeddingRequest, EmbeddingResponse};
use crate::resources::embeddings;

/// `client.embeddings()`.
#[derive(Debug, Clone, Copy)]
pub struct Embeddings<'c> {
    client: &'c Client,
}

impl Client {
    /// Embeddings.
    pub fn embeddings(&self) -> Embeddings<'_> {
        Embeddings { client: self }
    }
}

impl Embeddings<'_> {
    /// One vector per input (`POST /paas/v4/embeddings`).
    pub async fn create(&self, request: &EmbeddingRequest) -> Result<EmbeddingResponse, Error> {
        self.client.post(&embeddings::CREATE, request).await
    }
}
