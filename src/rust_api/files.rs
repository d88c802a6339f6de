//! `client.files()`: file upload.

use super::client::Client;
use super::error::Error;
use super::types::{FileCreateRequest, FileObject};
use crate::resources::files;

/// `client.files()`.
#[derive(Debug, Clone, Copy)]
pub struct Files<'c> {
    client: &'c Client,
}

impl Client {
    /// File upload.
    pub fn files(&self) -> Files<'_> {
        Files { client: self }
    }
}

impl Files<'_> {
    /// Uploads a JS `Blob`/`File` (`POST /paas/v4/files`, multipart).
    pub async fn create(&self, request: &FileCreateRequest) -> Result<FileObject, Error> {
        self.client.post(&files::CREATE, request).await
    }
}
