//! The request machine (`zai_wasm::request`) driven natively with a simulated clock and scripted
//! responses: every retry, backoff, `Retry-After`, `x-should-retry`, deadline, abort and
//! re-sign case the browser tests check end to end, here in milliseconds.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]

use zai_wasm::error::ErrorKind;
use zai_wasm::jwt::TokenCache;
use zai_wasm::request::{
    idle_step, Action, CallOptions, Env, Event, Exchange, IdleStep, Input, Key, Settings,
};
use zai_wasm::resources::{find, StreamKind};
use zai_wasm::retry::ServerHints;

const CHAT: &[u8] = br#"{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}]}"#;
const CHAT_STREAM: &[u8] =
    br#"{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}],"stream":true}"#;

/// One call and a simulated clock.
struct Sim {
    settings: Settings,
    call: Exchange,
    now: f64,
    last: Action,
    /// Every `Send`, with the time it happened and its `Authorization`.
    sends: Vec<(f64, Option<String>)>,
}

impl Sim {
    fn start(settings: Settings, ep: &str, input: Input<'_>, options: CallOptions) -> Sim {
        let mut settings = settings;
        let ep = find(ep).unwrap();
        let (call, first) = Exchange::start(&mut settings, ep, input, &options, env(0.0));
        let mut sim = Sim {
            settings,
            call,
            now: 0.0,
            last: Action::Ignore,
            sends: Vec::new(),
        };
        sim.record(first);
        sim
    }

    fn chat(settings: Settings, options: CallOptions) -> Sim {
        Sim::start(
            settings,
            "chat.completions.create",
            Input::Json(CHAT),
            options,
        )
    }

    fn record(&mut self, action: Action) {
        if action == Action::Send {
            let auth = self.call.authorization().map(String::from);
            self.sends.push((self.now, auth));
        }
        self.last = action;
    }

    fn feed(&mut self, event: Event<'_>) -> Action {
        let action = self.call.handle(&mut self.settings, event, env(self.now));
        self.record(action.clone());
        action
    }

    /// Answers the pending `Send` with `status` and (for non-2xx) `body`.
    fn respond(&mut self, status: u16, body: &str, hints: ServerHints) -> Action {
        assert_eq!(self.last, Action::Send, "respond() without a pending send");
        let content_type = "application/json";
        match self.feed(Event::Head {
            status,
            content_type,
        }) {
            Action::ReadBody => self.feed(Event::Body {
                text: body.as_bytes(),
                request_id: Some("req-header"),
                hints,
            }),
            Action::ReadJson => self.feed(Event::Answer(None)),
            other => other,
        }
    }

    /// Lets a `Wait` run to its end.
    fn wait(&mut self) -> Action {
        let Action::Wait(ms) = self.last else {
            panic!("expected a wait, got {:?}", self.last)
        };
        self.now += ms;
        self.feed(Event::TimerFired)
    }

