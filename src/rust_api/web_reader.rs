//! `client.web_reader()`: a web page as markdown or text.

use super::client::Client;
use super::error::Error;
use super::types::{WebReaderRequest, WebReaderResponse};
use crate::resources::web_reader;

/// `client.web_reader()`.
#[derive(Debug, Clone, Copy)]
pub struct WebReader<'c> {
    client: &'c Client,
}

impl Client {
    /// Web reader.
    pub fn web_reader(&self) -> WebReader<'_> {
        WebReader { client: self }
    }
}

impl WebReader<'_> {
    /// Reads a page (`POST /paas/v4/reader`).
    pub async fn read(&self, request: &WebReaderRequest) -> Result<WebReaderResponse, Error> {
        self.client.post(&web_reader::READ, request).await
    }
}
