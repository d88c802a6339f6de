//! `client.layout_parsing()`: OCR of images and PDFs with `glm-ocr`.

use super::client::Client;
use super::error::Error;
use super::types::{LayoutParsingRequest, LayoutParsingResponse};
use crate::resources::layout_parsing;

/// `client.layout_parsing()`.
#[derive(Debug, Clone, Copy)]
pub struct LayoutParsing<'c> {
    client: &'c Client,
}

impl Client {
    /// Layout parsing (OCR).
    pub fn layout_parsing(&self) -> LayoutParsing<'_> {
        LayoutParsing { client: self }
    }
}

impl LayoutParsing<'_> {
    /// Parses a document (`POST /paas/v4/layout_parsing`).
    pub async fn parse(
        &self,
        request: &LayoutParsingRequest,
    ) -> Result<LayoutParsingResponse, Error> {
        self.client.post(&layout_parsing::PARSE, request).await
    }
}