    fn error(&self) -> &zai_wasm::error::Error {
        match &self.last {
            Action::Fail(e) => e,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    fn send_times(&self) -> Vec<f64> {
        self.sends.iter().map(|s| s.0).collect()
    }
}

fn env(now_ms: f64) -> Env {
    Env {
        now_ms,
        random: 0.0,
    }
}

fn no_hints() -> ServerHints {
    ServerHints::default()
}

fn key() -> Settings {
    Settings::with_key("test-id.test-secret-value")
}

const BUSY: &str = r#"{"error":{"code":"1302","message":"High concurrency"}}"#;

#[test]
fn success_first_time() {
    let mut s = Sim::chat(key(), CallOptions::default());
    assert_eq!(s.respond(200, "", no_hints()), Action::Resolve);
    assert_eq!(s.sends.len(), 1);
    assert_eq!(
        s.sends[0].1.as_deref(),
        Some("Bearer test-id.test-secret-value")
    );
    assert!(s.call.is_done());
    assert_eq!(s.feed(Event::TimerFired), Action::Ignore, "late events");
}

#[test]
fn retry_backoff_429_then_success() {
    let mut s = Sim::chat(key(), CallOptions::default());
    assert!(matches!(s.respond(429, BUSY, no_hints()), Action::Wait(_)));
    assert_eq!(s.wait(), Action::Send);
    assert!(matches!(s.respond(429, BUSY, no_hints()), Action::Wait(_)));
    assert_eq!(s.wait(), Action::Send);
    assert_eq!(s.respond(200, "", no_hints()), Action::Resolve);
    // 0.5 s then 1 s (no jitter with random 0).
    assert_eq!(s.send_times(), [0.0, 500.0, 1500.0]);
}

#[test]
fn out_of_retries_fails_with_the_last_error() {
    let mut s = Sim::chat(key(), CallOptions::default());
    for _ in 0..2 {
        s.respond(503, "busy", no_hints());
        s.wait();
    }
    s.respond(503, "still busy", no_hints());
    let e = s.error();
    assert_eq!(e.kind, ErrorKind::InternalServer);
    assert_eq!(e.status, Some(503));
    assert_eq!(e.request_id.as_deref(), Some("req-header"));
    assert!(e.retryable);
    assert_eq!(s.sends.len(), 3);
}

#[test]
fn transient_failures_are_retried_permanent_ones_are_not() {
    for (status, body) in [
        (408, ""),
        (409, ""),
        (500, ""),
        (502, "<html>bad gateway</html>"),
        (503, ""),
        (504, ""),
        (429, BUSY),
        (429, r#"{"error":{"code":"1303","message":"x"}}"#),
        (429, r#"{"error":{"code":"1305","message":"x"}}"#),
    ] {
        let mut s = Sim::chat(key(), CallOptions::default());
        assert!(
            matches!(s.respond(status, body, no_hints()), Action::Wait(_)),
            "{status} {body}"
        );
    }
    for (status, body, kind) in [
        (
            400,
            r#"{"error":{"code":"1214","message":"bad"}}"#,
            ErrorKind::BadRequest,
        ),
        (
            401,
            r#"{"error":{"code":"1002","message":"no"}}"#,
            ErrorKind::Authentication,
        ),
        (403, "", ErrorKind::PermissionDenied),
        (404, "", ErrorKind::NotFound),
        (
            429,
            r#"{"error":{"code":"1113","message":"balance"}}"#,
            ErrorKind::RateLimit,
        ),
        (
            429,
            r#"{"error":{"code":"1304","message":"cap"}}"#,
            ErrorKind::RateLimit,
        ),
        (422, "", ErrorKind::Api),
    ] {
        let mut s = Sim::chat(key(), CallOptions::default());
        s.respond(status, body, no_hints());
        assert_eq!(s.error().kind, kind, "{status} {body}");
        assert!(!s.error().retryable);
        assert_eq!(s.sends.len(), 1);
    }
}

#[test]
fn connection_failures_are_retried() {
    let mut s = Sim::chat(key(), CallOptions::default());
    assert!(matches!(
        s.feed(Event::NetworkFailure("Failed to fetch")),
        Action::Wait(_)
    ));
    assert_eq!(s.wait(), Action::Send);
    s.feed(Event::NetworkFailure("Failed to fetch"));
    s.wait();
    s.feed(Event::NetworkFailure("Failed to fetch"));
    let e = s.error();
    assert_eq!(e.kind, ErrorKind::Connection);
    assert!(e.message.contains("no HTTP response"), "{}", e.message);
    assert!(e.message.ends_with(": Failed to fetch"));
}

#[test]
fn a_body_cut_midway_is_not_retried_and_says_so() {
    let mut s = Sim::chat(key(), CallOptions::default());
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::BodyFailed("network error"));
    let e = s.error();
    assert_eq!(e.kind, ErrorKind::Connection);
    assert_eq!(e.status, Some(200));
    assert!(e.message.contains("while reading the response body"));
    assert!(!e.message.contains("no HTTP response"));
}

#[test]
fn max_retries_override_and_zero() {
    let mut s = Sim::chat(
        key(),
        CallOptions {
            max_retries: Some(0),
            ..Default::default()
        },
    );
    s.respond(503, "", no_hints());
    assert_eq!(s.error().kind, ErrorKind::InternalServer);
    let mut s = Sim::chat(
        key(),
        CallOptions {
            max_retries: Some(5),
            ..Default::default()
        },
    );
    for _ in 0..5 {
        s.respond(503, "", no_hints());
        s.wait();
    }
    s.respond(503, "", no_hints());
    assert_eq!(s.sends.len(), 6);
    assert!(matches!(s.last, Action::Fail(_)));
}

#[test]
fn retry_after_and_retry_after_ms_set_the_wait() {
    let mut s = Sim::chat(key(), CallOptions::default());
    let hinted = ServerHints {
        should_retry: None,
        delay_ms: Some(1234),
    };
    assert_eq!(s.respond(429, BUSY, hinted), Action::Wait(1234.0));
    // A server hint also makes a permanent-looking failure wait the hinted time, when
    // x-should-retry says so.
    let mut s = Sim::chat(key(), CallOptions::default());
    let forced = ServerHints {
        should_retry: Some(true),
        delay_ms: Some(50),
    };
    assert_eq!(s.respond(400, "", forced), Action::Wait(50.0));
}

#[test]
fn x_should_retry_overrides_the_status() {
    let mut s = Sim::chat(key(), CallOptions::default());
    let no = ServerHints {
        should_retry: Some(false),
        delay_ms: None,
    };
    s.respond(503, "", no);
    assert_eq!(s.error().kind, ErrorKind::InternalServer);
    assert_eq!(s.sends.len(), 1);
    let mut s = Sim::chat(key(), CallOptions::default());
    let yes = ServerHints {
        should_retry: Some(true),
        delay_ms: None,
    };
    assert_eq!(s.respond(400, "", yes), Action::Wait(500.0));
}

#[test]
fn the_deadline_bounds_every_attempt_and_wait() {
    let options = CallOptions {
        timeout_ms: Some(800.0),
        max_retries: Some(5),
        ..Default::default()
    };
    let mut s = Sim::chat(key(), options);
    assert_eq!(s.call.deadline_in(0.0), 800.0);
    s.now = 100.0;
    // 0.5 s backoff fits; the next (1 s) is cut to what is left.
    assert_eq!(s.respond(503, "", no_hints()), Action::Wait(500.0));
    s.wait();
    s.now = 700.0;
    assert_eq!(s.respond(503, "", no_hints()), Action::Wait(100.0));
    s.wait();
    assert_eq!(s.error().kind, ErrorKind::Timeout);
    assert_eq!(s.error().message, "Request timed out");
    assert_eq!(s.sends.len(), 2);
}

#[test]
fn the_deadline_firing_mid_request_times_out() {
    let mut s = Sim::chat(key(), CallOptions::default());
    s.now = 300_000.0;
    s.feed(Event::Deadline);
    assert_eq!(s.error().kind, ErrorKind::Timeout);
    assert!(s.error().retryable);
}

#[test]
fn abort_at_any_point() {
    // While waiting for the response, while reading the body, during a retry wait.
    let mut s = Sim::chat(key(), CallOptions::default());
    s.feed(Event::UserAbort);
    assert_eq!(s.error().kind, ErrorKind::UserAbort);
    assert!(!s.error().retryable);

    let mut s = Sim::chat(key(), CallOptions::default());
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::UserAbort);
    assert_eq!(s.error().kind, ErrorKind::UserAbort);

    let mut s = Sim::chat(key(), CallOptions::default());
    assert!(matches!(s.respond(503, "", no_hints()), Action::Wait(_)));
    s.now += 10.0;
    s.feed(Event::UserAbort);
    assert_eq!(s.error().kind, ErrorKind::UserAbort);
    // The wait's timer fires later: nothing more happens.
    assert_eq!(s.feed(Event::TimerFired), Action::Ignore);
    assert_eq!(s.sends.len(), 1);
}

#[test]
fn key_provider_is_asked_before_every_attempt() {
    let settings = Settings {
        key: Key::Provider,
        ..Settings::default()
    };
    let mut s = Sim::chat(settings, CallOptions::default());
    assert_eq!(s.last, Action::Authorize);
    assert_eq!(s.feed(Event::Key(Some("k-1"))), Action::Send);
    s.respond(503, "", no_hints());
    assert_eq!(s.wait(), Action::Authorize);
    assert_eq!(s.feed(Event::Key(Some("k-2"))), Action::Send);
    let auths: Vec<_> = s.sends.iter().map(|x| x.1.clone().unwrap()).collect();
    assert_eq!(auths, ["Bearer k-1", "Bearer k-2"]);
}

#[test]
fn a_bad_provider_answer_is_an_invalid_request() {
    for answer in [None, Some("")] {
        let settings = Settings {
            key: Key::Provider,
            ..Settings::default()
        };
        let mut s = Sim::chat(settings, CallOptions::default());
        s.feed(Event::Key(answer));
        let e = s.error();
        assert_eq!(e.kind, ErrorKind::InvalidRequest);
        assert!(e.message.starts_with("apiKey "), "{}", e.message);
        assert!(s.sends.is_empty());
    }
}

#[test]
fn no_key_sends_no_authorization() {
    let s = Sim::chat(Settings::default(), CallOptions::default());
    assert_eq!(s.last, Action::Send);
    assert_eq!(s.sends[0].1, None);
}

#[test]
fn jwt_is_signed_reused_and_resigned_once_when_expired() {
    let settings = Settings {
        jwt: Some(TokenCache::default()),
        ..key()
    };
    let mut s = Sim::chat(settings, CallOptions::default());
    let first = s.sends[0].1.clone().unwrap();
    assert!(first.starts_with("Bearer ey"), "{first}");
    // 1003: token expired -> a new token, sent at once, whatever maxRetries says.
    let expired = r#"{"error":{"code":"1003","message":"Token expired"}}"#;
    s.now = 1000.0;
    assert_eq!(s.respond(401, expired, no_hints()), Action::Send);
    let second = s.sends[1].1.clone().unwrap();
    assert_ne!(first, second, "signed again");
    // A second 1003 is final.
    s.respond(401, expired, no_hints());
    assert_eq!(s.error().kind, ErrorKind::Authentication);
    assert_eq!(s.error().code.as_deref(), Some("1003"));

    // With maxRetries 0 too; and never for 1002, nor without jwt.
    let settings = Settings {
        jwt: Some(TokenCache::default()),
        max_retries: 0,
        ..key()
    };
    let mut s = Sim::chat(settings, CallOptions::default());
    assert_eq!(s.respond(401, expired, no_hints()), Action::Send);
    let invalid = r#"{"error":{"code":"1002","message":"Invalid token"}}"#;
    let mut s = Sim::chat(
        Settings {
            jwt: Some(TokenCache::default()),
            ..key()
        },
        CallOptions::default(),
    );
    s.respond(401, invalid, no_hints());
    assert_eq!(s.error().code.as_deref(), Some("1002"));
    let mut s = Sim::chat(key(), CallOptions::default());
    s.respond(401, expired, no_hints());
    assert!(matches!(s.last, Action::Fail(_)));
}

#[test]
fn the_credential_never_appears_in_an_error() {
    let echo =
        r#"{"error":{"code":"1000","message":"bad header: Bearer test-id.test-secret-value"}}"#;
    let mut s = Sim::chat(key(), CallOptions::default());
    s.respond(401, echo, no_hints());
    let e = s.error();
    assert!(!e.message.contains("test-secret-value"), "{}", e.message);
    assert!(!e.body.as_deref().unwrap().contains("test-secret-value"));
    assert!(e.message.contains("[redacted]"));
    // The secret part alone, in the message and the body.
    let echo = r#"{"error":{"code":"1000","message":"secret test-secret-value is wrong"}}"#;
    let mut s = Sim::chat(key(), CallOptions::default());
    s.respond(401, echo, no_hints());
    assert_eq!(s.error().message, "secret [redacted] is wrong");
    assert!(!s
        .error()
        .body
        .as_deref()
        .unwrap()
        .contains("test-secret-value"));

    let settings = Settings {
        jwt: Some(TokenCache::default()),
        ..key()
    };
    let mut s = Sim::chat(settings, CallOptions::default());
    let token = s.sends[0].1.clone().unwrap();
    let mut body = String::from(r#"{"error":{"code":"1000","message":"bad: "#);
    body.push_str(&token);
    body.push_str("\"}}");
    s.respond(401, &body, no_hints());
    let token = token.strip_prefix("Bearer ").unwrap();
    assert!(!s.error().message.contains(token));
}

#[test]
fn the_credential_of_a_key_provider_never_appears_in_an_error() {
    const KEY: &str = "provider-id.provider-secret-part";
    const SECRET: &str = "provider-secret-part";
    for jwt in [false, true] {
        for echo in ["credential", "key", "secret"] {
            let settings = Settings {
                key: Key::Provider,
                jwt: jwt.then(TokenCache::default),
                ..Settings::default()
            };
            let mut s = Sim::chat(settings, CallOptions::default());
            s.feed(Event::Key(Some(KEY)));
            let auth = s.sends[0].1.clone().unwrap();
            let credential = auth.strip_prefix("Bearer ").unwrap().to_owned();
            assert_eq!(credential != KEY, jwt, "a signed token is sent with jwt");
            let text = match echo {
                "credential" => credential.as_str(),
                "key" => KEY,
                _ => SECRET,
            };
            let mut body = String::from(r#"{"error":{"code":"1000","message":"bad: "#);
            body.push_str(text);
            body.push_str(r#""},"request_id":""#);
            body.push_str(text);
            body.push_str("\"}");
            s.respond(401, &body, no_hints());
            let e = s.error();
            let shown = [
                e.message.as_str(),
                e.body.as_deref().unwrap(),
                e.request_id.as_deref().unwrap(),
            ];
            for part in shown {
                for secret in [credential.as_str(), KEY, SECRET] {
                    assert!(!part.contains(secret), "jwt {jwt}, echo {echo}: {part}");
                }
            }
            assert_eq!(e.message, "bad: [redacted]", "jwt {jwt}, echo {echo}");
        }
    }
}

#[test]
fn no_debug_output_shows_a_key_or_a_credential() {
    const KEY: &str = "debug-id.debug-secret-part";
    for key in [Key::Fixed(KEY.into()), Key::Provider] {
        let provider = matches!(key, Key::Provider);
        let mut settings = Settings {
            key,
            jwt: Some(TokenCache::default()),
            ..Settings::default()
        };
        let mut s = Sim::chat(settings.clone(), CallOptions::default());
        if provider {
            let event = Event::Key(Some(KEY));
            let shown = format!("{event:?}");
            assert!(!shown.contains("debug-secret-part"), "{shown}");
            s.feed(event);
        }
        let token = s.sends[0].1.clone().unwrap();
        let token = token.strip_prefix("Bearer ").unwrap().to_owned();
        // The token cache holds the key and the token once a token is signed.
        settings.jwt.as_mut().unwrap().token(KEY, 0).unwrap();
        let echo = format!("{{\"error\":{{\"message\":\"{token}\"}}}}");
        let body = Event::Body {
            text: echo.as_bytes(),
            request_id: None,
            hints: no_hints(),
        };
        let views = [
            format!("{:?}", s.call),
            format!("{:#?}", s.call),
            format!("{:?}", s.settings),
            format!("{settings:?}"),
            format!("{:?}", s.settings.key),
            format!("{:?}", s.call.secrets()),
            format!("{body:?}"),
        ];
        for shown in views {
            assert!(!shown.contains("debug-secret-part"), "{shown}");
            assert!(!shown.contains(&token), "{shown}");
        }
    }
}

#[test]
fn error_objects_in_a_200_body_are_errors_and_may_be_retried() {
    let mut s = Sim::chat(key(), CallOptions::default());
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    let action = s.feed(Event::Body {
        text: BUSY.as_bytes(),
        request_id: None,
        hints: no_hints(),
    });
    assert!(
        matches!(action, Action::Wait(_)),
        "1302 in a 200 is retried"
    );
    s.wait();
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::Body {
        text: br#"{"error":{"code":"1214","message":"bad"},"request_id":"r1"}"#,
        request_id: Some("header-id"),
        hints: no_hints(),
    });
    let e = s.error();
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(200)));
    assert_eq!(e.request_id.as_deref(), Some("r1"), "the body's id first");
}

#[test]
fn a_200_that_is_not_json_fails_without_retry() {
    let mut s = Sim::chat(key(), CallOptions::default());
    s.feed(Event::Head {
        status: 200,
        content_type: "text/html",
    });
    s.feed(Event::Body {
        text: b"<html>portal</html>",
        request_id: Some("rid"),
        hints: no_hints(),
    });
    let e = s.error();
    assert_eq!(e.message, "The response body is not valid JSON");
    assert_eq!(e.body.as_deref(), Some("<html>portal</html>"));
    assert_eq!(e.request_id.as_deref(), Some("rid"));
    assert_eq!(s.sends.len(), 1);
}

#[test]
fn streams_open_only_on_an_event_stream() {
    let mut s = Sim::start(
        key(),
        "chat.completions.create",
        Input::Json(CHAT_STREAM),
        CallOptions::default(),
    );
    assert_eq!(s.call.stream(), Some(StreamKind::Chat));
    assert!(s.call.headers().contains("accept\ntext/event-stream"));
    let open = s.feed(Event::Head {
        status: 200,
        content_type: "text/event-stream; charset=utf-8",
    });
    assert_eq!(open, Action::OpenStream(StreamKind::Chat));

    // A JSON error for a stream request is that error; JSON without one is a clear mismatch.
    let mut s = Sim::start(
        key(),
        "chat.completions.create",
        Input::Json(CHAT_STREAM),
        CallOptions::default(),
    );
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::Body {
        text: br#"{"choices":[]}"#,
        request_id: None,
        hints: no_hints(),
    });
    assert_eq!(
        s.error().message,
        "Expected an event stream, got content-type application/json"
    );
}

#[test]
fn stream_true_where_no_stream_exists_is_rejected() {
    let s = Sim::start(
        key(),
        "images.generate",
        Input::Json(br#"{"model":"cogview-4","prompt":"cat","stream":true}"#),
        CallOptions::default(),
    );
    let e = s.error();
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert_eq!(e.message, "stream true is not supported by images.generate");
}

#[test]
fn invalid_params_fail_before_anything_is_sent() {
    let s = Sim::start(
        key(),
        "chat.completions.create",
        Input::Json(br#"{"model":"glm-4.6","messages":[{"content":"Hi"}]}"#),
        CallOptions::default(),
    );
    assert_eq!(s.error().message, "messages[0].role is required");
    assert!(s.sends.is_empty());
    let s = Sim::start(
        key(),
        "asyncResult.retrieve",
        Input::Id(""),
        CallOptions::default(),
    );
    assert_eq!(s.error().message, "id must be a non-empty string");
}

#[test]
fn a_retried_call_carries_one_generated_request_id() {
    let s = Sim::chat(key(), CallOptions::default());
    let prefix = s.call.body_prefix();
    assert!(prefix.starts_with("\"request_id\":\"zai-"), "{prefix}");
    assert!(prefix.ends_with("\","));
    // Not when the caller gave one, nor without retries.
    let given =
        br#"{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}],"request_id":"mine"}"#;
    let s = Sim::start(
        key(),
        "chat.completions.create",
        Input::Json(given),
        CallOptions::default(),
    );
    assert_eq!(s.call.body_prefix(), "");
    let s = Sim::chat(
        key(),
        CallOptions {
            max_retries: Some(0),
            ..Default::default()
        },
    );
    assert_eq!(s.call.body_prefix(), "");
    // Two calls get different ids.
    let mut settings = key();
    let ep = find("chat.completions.create").unwrap();
    let (a, _) = Exchange::start(
        &mut settings,
        ep,
        Input::Json(CHAT),
        &CallOptions::default(),
        Env {
            now_ms: 1.0,
            random: 0.25,
        },
    );
    let (b, _) = Exchange::start(
        &mut settings,
        ep,
        Input::Json(CHAT),
        &CallOptions::default(),
        Env {
            now_ms: 1.0,
            random: 0.75,
        },
    );
    assert_ne!(a.body_prefix(), b.body_prefix());
}

#[test]
fn urls_fill_and_encode_ids() {
    let s = Sim::start(
        Settings {
            base_url: "http://127.0.0.1:4010/api/".into(),
            ..key()
        },
        "asyncResult.retrieve",
        Input::Id("task 1/2"),
        CallOptions::default(),
    );
    assert_eq!(
        s.call.url(),
        "http://127.0.0.1:4010/api/paas/v4/async-result/task%201%2F2"
    );
    assert_eq!(s.call.method(), "GET");
}

#[test]
fn delete_path_arguments_and_queries() {
    let s = Sim::start(
        key(),
        "files.delete",
        Input::Path(br#"["file 1"]"#),
        CallOptions::default(),
    );
    assert_eq!(s.call.method(), "DELETE");
    assert_eq!(s.call.url(), "https://api.z.ai/api/paas/v4/files/file%201");
    assert_eq!(
        s.call.headers(),
        "accept\napplication/json\naccept-language\nen-US,en"
    );
    let s = Sim::start(
        key(),
        "fileParser.content",
        Input::Path(br#"["t/1","text"]"#),
        CallOptions::default(),
    );
    assert_eq!(
        s.call.url(),
        "https://api.z.ai/api/paas/v4/files/parser/result/t%2F1/text"
    );
    let s = Sim::start(
        key(),
        "fileParser.content",
        Input::Path(br#"["t1"]"#),
        CallOptions::default(),
    );
    assert_eq!(s.error().message, "format_type must be a non-empty string");
    assert!(s.sends.is_empty());
    let s = Sim::start(
        key(),
        "voice.list",
        Input::Json(br#"{"voice_type":"PRIVATE","request_id":"req-000001"}"#),
        CallOptions::default(),
    );
    assert_eq!(
        s.call.url(),
        "https://api.z.ai/api/paas/v4/voice/list?voiceType=PRIVATE&request_id=req-000001"
    );
    assert_eq!(
        s.call.body_prefix(),
        "",
        "a query gets no generated request_id"
    );
    let s = Sim::start(
        key(),
        "files.list",
        Input::Json(br#"{"limit":0}"#),
        CallOptions::default(),
    );
    assert_eq!(s.error().message, "limit must be a positive integer");
}

#[test]
fn binary_answers_are_the_response_unless_json() {
    let mut s = Sim::start(
        key(),
        "files.content",
        Input::Id("file-1"),
        CallOptions::default(),
    );
    assert_eq!(s.call.headers(), "accept\n*/*\naccept-language\nen-US,en");
    let head = Event::Head {
        status: 200,
        content_type: "application/jsonl",
    };
    assert_eq!(s.feed(head), Action::Respond);
    assert!(s.call.is_done());
    // A JSON 200 is read: an error in it fails the call (typed), else the response is the answer.
    let mut s = Sim::start(
        key(),
        "files.content",
        Input::Id("f"),
        CallOptions::default(),
    );
    let head = Event::Head {
        status: 200,
        content_type: "application/json; charset=utf-8",
    };
    assert_eq!(s.feed(head), Action::ReadJson);
    assert_eq!(s.feed(Event::Answer(None)), Action::Respond);
    let mut s = Sim::start(
        key(),
        "files.content",
        Input::Id("f"),
        CallOptions::default(),
    );
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::Body {
        text: br#"{"error":{"code":"1113","message":"Insufficient balance"}}"#,
        request_id: None,
        hints: no_hints(),
    });
    assert_eq!(s.error().code.as_deref(), Some("1113"));
    // A non-2xx is the typed error, read from its body like every call.
    let mut s = Sim::start(
        key(),
        "files.content",
        Input::Id("f"),
        CallOptions::default(),
    );
    s.respond(
        404,
        r#"{"error":{"code":"1214","message":"no such file"}}"#,
        no_hints(),
    );
    assert_eq!(s.error().status, Some(404));
    assert_eq!(s.error().code.as_deref(), Some("1214"));
    // Speech: binary, and with stream: true an event stream.
    let mut s = Sim::start(
        key(),
        "audio.speech.create",
        Input::Json(br#"{"model":"glm-tts","input":"hi","stream":true}"#),
        CallOptions::default(),
    );
    let head = Event::Head {
        status: 200,
        content_type: "text/event-stream",
    };
    assert_eq!(s.feed(head), Action::OpenStream(StreamKind::Speech));
}

#[test]
fn raw_requests_take_method_path_and_query_from_the_call() {
    let mut s = Sim::start(
        key(),
        "request",
        Input::Json(br#"{"method":"PATCH","path":"/paas/v4/x","query":{"a":"b c"},"body":true}"#),
        CallOptions::default(),
    );
    assert_eq!(s.call.method(), "PATCH");
    assert_eq!(s.call.url(), "https://api.z.ai/api/paas/v4/x?a=b%20c");
    assert_eq!(
        s.call.headers(),
        "content-type\napplication/json\naccept\n*/*\naccept-language\nen-US,en"
    );
    // JSON answers resolve; anything else is the response.
    let head = Event::Head {
        status: 200,
        content_type: "application/json",
    };
    assert_eq!(s.feed(head), Action::ReadJson);
    assert_eq!(s.feed(Event::Answer(None)), Action::Resolve);
    let mut s = Sim::start(
        key(),
        "request",
        Input::Json(br#"{"method":"GET","path":"/paas/v4/y"}"#),
        CallOptions::default(),
    );
    assert_eq!(s.call.headers(), "accept\n*/*\naccept-language\nen-US,en");
    let head = Event::Head {
        status: 200,
        content_type: "image/png",
    };
    assert_eq!(s.feed(head), Action::Respond);
    for (spec, message) in [
        (
            &br#"{"method":"GET","path":"//evil.example/x"}"#[..],
            "path must be a path under the base URL (starting with one /)",
        ),
        (
            br#"{"method":"GET","path":"/a/../../b"}"#,
            "path must be a path under the base URL (starting with one /)",
        ),
        (
            br#"{"method":"GET","path":"x"}"#,
            "path must be a path under the base URL (starting with one /)",
        ),
        (
            br#"{"method":"get","path":"/x"}"#,
            "method must be one of \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"",
        ),
    ] {
        let s = Sim::start(key(), "request", Input::Json(spec), CallOptions::default());
        assert_eq!(s.error().message, message);
        assert!(s.sends.is_empty());
    }
}

fn poll(options: CallOptions) -> Sim {
    Sim::start(key(), "asyncResult.poll", Input::Id("task-1"), options)
}

fn answer(s: &mut Sim, text: &str) -> Action {
    assert_eq!(
        s.feed(Event::Head {
            status: 200,
            content_type: "application/json"
        }),
        Action::ReadJson
    );
    s.feed(Event::Answer(Some(text.as_bytes())))
}

#[test]
fn poll_until_success() {
    let mut s = poll(CallOptions {
        poll_interval_ms: Some(1000.0),
        ..Default::default()
    });
    assert_eq!(
        answer(&mut s, r#"{"task_status":"PROCESSING"}"#),
        Action::Wait(1000.0)
    );
    assert_eq!(s.call.poll_attempts(), 1);
    assert_eq!(s.wait(), Action::Send);
    assert_eq!(
        answer(&mut s, r#"{"task_status":"SUCCESS"}"#),
        Action::Resolve
    );
    assert_eq!(s.send_times(), [0.0, 1000.0]);
    assert_eq!(s.call.poll_attempts(), 2);
}

#[test]
fn poll_fail_and_deadline() {
    let mut s = poll(CallOptions::default());
    answer(
        &mut s,
        r#"{"task_status":"FAIL","request_id":"r9","error":null}"#,
    );
    let e = s.error();
    assert_eq!(e.message, "The async task failed (task_status FAIL)");
    assert_eq!(e.request_id.as_deref(), Some("r9"));
    assert!(e.body.as_deref().unwrap().contains("FAIL"));

    let mut s = poll(CallOptions {
        timeout_ms: Some(2500.0),
        poll_interval_ms: Some(1000.0),
        ..Default::default()
    });
    for _ in 0..2 {
        assert_eq!(
            answer(&mut s, r#"{"task_status":"PROCESSING"}"#),
            Action::Wait(1000.0)
        );
        s.wait();
    }
    assert_eq!(
        answer(&mut s, r#"{"task_status":"PROCESSING"}"#),
        Action::Wait(500.0)
    );
    s.wait();
    assert_eq!(s.sends.len(), 3, "no retrieve once the deadline has passed");
    assert_eq!(
        s.error().message,
        "The async task did not finish before the polling timeout"
    );
}

#[test]
fn poll_retries_each_retrieve_and_aborts_while_waiting() {
    let mut s = poll(CallOptions {
        poll_interval_ms: Some(1000.0),
        ..Default::default()
    });
    assert!(matches!(s.respond(503, "", no_hints()), Action::Wait(_)));
    s.wait();
    assert_eq!(
        answer(&mut s, r#"{"task_status":"PROCESSING"}"#),
        Action::Wait(1000.0)
    );
    s.now += 300.0;
    s.feed(Event::UserAbort);
    assert_eq!(s.error().kind, ErrorKind::UserAbort);
}

#[test]
fn poll_deadline_while_a_retrieve_is_in_flight() {
    let mut s = poll(CallOptions {
        timeout_ms: Some(1000.0),
        ..Default::default()
    });
    assert_eq!(s.call.deadline_in(0.0), 1000.0);
    s.now = 1000.0;
    s.feed(Event::Deadline);
    assert_eq!(
        s.error().message,
        "The async task did not finish before the polling timeout"
    );
    // A retrieve that takes longer than the client's timeout is that request's timeout.
    let settings = Settings {
        timeout_ms: 100.0,
        ..key()
    };
    let mut s = Sim::start(
        settings,
        "asyncResult.poll",
        Input::Id("t"),
        CallOptions::default(),
    );
    assert_eq!(s.call.deadline_in(0.0), 100.0);
    s.now = 100.0;
    s.feed(Event::Deadline);
    assert_eq!(s.error().message, "Request timed out");
}

#[test]
fn stream_idle_timeout_decisions() {
    // Chunks keep coming: the timer re-arms for what is left of the current read's allowance.
    assert_eq!(idle_step(Some(0.0), 400.0, 1000.0), IdleStep::Rearm(600.0));
    assert_eq!(
        idle_step(Some(900.0), 1000.0, 1000.0),
        IdleStep::Rearm(900.0)
    );
    // A read that has waited the whole allowance times out; no read pending needs no timer.
    assert_eq!(idle_step(Some(0.0), 1000.0, 1000.0), IdleStep::TimedOut);
    assert_eq!(idle_step(None, 99_999.0, 1000.0), IdleStep::Idle);
}

#[test]
fn a_body_past_max_response_bytes_fails_and_names_the_limit() {
    let mut s = Sim::chat(key(), CallOptions::default());
    assert_eq!(s.call.max_body_bytes(), 33_554_432.0, "32 MiB by default");
    s.feed(Event::Head {
        status: 200,
        content_type: "application/json",
    });
    s.feed(Event::BodyTooLarge);
    let e = s.error();
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(
        e.message,
        "The response body is larger than maxResponseBytes (33554432 bytes)"
    );
    assert_eq!((e.status, e.retryable), (Some(200), false));
    assert_eq!(s.sends.len(), 1, "not retried");

    // The call's option wins over the client's; an error body is bounded the same way.
    let settings = Settings {
        max_response_bytes: 1000.0,
        ..key()
    };
    let mut s = Sim::chat(
        settings,
        CallOptions {
            max_response_bytes: Some(10.0),
            ..Default::default()
        },
    );
    assert_eq!(s.call.max_body_bytes(), 10.0);
    assert_eq!(
        s.feed(Event::Head {
            status: 503,
            content_type: "text/html"
        }),
        Action::ReadBody
    );
    s.feed(Event::BodyTooLarge);
    assert_eq!(s.error().status, Some(503));
}
