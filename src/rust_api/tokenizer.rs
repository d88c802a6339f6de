//! `client.tokenizer()`: token counting.

use super::client::Client;
use super::error::Error;
use super::types::{TokenizerRequest, TokenizerResponse};
use crate::resources::tokenizer;

/// `client.tokenizer()`.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer<'c> {
    client: &'c Client,
}

impl Client {
    /// Token counting.
    pub fn tokenizer(&self) -> Tokenizer<'_> {
        Tokenizer { client: self }
    }
}

impl Tokenizer<'_> {
    /// Counts the tokens of chat messages and tools (`POST /paas/v4/tokenizer`).
    pub async fn count(&self, request: &TokenizerRequest) -> Result<TokenizerResponse, Error> {
        self.client.post(&tokenizer::COUNT, request).await
    }
}
