//! `client.audio().transcriptions()`: speech to text.
use crate::prelude::*;

use web_sys::Blob;

use super::client::{answer, stream, Client};
use super::error::Error;
use super::stream::TranscriptionStream;
use super::types::{Transcription, TranscriptionRequest};
use crate::resources::audio;

/// `client.audio()`.
#[derive(Debug, Clone, Copy)]
pub struct Audio<'c> {
    pub(super) client: &'c Client,
}

/// `client.audio().transcriptions()`.
#[derive(Debug, Clone, Copy)]
pub struct Transcriptions<'c> {
    client: &'c Client,
}

impl Client {
    /// Audio.
    pub fn audio(&self) -> Audio<'_> {
        Audio { client: self }
    }
}

impl<'c> Audio<'c> {
    /// Speech to text.
    pub fn transcriptions(&self) -> Transcriptions<'c> {
        Transcriptions {
            client: self.client,
        }
    }
}

impl Transcriptions<'_> {
    /// The whole text (`POST /paas/v4/audio/transcriptions`, multipart).
    pub async fn create(&self, request: &TranscriptionRequest) -> Result<Transcription, Error> {
        let ep = &audio::TRANSCRIPTIONS_CREATE;
        let outcome = self
            .client
            .upload(ep, request, &blobs(request), false)
            .await?;
        answer(ep, outcome)
    }

    /// The text as a stream of deltas (the same call with `stream: true`).
    pub async fn create_stream(
        &self,
        request: &TranscriptionRequest,
    ) -> Result<TranscriptionStream, Error> {
        let ep = &audio::TRANSCRIPTIONS_CREATE;
        let outcome = self
            .client
            .upload(ep, request, &blobs(request), true)
            .await?;
        stream(ep, outcome)
    }
}

/// The file part of a transcription, if it has one.
fn blobs(request: &TranscriptionRequest) -> Vec<(&'static str, &Blob)> {
    request.file.iter().map(|f| ("file", f)).collect()
}
