//! `client.videos()`: video generation, an async task.

use super::client::Client;
use super::error::Error;
use super::types::{AsyncTask, VideoGenerateRequest};
use crate::resources::videos;

/// `client.videos()`.
#[derive(Debug, Clone, Copy)]
pub struct Videos<'c> {
    client: &'c Client,
}

impl Client {
    /// Video generation.
    pub fn videos(&self) -> Videos<'_> {
        Videos { client: self }
    }
}

impl Videos<'_> {
    /// Starts a task (`POST /paas/v4/videos/generations`); its result comes from
    /// `client.async_result().poll(&task.id, ..)` (in `video_result`).
    pub async fn generate(&self, request: &VideoGenerateRequest) -> Result<AsyncTask, Error> {
        self.client.post(&videos::GENERATE, request).await
    }
}
