//! `client.chat().completions()`: chat completions, whole or streamed, and async.

use super::client::Client;
use super::error::Error;
use super::stream::ChatCompletionStream;
use super::types::{AsyncTask, ChatCompletion, ChatCompletionRequest};
use crate::resources::chat;

/// `client.chat()`.
#[derive(Debug, Clone, Copy)]
pub struct Chat<'c> {
    client: &'c Client,
}

/// `client.chat().completions()`.
#[derive(Debug, Clone, Copy)]
pub struct Completions<'c> {
    client: &'c Client,
}

impl Client {
    /// Chat: `client.chat().completions().create(..)`.
    pub fn chat(&self) -> Chat<'_> {
        Chat { client: self }
    }
}

impl<'c> Chat<'c> {
    /// Chat completions.
    pub fn completions(&self) -> Completions<'c> {
        Completions {
            client: self.client,
        }
    }
}

impl Completions<'_> {
    /// The whole answer (`POST /paas/v4/chat/completions`).
    pub async fn create(&self, request: &ChatCompletionRequest) -> Result<ChatCompletion, Error> {
        self.client.post(&chat::CREATE, request).await
    }

    /// The answer as a stream of chunks (the same call with `stream: true`). It keeps the
    /// request's `thinking.clear_thinking` for
    /// [`assistant_message`](ChatCompletionStream::assistant_message).
    pub async fn create_stream(
        &self,
        request: &ChatCompletionRequest,
    ) -> Result<ChatCompletionStream, Error> {
        let mut stream: ChatCompletionStream =
            self.client.post_stream(&chat::CREATE, request).await?;
        stream.clear_thinking = request.thinking.as_ref().and_then(|t| t.clear_thinking);
        Ok(stream)
    }

    /// An async task (`POST /paas/v4/async/chat/completions`); its result comes from
    /// `client.async_result().poll(&task.id, ..)` (in `choices`).
    pub async fn create_async(&self, request: &ChatCompletionRequest) -> Result<AsyncTask, Error> {
        self.client.post(&chat::CREATE_ASYNC, request).await
    }
}
