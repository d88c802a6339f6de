//! The rest of the platform: `files().list/delete/content`, `models()`, `moderations()`,
//! `batches()`, `voice()`, `audio().speech()`, `audio().customization()`, `file_parser()`,
//! `ocr()`.

use crate::prelude::*;

use web_sys::Response;

use super::client::{answer, binary, stream, to_json, with_stream, Client};
use super::driver::{Outcome, Params};
use super::error::Error;
use super::stream::{EventStream, SpeechStream};
use super::types::RawRequest;
use super::types::{
    Batch, BatchCreateRequest, BatchList, BatchListRequest, FileDeleted, FileList, FileListRequest,
    FileParserRequest, FileParserResult, FileParserTask, HandwritingRequest, HandwritingResult,
    ModelList, ModerationRequest, ModerationResponse, SpeechCustomizationRequest, SpeechRequest,
    VoiceCloneRequest, VoiceCloneResult, VoiceDeleteRequest, VoiceDeleteResult, VoiceList,
    VoiceListRequest,
};
use super::Audio;
use super::Files;
use crate::resources::{audio, batches, file_parser, files, models, moderations, ocr, raw, voice};

impl Files<'_> {
    /// A page of the uploaded files (`GET /paas/v4/files`).
    pub async fn list(&self, request: &FileListRequest) -> Result<FileList, Error> {
        self.client.query(&files::LIST, request).await
    }

    /// Deletes a file (`DELETE /paas/v4/files/{file_id}`).
    pub async fn delete(&self, file_id: &str) -> Result<FileDeleted, Error> {
        self.client.get(&files::DELETE, file_id).await
    }

    /// A file's bytes (`GET /paas/v4/files/{file_id}/content`): the fetch `Response`, its status
    /// checked (read it with `array_buffer()` or `blob()`).
    pub async fn content(&self, file_id: &str) -> Result<Response, Error> {
        let outcome = self
            .client
            .call(&files::CONTENT, Params::Id(file_id))
            .await?;
        binary(outcome)
    }
}

/// `client.models()`.
#[derive(Debug, Clone, Copy)]
pub struct Models<'c> {
    client: &'c Client,
}

/// `client.moderations()`.
#[derive(Debug, Clone, Copy)]
pub struct Moderations<'c> {
    client: &'c Client,
}

/// `client.batches()`.
#[derive(Debug, Clone, Copy)]
pub struct Batches<'c> {
    client: &'c Client,
}

/// `client.voice()`.
#[derive(Debug, Clone, Copy)]
pub struct Voices<'c> {
    client: &'c Client,
}

impl Client {
    /// Batches of requests.
    pub fn batches(&self) -> Batches<'_> {
        Batches { client: self }
    }

    /// Cloned voices.
    pub fn voice(&self) -> Voices<'_> {
        Voices { client: self }
    }

    /// The model list.
    pub fn models(&self) -> Models<'_> {
        Models { client: self }
    }

    /// Content moderation.
    pub fn moderations(&self) -> Moderations<'_> {
        Moderations { client: self }
    }
}

impl Models<'_> {
    /// The models this key can use (`GET /paas/v4/models`).
    pub async fn list(&self) -> Result<ModelList, Error> {
        let outcome = self
            .client
            .call(&models::LIST, Params::Path("[]".into()))
            .await?;
        answer(&models::LIST, outcome)
    }
}

impl Moderations<'_> {
    /// Checks content (`POST /paas/v4/moderations`).
    pub async fn create(&self, request: &ModerationRequest) -> Result<ModerationResponse, Error> {
        self.client.post(&moderations::CREATE, request).await
    }
}

impl Batches<'_> {
    /// Starts a batch (`POST /paas/v4/batches`).
    pub async fn create(&self, request: &BatchCreateRequest) -> Result<Batch, Error> {
        self.client.post(&batches::CREATE, request).await
    }

    /// A batch's state (`GET /paas/v4/batches/{batch_id}`).
    pub async fn retrieve(&self, batch_id: &str) -> Result<Batch, Error> {
        self.client.get(&batches::RETRIEVE, batch_id).await
    }

    /// A page of batches (`GET /paas/v4/batches?after=&limit=`).
    pub async fn list(&self, request: &BatchListRequest) -> Result<BatchList, Error> {
        self.client.query(&batches::LIST, request).await
    }

    /// Cancels a batch (`POST /paas/v4/batches/{batch_id}/cancel`).
    pub async fn cancel(&self, batch_id: &str) -> Result<Batch, Error> {
        self.client.get(&batches::CANCEL, batch_id).await
    }
}

impl Voices<'_> {
    /// Clones a voice from an uploaded sample (`POST /paas/v4/voice/clone`).
    pub async fn clone(&self, request: &VoiceCloneRequest) -> Result<VoiceCloneResult, Error> {
        self.client.post(&voice::CLONE, request).await
    }

    /// The voices (`GET /paas/v4/voice/list?voiceType=&voiceName=`).
    pub async fn list(&self, request: &VoiceListRequest) -> Result<VoiceList, Error> {
        self.client.query(&voice::LIST, request).await
    }

    /// Deletes a cloned voice (`POST /paas/v4/voice/delete`).
    pub async fn delete(&self, request: &VoiceDeleteRequest) -> Result<VoiceDeleteResult, Error> {
        self.client.post(&voice::DELETE, request).await
    }
}

/// `client.audio().speech()`.
#[derive(Debug, Clone, Copy)]
pub struct Speech<'c> {
    client: &'c Client,
}

/// `client.audio().customization()`.
#[derive(Debug, Clone, Copy)]
pub struct SpeechCustomization<'c> {
    client: &'c Client,
}

