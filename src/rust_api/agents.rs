//! `client.agents()`: hosted agents (translation, special-effect videos, slides).

use super::client::Client;
use super::error::Error;
use super::stream::AgentStream;
use super::types::{
    AgentAsyncResult, AgentAsyncResultRequest, AgentConversation, AgentConversationRequest,
    AgentInvokeRequest, AgentResponse,
};
use crate::resources::agents;

/// `client.agents()`.
#[derive(Debug, Clone, Copy)]
pub struct Agents<'c> {
    client: &'c Client,
}

impl Client {
    /// Hosted agents.
    pub fn agents(&self) -> Agents<'_> {
        Agents { client: self }
    }
}

impl Agents<'_> {
    /// The agent's whole answer (`POST /v1/agents`).
    pub async fn invoke(&self, request: &AgentInvokeRequest) -> Result<AgentResponse, Error> {
        self.client.post(&agents::INVOKE, request).await
    }

    /// The agent's answer as a stream (the same call with `stream: true`).
    pub async fn invoke_stream(&self, request: &AgentInvokeRequest) -> Result<AgentStream, Error> {
        self.client.post_stream(&agents::INVOKE, request).await
    }

    /// The state of an async agent task (`POST /v1/agents/async-result`); a failed task is an
    /// error carrying its code.
    pub async fn async_result(
        &self,
        request: &AgentAsyncResultRequest,
    ) -> Result<AgentAsyncResult, Error> {
        self.client.post(&agents::ASYNC_RESULT, request).await
    }

    /// A `slides_glm_agent` conversation's export (`POST /v1/agents/conversation`).
    pub async fn conversation(
        &self,
        request: &AgentConversationRequest,
    ) -> Result<AgentConversation, Error> {
        self.client.post(&agents::CONVERSATION, request).await
    }
}
