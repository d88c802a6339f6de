//! `client.images()`: image generation.

use super::client::Client;
use super::error::Error;
use super::types::{AsyncTask, ImageGenerateRequest, ImagesResponse};
use crate::resources::images;

/// `client.images()`.
#[derive(Debug, Clone, Copy)]
pub struct Images<'c> {
    client: &'c Client,
}

impl Client {
    /// Image generation.
    pub fn images(&self) -> Images<'_> {
        Images { client: self }
    }
}

impl Images<'_> {
    /// One image (`POST /paas/v4/images/generations`).
    pub async fn generate(&self, request: &ImageGenerateRequest) -> Result<ImagesResponse, Error> {
        self.client.post(&images::GENERATE, request).await
    }

    /// An async task (glm-image); its result comes from `client.async_result().poll(..)` (in
    /// `image_result`).
    pub async fn generate_async(&self, request: &ImageGenerateRequest) -> Result<AsyncTask, Error> {
        self.client.post(&images::GENERATE_ASYNC, request).await
    }
}