impl<'c> Audio<'c> {
    /// Text to speech.
    pub fn speech(&self) -> Speech<'c> {
        Speech {
            client: self.client,
        }
    }

    /// Text to speech in the voice of a sample.
    pub fn customization(&self) -> SpeechCustomization<'c> {
        SpeechCustomization {
            client: self.client,
        }
    }
}

impl Speech<'_> {
    /// The audio (`POST /paas/v4/audio/speech`): the fetch `Response`, its status checked.
    pub async fn create(&self, request: &SpeechRequest) -> Result<Response, Error> {
        let outcome = self
            .client
            .call(&audio::SPEECH_CREATE, Params::Json(to_json(request)?))
            .await?;
        binary(outcome)
    }

    /// The audio as a stream of base64 (or hex) pieces (the same call with `stream: true`).
    pub async fn create_stream(&self, request: &SpeechRequest) -> Result<SpeechStream, Error> {
        let outcome = self
            .client
            .call(
                &audio::SPEECH_CREATE,
                Params::Json(with_stream(to_json(request)?)),
            )
            .await?;
        stream(&audio::SPEECH_CREATE, outcome)
    }
}

impl SpeechCustomization<'_> {
    /// The audio (`POST /paas/v4/audio/customization`, multipart): the fetch `Response`.
    pub async fn create(&self, request: &SpeechCustomizationRequest) -> Result<Response, Error> {
        let blobs: Vec<(&'static str, &web_sys::Blob)> = request
            .voice_data
            .iter()
            .map(|b| ("voice_data", b))
            .collect();
        let outcome = self
            .client
            .upload(&audio::CUSTOMIZATION_CREATE, request, &blobs, false)
            .await?;
        binary(outcome)
    }
}

/// `client.file_parser()`.
#[derive(Debug, Clone, Copy)]
pub struct FileParser<'c> {
    client: &'c Client,
}

/// `client.ocr()`.
#[derive(Debug, Clone, Copy)]
pub struct Ocr<'c> {
    client: &'c Client,
}

impl Client {
    /// Document parsing.
    pub fn file_parser(&self) -> FileParser<'_> {
        FileParser { client: self }
    }

    /// Handwriting OCR.
    pub fn ocr(&self) -> Ocr<'_> {
        Ocr { client: self }
    }
}

impl FileParser<'_> {
    /// Starts parsing a document (`POST /paas/v4/files/parser/create`, multipart).
    pub async fn create(&self, request: &FileParserRequest) -> Result<FileParserTask, Error> {
        let ep = &file_parser::CREATE;
        let blobs = [("file", &request.file)];
        let outcome = self.client.upload(ep, request, &blobs, false).await?;
        answer(ep, outcome)
    }

    /// A task's result as `text` or a `download_link`
    /// (`GET /paas/v4/files/parser/result/{task_id}/{format_type}`).
    pub async fn content(
        &self,
        task_id: &str,
        format_type: &str,
    ) -> Result<FileParserResult, Error> {
        let ep = &file_parser::CONTENT;
        let args = serde_json::to_string(&[task_id, format_type])
            .map_err(|_| crate::error::Error::invalid("task_id", "cannot be encoded"))?;
        let outcome = self.client.call(ep, Params::Path(args)).await?;
        answer(ep, outcome)
    }

    /// Parses a document at once (`POST /paas/v4/files/parser/sync`, `tool_type: prime-sync`).
    pub async fn create_sync(
        &self,
        request: &FileParserRequest,
    ) -> Result<FileParserResult, Error> {
        let ep = &file_parser::CREATE_SYNC;
        let blobs = [("file", &request.file)];
        let outcome = self.client.upload(ep, request, &blobs, false).await?;
        answer(ep, outcome)
    }
}

impl Ocr<'_> {
    /// Reads handwriting (`POST /paas/v4/files/ocr`, multipart).
    pub async fn handwriting(
        &self,
        request: &HandwritingRequest,
    ) -> Result<HandwritingResult, Error> {
        let ep = &ocr::HANDWRITING;
        let blobs = [("file", &request.file)];
        let outcome = self.client.upload(ep, request, &blobs, false).await?;
        answer(ep, outcome)
    }
}

/// What `client.request(..)` answered.
#[derive(Debug)]
pub enum RawAnswer {
    /// A JSON answer, parsed.
    Json(serde_json::Value),
    /// Any other content type: the fetch `Response`, its status checked.
    Response(Response),
    /// `stream: Some(true)`: the parsed events.
    Stream(Box<EventStream<serde_json::Value>>),
}

impl Client {
    /// Any path under the base URL, with the same auth, retries, timeouts and errors as every
    /// call (`client.request` of the JS client).
    pub async fn request(&self, request: &RawRequest) -> Result<RawAnswer, Error> {
        let ep = &raw::REQUEST;
        let mut spec = serde_json::to_value(request)
            .map_err(|_| crate::error::Error::invalid("params", "cannot be encoded"))?;
        let body = match &request.body {
            Some(b) => {
                if let Some(o) = spec.as_object_mut() {
                    o.insert("body".into(), serde_json::Value::Bool(true));
                }
                Some(to_json(b)?)
            }
            None => None,
        };
        let spec = to_json(&spec)?;
        match self.call(ep, Params::Raw { spec, body }).await? {
            answered @ Outcome::Answer(..) => Ok(RawAnswer::Json(answer(ep, answered)?)),
            Outcome::Response(r) => Ok(RawAnswer::Response(r)),
            opened @ Outcome::Stream(_) => Ok(RawAnswer::Stream(Box::new(stream(ep, opened)?))),
        }
    }
}
