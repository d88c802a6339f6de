//! `client.files()`: file upload.
use crate::prelude::*;

use super::client::{answer, Client};
use super::error::Error;
use super::types::{FileCreateRequest, FileObject};
use crate::resources::files;

/// `client.files()`.
#[derive(Debug, Clone, Copy)]
pub struct Files<'c> {
    pub(super) client: &'c Client,
}

impl Client {
    /// File upload.
    pub fn files(&self) -> Files<'_> {
        Files { client: self }
    }
}

impl Files<'_> {
    /// Uploads a `Blob`/`File` (`POST /paas/v4/files`, multipart).
    pub async fn create(&self, request: &FileCreateRequest) -> Result<FileObject, Error> {
        let blobs: Vec<(&'static str, &web_sys::Blob)> =
            request.file.iter().map(|f| ("file", f)).collect();
        let outcome = self
            .client
            .upload(&files::CREATE, request, &blobs, false)
            .await?;
        answer(&files::CREATE, outcome)
    }
}
