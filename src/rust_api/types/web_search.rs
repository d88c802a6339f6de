//! Stand-alone web search (`POST /paas/v4/web_search`).
use crate::prelude::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::shared::WebSearchResult;

/// `client.web_search().search(..)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WebSearchRequest {
    /// `search-prime` (z.ai), `search_std`, `search_pro`, ...
    pub search_engine: String,
    /// What to search for.
    pub search_query: String,
    /// 1 to 50 (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// One domain, e.g. `www.example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_domain_filter: Option<String>,
    /// `oneDay`, `oneWeek`, `oneMonth`, `oneYear` or `noLimit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_recency_filter: Option<String>,
    /// `medium` or `high`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_size: Option<String>,
    /// Run intent recognition first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_intent: Option<bool>,
    /// Include images in the results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_image: Option<bool>,
    /// 6 to 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// 6 to 128 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Parameters this struct does not have yet.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of `web_search().search(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSearchResponse {
    /// The call id.
    pub id: String,
    /// Unix seconds.
    pub created: u64,
    /// The request id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// What intent recognition made of the query (`search_intent: true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_intent: Option<Vec<SearchIntent>>,
    /// The hits.
    pub search_result: Vec<WebSearchResult>,
}

/// One recognised intent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchIntent {
    /// The query as rewritten.
    pub query: String,
    /// `SEARCH_ALL`, ...
    pub intent: String,
    /// Keywords.
    pub keywords: String,
}
