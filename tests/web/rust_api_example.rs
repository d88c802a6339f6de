// The Rust API example shown in the crate docs (`zai_wasm::api`) and the README. The browser
// tests run it against the mock server (tests/web/rust_api.rs), so it always compiles and works.

use futures_util::StreamExt; // futures-util (or futures): `next()` on a Stream
use zai_wasm::api::types::{ChatCompletionRequest, ChatMessage, Thinking};
use zai_wasm::api::{Client, ClientOptions, Error};

/// The client of a browser app. Keep the API key on your backend: point `base_url` at a route
/// that forwards to `https://api.z.ai/api` and adds the key, and leave `api_key` at `None`.
pub fn client(base_url: &str, api_key: Option<String>) -> Result<Client, Error> {
    Client::new(ClientOptions {
        base_url: Some(base_url.into()),
        api_key,
        ..Default::default()
    })
}

/// Asks `question` twice: once for the whole answer, once streamed piece by piece into
/// `on_text` (in a Leptos, Dioxus or Yew component: a signal's setter). Returns both texts.
pub async fn ask(
    client: &Client,
    question: &str,
    mut on_text: impl FnMut(&str),
) -> Result<(String, String), Error> {
    let request = ChatCompletionRequest {
        model: "glm-4.6".into(),
        messages: vec![
            ChatMessage::system("You are terse."),
            ChatMessage::user(question),
        ],
        thinking: Some(Thinking::disabled()),
        temperature: Some(0.6),
        ..Default::default()
    };

    let completion = client.chat().completions().create(&request).await?;
    let whole = completion.content().unwrap_or_default().to_owned();

    // Dropping `stream` early (a component unmounting, say) cancels the request.
    let mut stream = client.chat().completions().create_stream(&request).await?;
    let mut streamed = String::new();
    while let Some(chunk) = stream.next().await {
        if let Some(text) = chunk?.content() {
            on_text(text);
            streamed.push_str(text);
        }
    }
    Ok((whole, streamed))
}
