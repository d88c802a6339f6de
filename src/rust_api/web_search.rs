//! `client.web_search()`: stand-alone web search.

use super::client::Client;
use super::error::Error;
use super::types::{WebSearchRequest, WebSearchResponse};
use crate::resources::web_search;

/// `client.web_search()`.
#[derive(Debug, Clone, Copy)]
pub struct WebSearch<'c> {
    client: &'c Client,
}

impl Client {
    /// Web search.
    pub fn web_search(&self) -> WebSearch<'_> {
        WebSearch { client: self }
    }
}

impl WebSearch<'_> {
    /// Searches (`POST /paas/v4/web_search`).
    pub async fn search(&self, request: &WebSearchRequest) -> Result<WebSearchResponse, Error> {
        self.client.post(&web_search::SEARCH, request).await
    }
}
