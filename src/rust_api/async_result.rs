//! `client.async_result()`: the state of video, async image and async chat tasks.

use core::time::Duration;

use web_sys::AbortSignal;

use super::client::Client;
use super::error::Error;
use super::types::AsyncResult;
use crate::resources::async_result;

/// `client.async_result()`.
#[derive(Debug, Clone, Copy)]
pub struct AsyncResults<'c> {
    client: &'c Client,
}

/// How [`AsyncResults::poll`] waits.
#[derive(Debug, Clone, Default)]
pub struct PollOptions {
    /// Between two retrieves. Default 3 s.
    pub interval: Option<Duration>,
    /// When to give up with an [`ErrorKind::Timeout`](crate::api::ErrorKind::Timeout) error.
    /// Default 10 minutes.
    pub timeout: Option<Duration>,
    /// An `AbortSignal`: aborting it stops the poll (and a retrieve in flight) at once with an
    /// [`ErrorKind::UserAbort`](crate::api::ErrorKind::UserAbort) error. Default: the client's
    /// [`RequestOptions::signal`](crate::api::RequestOptions::signal).
    pub signal: Option<AbortSignal>,
}

impl Client {
    /// Results of async tasks.
    pub fn async_result(&self) -> AsyncResults<'_> {
        AsyncResults { client: self }
    }
}

impl AsyncResults<'_> {
    /// The task's current state (`GET /paas/v4/async-result/{id}`).
    pub async fn retrieve(&self, id: &str) -> Result<AsyncResult, Error> {
        self.client.get(&async_result::RETRIEVE, id).await
    }

    /// Retrieves the task until `task_status` is `SUCCESS`. A `FAIL`ed task is an
    /// [`ErrorKind::Api`](crate::api::ErrorKind::Api) error whose `body` is the task.
    pub async fn poll(&self, id: &str, options: &PollOptions) -> Result<AsyncResult, Error> {
        self.client
            .poll(
                &async_result::POLL,
                id,
                options.interval,
                options.timeout,
                options.signal.as_ref(),
            )
            .await
    }
}
