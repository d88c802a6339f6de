/**
 * zai-mock — a dependency-free mock of the Z.AI HTTP API (Node 20, ES module).
 *
 * Wire behaviour follows ../../../shared/zai-api.md (the spec of the real service); the control interface is
 * docs/MOCK.md. Used by the browser tests, the Node tests and the demo (scripts/dev-server.mjs).
 *
 *   node tests/mock/server.mjs [--port N]    N from --port, else $ZAI_MOCK_PORT, else 4010; 0 = free port
 *   -> prints exactly "zai-mock listening on http://127.0.0.1:N", then stays quiet
 *      (ZAI_MOCK_VERBOSE=1 logs one line per request to stderr). Exits on SIGINT/SIGTERM.
 *
 *   import { createMock } from './server.mjs';
 *   const mock = createMock({ polls, jwtSecrets, verbose });   // all optional
 *   http.createServer((req, res) => mock.handle(req, res) || serveStatic(req, res));
 *   // handle() returns true for /api/..., /s/<scenario>/api/... and /__mock/...; false otherwise.
 *   // mock.log is the live request log (array), mock.reset() clears log, tags and tasks.
 *
 * ROUTES (every /api route also answers under /s/<scenario>/api/...)
 *   POST /api/paas/v4/chat/completions           chat, JSON or SSE (stream:true)
 *   POST /api/coding/paas/v4/chat/completions    the same (GLM Coding Plan base)
 *   POST /api/paas/v4/async/chat/completions     async chat -> task record
 *   POST /api/paas/v4/images/generations         sync image -> {created, data:[{url}], content_filter}
 *   POST /api/paas/v4/async/images/generations   async image -> task record
 *   POST /api/paas/v4/videos/generations         video -> task record
 *   GET  /api/paas/v4/async-result/{id}          PROCESSING for `polls` retrievals, then SUCCESS
 *                                                (video_result / image_result / choices+usage) or FAIL;
 *                                                unknown id -> 404 {"error":{"code":"1214",...}}
 *   POST /api/paas/v4/web_search                 -> {id, created, request_id, search_intent, search_result}
 *   POST /api/paas/v4/files                      multipart upload (filename / RFC 5987 filename*) -> file object
 *                                                (kept until reset for the three routes below)
 *   GET  /api/paas/v4/files?purpose=&limit=&after=&order=   -> {object:"list", data:[file objects], has_more}
 *   DELETE /api/paas/v4/files/{id}               -> {id, object:"file", deleted:true}; unknown id -> 404 1214
 *   GET  /api/paas/v4/files/{id}/content         the uploaded bytes with their content type; unknown id -> 404
 *   GET  /api/paas/v4/models                     -> {object:"list", data:[{id, object:"model", created, owned_by}]}
 *   POST /api/paas/v4/moderations                {model, input: text | [texts] | object} -> {id, created,
 *                                                request_id, result_list:[{content_type, risk_level, risk_type}], usage}
 *   POST /api/paas/v4/batches                    {input_file_id (a stored upload), endpoint, completion_window,
 *                                                metadata} -> Batch (validating); task-fail fails validation
 *   GET  /api/paas/v4/batches/{id}               the Batch, one status step further per retrieve
 *                                                (in_progress, finalizing, completed + output_file_id JSONL)
 *   GET  /api/paas/v4/batches?after=&limit=      -> {object:"list", data, first_id, last_id, has_more}
 *   POST /api/paas/v4/batches/{id}/cancel        no body -> Batch (cancelling, then cancelled); 400 once finished
 *   POST /api/paas/v4/audio/speech               {model, input, voice, response_format wav|pcm, speed, volume}
 *                                                -> audio bytes (audio/wav, audio/pcm: a 440 Hz tone, 10 ms per
 *                                                character); stream:true -> SSE chunks {id, created, model,
 *                                                choices:[{index, delta:{role, content: base64|hex PCM (100 ms
 *                                                each), return_sample_rate, return_format}}]}, a finish_reason
 *                                                chunk, [DONE]
 *   POST /api/paas/v4/audio/customization        multipart {model, input, voice_text, voice_data (file)} -> audio bytes
 *   POST /api/paas/v4/files/parser/create        multipart {file, file_type, tool_type lite|expert|prime} -> {task_id,
 *                                                message, success}
 *   GET  /api/paas/v4/files/parser/result/{task_id}/{text|download_link}   status processing for `polls` reads,
 *                                                then succeeded + content | parsing_result_url (task-fail: failed)
 *   POST /api/paas/v4/files/parser/sync          multipart {file, file_type, tool_type prime-sync} -> the result
 *   POST /api/paas/v4/files/ocr                  multipart {file, tool_type hand_write, language_type, probability}
 *                                                -> {task_id, message, status, words_result_num, words_result}
 *   POST /api/paas/v4/voice/clone                {voice_name, text, input, file_id (stored), model} -> {voice,
 *                                                file_id, file_purpose}
 *   GET  /api/paas/v4/voice/list?voiceType=&voiceName=   -> {voice_list:[...]} (snake_case names -> 400 1214)
 *   POST /api/paas/v4/voice/delete               {voice} -> {voice, update_time}; unknown -> 404 1214
 *   POST /api/paas/v4/embeddings                 deterministic unit vectors (sha256 of the input)
 *   POST /api/paas/v4/tokenizer                  -> {id, created, request_id, usage}
 *   POST /api/paas/v4/reader                     -> {id, created, request_id, model, reader_result}
 *   POST /api/paas/v4/layout_parsing             -> {id, created, model, md_results, layout_details, ...}
 *   POST /api/paas/v4/audio/transcriptions       multipart (or JSON with file_base64); stream:true gives SSE
 *                                                {id, created, model, type:"transcript.text.delta"|
 *                                                "transcript.text.done", delta} then [DONE]
 *   POST /api/v1/agents                          general_translation (JSON/SSE), vidu_template_agent (async:
 *                                                {status:"pending", async_id}), slides_glm_agent (JSON/SSE)
 *   POST /api/v1/agents/async-result             pending for `polls` retrievals, then success (or failed)
 *   POST /api/v1/agents/conversation             slides export (file_url / image_url items)
 *   (the three agent routes are mirrored under /api/paas/v4/v1/agents..., the path the SDKs build)
 *   any other /api path -> 404 {"error":{"code":"1222",...}}; wrong method -> 405, same envelope
 *
 *   GET  /__mock/log[?tag=T][&since=SEQ]         the request log (see docs/MOCK.md)
 *   POST /__mock/reset                           clear log, per-tag counters and tasks
 *   GET  /__mock/scenarios                       this scenario table as JSON
 *   GET  /__mock/health                          {"ok":true}
 *   GET  /__mock/asset/<name>                    placeholder media that result URLs point to (.png = 1x1 PNG)
 *
 * AUTH (every /api route): no Authorization / empty token -> 401 1001; "Bearer invalid.key" -> 401 1002;
 *   a token of three dot-separated parts is an HS256 JWT checked against {"test-id":"test-secret"}
 *   (payload api_key; exp in MILLISECONDS, a seconds value is therefore "expired" -> 401 1003; bad
 *   signature / unknown api_key / other alg -> 401 1002). Any other token is accepted. The "Bearer "
 *   prefix is optional (the TypeScript SDK sends a bare JWT).
 * VALIDATION: missing field -> 400 1213; bad value -> 400 1214 (empty messages: "Input cannot be empty");
 *   model "unknown-model" -> 400 1211; body not JSON -> 400 1210. null counts as absent; unknown fields
 *   are ignored.
 * PRESERVED THINKING (thinking.clear_thinking false): the answer carries reasoning_content
 *   preservedReasoning(n) for turn n (spaces, newlines, a tab, CJK, an emoji); each earlier answer of
 *   the mock in `messages` must carry its turn's reasoning verbatim, else 400 1214 naming the message.
 * CHAT CONTENT is deterministic: reply "Hello! 你好，世界 🌍 How can I help you today?", streamed in
 *   pieces of 3-5 code points. The JSON answer is built by accumulating the very chunks a stream would
 *   send, so both agree on id, content, reasoning_content, tool_calls, finish_reason and usage.
 *
 * SCENARIOS — header `x-mock-scenario: <scenario>` or path prefix /s/<scenario>/api/...
 *   A scenario is one or more groups joined by "+"; a group is "name[=value][;option=value...]". Every
 *   token whose name is a scenario below switches it on; other tokens are options of the scenarios of
 *   the same group (a group of options only applies to every scenario). Values are percent-decoded.
 *   Unknown names -> 400 {"error":{"code":"mock-scenario",...}} so typos never pass silently.
 *   [F] = failure scenario: `fail-times=N` switches it off after N requests of the same tag.
 *
 *   request labelling / pinning
 *   tag=<t>                  log tag (header x-mock-tag wins)
 *   id=<id>                  pin the response / task id (golden-byte tests)
 *   created=<secs>           pin `created`
 *   chat content (chat; agents/transcription use their own text)
 *   reply=<text>             reply text instead of the default
 *   chunks=<N>               long reply of exactly N pieces of mixed ASCII/CJK/emoji (load tests)
 *   u2028                    reply containing U+2028 and U+2029 (raw, as JSON.stringify leaves them)
 *   reasoning                reasoning_content chunks before the answer (Transcript A)
 *   leading-newline          first content chunk is "\n"
 *   tools                    one-shot tool call; finish_reason tool_calls on that chunk AND the usage
 *                            chunk (Transcript B); JSON answer has message.tool_calls
 *   tool-stream              tool_stream fragments (Transcript C): two parallel calls, index 0 and 1
 *                            (both: ;rounds=N (default 1): like a model, calls tools until the
 *                            messages hold N answered rounds of calls, then answers in text naming
 *                            the tool results; ;bad=json|schema: the first round's first call has
 *                            arguments that do not parse / do not fit the schema)
 *   finish=<reason>          final finish_reason: length | sensitive | network_error | ...
 *   async tasks
 *   polls=<N>                PROCESSING / pending for the first N retrievals (default 2)
 *   task-fail           [F]  the task ends in FAIL (agents: status failed)
 *   whole-response failures (answered before auth and routing)
 *   drop-before-headers [F]  destroy the socket without any response
 *   hang-headers        [F]  never answer (the socket stays open)
 *   html-502            [F]  502, text/html body of an edge proxy
 *   status=<http>       [F]  ;code=<biz> ;message=<text>: error envelope, realistic message (zai-api.md §10);
 *                            code defaults by status (400 1210, 401 1002, 404 1222, 429 1302, 503 1305, else 500)
 *   error=<biz>         [F]  ;message=<text>: like status, the HTTP status taken from the code (1302 -> 429)
 *   json-error-200      [F]  ;code=<biz> (default 1113): HTTP 200 application/json error envelope
 *   endless-json        [F]  ;http=<status> (default 200): a JSON body that never ends (until the client leaves)
 *   gzip-bomb           [F]  ;mib=<N> (default 256): content-encoding gzip, inflating to N MiB
 *   in-stream failures (SSE answers only)
 *   stream-error        [F]  ;code= (default 1302): after 2 chunks `event: error` + {"error":...,
 *                            "request_id"} then data: [DONE]
 *   stream-error-bare   [F]  ;code= (default 1113): the same without the event: line and request_id
 *   malformed-chunk     [F]  an extra event with truncated JSON after the first chunk
 *   no-done                  clean EOF without data: [DONE]
 *   big-line            [F]  ;bytes=N (default 1048576): the whole body is one data line of N bytes,
 *                            no newline, then a clean close
 *   SSE framing
 *   crlf / cr                line endings \r\n / \r
 *   comments                 a ": keep-alive" comment block before every event
 *   bom                      UTF-8 BOM at the start of the body
 *   multiline                each JSON payload split over several data: lines at its structural commas
 *   no-final-blank           the body ends right after the last line terminator (no blank line)
 *   sse-ids                  an `id: <n>` line in every event
 *   transport (any answer, JSON too)
 *   wait=<ms>                pause before the response headers
 *   split               ;bytes=N (default 1): write the body in N-byte pieces (cutting UTF-8 characters),
 *                            one event-loop turn between writes
 *   delay               ;ms=N (default 50): pause before every write
 *   drip                ;ms=N (default 1000): the same, slower defaults (a slow model)
 *   stream-drop         [F]  ;after=N (default 2): destroy the socket after N events, before [DONE]
 *                            (a JSON answer is cut in half)
 *   drop-mid-utf8       [F]  destroy the socket right after the first byte of the first multi-byte character
 *   hang-body           [F]  send headers and the first event (half of a JSON body), then go silent
 *   response headers (error responses only, status >= 400)
 *   retry-after=<s>          Retry-After header (default 1)
 *   retry-after-ms=<n>       retry-after-ms header (default 1000)
 *   should-retry=<bool>      x-should-retry header (default true)
 *   fail-times=<N>           the [F] scenarios apply to the first N requests carrying the same tag only
 *                            (counted per tag; OPTIONS not counted); later ones succeed normally
 *   CORS
 *   cors-broken              OPTIONS -> 200 without Access-Control-* headers (zai-api.md A.5), and no
 *                            Access-Control-* headers on any response
 */
import http from 'node:http';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

// ------------------------------------------------------------------------------------------------
// Fixed content and tables
// ------------------------------------------------------------------------------------------------

export const DEFAULT_REPLY = 'Hello! 你好，世界 🌍 How can I help you today?';
const REASONING_TEXT = 'The user greets me. 用户在打招呼，我应该友好地回复。';
const TOOL_REASONING = 'Need the weather tool.';
/**
 * Preserved thinking (`thinking.clear_thinking: false`): the reasoning of turn `n` (1-based: the
 * mock's earlier assistant messages in the request, plus one). Leading/trailing spaces, newlines,
 * a tab, CJK and an emoji: trimming or re-encoding it breaks the check in `checkPreserved`.
 */
export const preservedReasoning = (n) => `  \nTurn ${n} (zai-mock preserved thinking): 先想一想 🤔\tkeep me verbatim.  \n`;
const U2028_REPLY = 'Line\u2028separator and\u2029paragraph separator, 你好 🌍';
// Pieces for `chunks=N`: each at most 5 code points, mixing 1-, 3- and 4-byte UTF-8.
const LOAD_WORDS = ['Lorem', ' ipsum', ' 你好', '世界 ', '🌍 ', 'dolor', ' 数据流', ' 🚀', ' sit', ' amet', ', 测试', ' 😀👍'];
const TRANSCRIPT = '你好，这是一段测试录音。Hello, this is a test recording.';
const PIECE_SIZES = [3, 5, 4]; // stream piece lengths in code points, used in rotation
const DONE = '[DONE]';
const DEFAULT_POLLS = 2;
const JWT_SECRETS = { 'test-id': 'test-secret' };
const INVALID_KEYS = new Set(['invalid.key']);
const EXPOSED_HEADERS = 'x-request-id, retry-after, retry-after-ms, x-should-retry';
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, accept, accept-language, x-mock-scenario, x-mock-tag';
const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const CHAT_RANGES = { temperature: [0, 1], top_p: [0.01, 1], max_tokens: [1, 131072] };
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

// Business code -> [HTTP status, message]. Messages are the real service's English wording where
// known (zai-api.md §10); {reset} becomes a Beijing-time timestamp five hours from now.
const ERRORS = {
  500: [500, 'Internal server error, please try again later.'],
  1000: [401, 'Authentication failed.'],
  1001: [401, 'Authentication parameter not received in Header, unable to authenticate.'],
  1002: [401, 'Authorization Token is invalid, please ensure that the Authorization Token is correctly provided.'],
  1003: [401, 'Authorization Token has expired, please regenerate the Authorization Token.'],
  1004: [401, 'Authentication failed with the provided Authorization Token.'],
  1113: [429, 'Insufficient balance or no resource package. Please recharge.'],
  1210: [400, 'Invalid API parameters, please check the documentation.'],
  1211: [400, 'Unknown Model, please check the model code.'],
  1212: [400, 'The current model does not support this calling method.'],
  1213: [400, 'A required parameter was not received properly.'],
  1214: [400, 'Input cannot be empty'],
  1220: [403, 'You do not have permission to access this API.'],
  1222: [404, 'The requested API does not exist.'],
  1234: [500, 'Network error, please contact customer service.'],
  1261: [400, 'Prompt exceeds max length'],
  1301: [400, 'System detected potentially unsafe or sensitive content in input or generation. Please avoid using prompts that may generate sensitive content. Thank you for your cooperation.'],
  1302: [429, 'High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits'],
  1303: [429, 'High frequency usage of this API, please reduce frequency or contact customer service to increase limits'],
  1304: [429, 'The daily call limit for this API has been reached. You can purchase a resource package or contact customer service to increase limits.'],
  1305: [429, 'The service may be temporarily overloaded, please try again later'],
  1308: [429, 'Usage limit reached for 5 hour. Your limit will reset at {reset}'],
  1309: [429, 'Your GLM Coding Plan package has expired and is temporarily unavailable.'],
  1310: [429, 'Weekly/Monthly Limit Exhausted. Your limit will reset at {reset}'],
};
// The business code a bare `status=<http>` scenario uses.
const CODE_FOR_STATUS = { 400: '1210', 401: '1002', 403: '1220', 404: '1222', 429: '1302', 503: '1305' };

function errorMessage(code) {
  const known = ERRORS[code];
  return known ? known[1].replace('{reset}', beijingTime(Date.now() + 5 * 3600e3)) : `Error ${code}`;
}

/** An error answered as a JSON envelope; `agentId` selects the agents' {"status":"failed"} shape. */
class ApiError extends Error {
  constructor(status, code, message = errorMessage(code), { agentId, headers } = {}) {
    super(message);
    Object.assign(this, { status, code: String(code), agentId, headers });
  }
}
const missing = (field, opts) => new ApiError(400, '1213', `The ${field} parameter was not received properly.`, opts);
const invalid = (field, opts) =>
  new ApiError(400, '1214', `The parameter ${field} is invalid. Please check the documentation.`, opts);

// ------------------------------------------------------------------------------------------------
// Small helpers
// ------------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise((resolve) => setImmediate(resolve));
const nowSec = () => Math.floor(Date.now() / 1000);
const hex = (bytes) => randomBytes(bytes).toString('hex');
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const asString = (v) => (typeof v === 'string' ? v : undefined);

/** "YYYY-MM-DD HH:MM:SS" in Beijing time (UTC+8): the service's ids and reset times use it. */
function beijingTime(ms = Date.now()) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
}
const stamp14 = () => beijingTime().replace(/\D/g, '');
/** Chat-style id, e.g. 2025081814023662804f889e1d4242: 14-digit timestamp + 16 hex. */
const chatId = () => stamp14() + hex(8);
/** Numeric ids like the video/image task ids (19 digits, no leading zero). */
const digits = (n) => String(1 + (randomBytes(1)[0] % 9)) + Array.from(randomBytes(n - 1), (b) => b % 10).join('');

/** Crude but deterministic token estimate: ~4 code points per token. */
const countTokens = (text) => Math.max(1, Math.ceil(Array.from(String(text)).length / 4));

/** Split text into stream pieces of PIECE_SIZES code points; a surrogate pair is never cut. */
function splitPieces(text, sizes = PIECE_SIZES) {
  const chars = Array.from(text);
  const out = [];
  for (let i = 0, k = 0; i < chars.length; k++) {
    const n = sizes[k % sizes.length];
    out.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}
const loadPieces = (n) => Array.from({ length: Math.max(0, n) }, (_, i) => LOAD_WORDS[i % LOAD_WORDS.length]);

function usageFor(promptTokens, generatedText) {
  const completion = countTokens(generatedText);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: 0 },
  };
}

/** The text of the last user message (string content or the first text part). */
function userText(messages) {
  const user = [...(Array.isArray(messages) ? messages : [])].reverse().find((m) => m?.role === 'user');
  if (typeof user?.content === 'string') return user.content;
  const part = Array.isArray(user?.content) ? user.content.find((p) => p?.type === 'text') : undefined;
  return typeof part?.text === 'string' ? part.text : '';
}

function percentDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a literal "%" that is not an escape
  }
}

// ------------------------------------------------------------------------------------------------
// Scenario table
//
// One entry per scenario. The hooks (all optional) run in TABLE order within a phase, each getting
// its own options reader `o` as the last argument:
//   gate(ctx, o)                 before the response is chosen; may switch failure scenarios off
//   preflight(ctx, o)            answer an OPTIONS preflight (first active one wins)
//   respond(ctx, o)              answer the whole request instead of the route (first one wins)
//   plan(plan, ctx, o)           shape the chat answer: content, reasoning, tool calls, finish_reason
//   events(events, ctx, o)       edit the SSE event list in place (errors, missing [DONE], ...)
//   format(fmt, ctx, o)          SSE framing: line ends, comments, BOM, multi-line data, ids
//   transport(tp, ctx, o)        how the bytes go out: waits, piece size, where to drop or hang
//   headers(h, ctx, status, o)   last edit of the response headers
// `failure: true` marks what `fail-times` switches off; `value`/`options` document the arguments.
// ------------------------------------------------------------------------------------------------

/** The options of the tool-calling scenarios (`planTools`). */
const TOOL_OPTIONS = {
  rounds: 'answered rounds of tool calls before a text answer (default 1)',
  bad: 'json | schema: the first round\'s first call has arguments that do not parse / do not fit',
};

/** `gzip-bomb` bodies by size (compressing hundreds of MiB once is enough). */
const GZIP_BOMBS = new Map();

/** A `headers` hook that only touches error answers (status >= 400). */
const onError = (fn) => (h, ctx, status, o) => status >= 400 && fn(h, o);

export const SCENARIOS = {
  // --- request labelling / pinning (read when the request context is built)
  tag: { value: '<t>', doc: 'log tag for the request (header x-mock-tag wins)' },
  id: { value: '<id>', doc: 'pin the response / task id' },
  created: { value: '<secs>', doc: 'pin `created` (unix seconds)' },

  // --- chat content
  reply: {
    value: '<text>',
    doc: 'reply text instead of the default',
    plan: (plan, ctx, o) => {
      if (o.value !== undefined) plan.content = splitPieces(o.value);
    },
  },
  chunks: {
    value: 'N',
    doc: 'long reply of exactly N pieces of mixed ASCII/CJK/emoji',
    plan: (plan, ctx, o) => {
      plan.content = loadPieces(o.int('chunks', 100));
    },
  },
  u2028: {
    doc: 'reply containing raw U+2028 / U+2029',
    plan: (plan) => {
      plan.content = splitPieces(U2028_REPLY);
    },
  },
  reasoning: {
    doc: 'reasoning_content chunks before the answer (Transcript A)',
    plan: (plan) => {
      plan.reasoning = splitPieces(REASONING_TEXT);
    },
  },
  'leading-newline': {
    doc: 'first content chunk is "\\n"',
    plan: (plan) => {
      plan.content.unshift('\n');
    },
  },
  tools: {
    options: TOOL_OPTIONS,
    doc: 'one-shot tool call, finish_reason tool_calls twice (Transcript B); ;rounds=N ;bad=json|schema',
    plan: (plan, ctx, o) => planTools(plan, ctx, o, 'oneshot', 1),
  },
  'tool-stream': {
    options: TOOL_OPTIONS,
    doc: 'tool_stream argument fragments, two parallel calls (Transcript C); ;rounds=N ;bad=json|schema',
    plan: (plan, ctx, o) => {
      if (!plan.reasoning.length) plan.reasoning = [TOOL_REASONING];
      planTools(plan, ctx, o, 'stream', 2);
    },
  },
  finish: {
    value: 'length|sensitive|network_error|...',
    doc: 'final finish_reason',
    plan: (plan, ctx, o) => {
      if (o.value !== undefined) plan.finishReason = o.value;
    },
  },

  // --- async tasks (read when a task is created)
  polls: { value: 'N', doc: 'PROCESSING / pending for the first N retrievals (default 2)' },
  'task-fail': { failure: true, doc: 'async task ends in FAIL (agents: status failed)' },

  // --- whole-response failures
  'drop-before-headers': {
    failure: true,
    doc: 'destroy the socket without any response',
    respond: (ctx) => {
      ctx.dropped = true;
      ctx.req.socket.destroy();
    },
  },
  'hang-headers': {
    failure: true,
    doc: 'never answer; the socket stays open',
    respond: () => {},
  },
  'html-502': {
    failure: true,
    doc: '502 with an HTML body (content-type text/html)',
    respond: (ctx) => sendBody(ctx, 502, { 'content-type': 'text/html', 'content-length': HTML_502.length }, [Buffer.from(HTML_502)]),
  },
  status: {
    failure: true,
    value: '<http status>',
    options: { code: 'business code', message: 'error.message' },
    doc: 'error envelope with that status',
    respond: (ctx, o) => {
      const status = o.int('status', 500);
      const code = o.str('code', CODE_FOR_STATUS[status] ?? '500');
      return sendApiError(ctx, new ApiError(status, code, o.str('message', errorMessage(code))));
    },
  },
  error: {
    failure: true,
    value: '<business code>',
    options: { message: 'error.message' },
    doc: 'error envelope, HTTP status from the code (1302 -> 429)',
    respond: (ctx, o) => {
      const code = o.str('error', '500');
      return sendApiError(ctx, new ApiError(ERRORS[code]?.[0] ?? 400, code, o.str('message', errorMessage(code))));
    },
  },
  'endless-json': {
    failure: true,
    options: { http: 'HTTP status (default 200)' },
    doc: 'a JSON body that never ends (64 KiB writes until the client leaves; the mock stops at 1 GiB)',
    respond: async (ctx, o) => {
      writeHead(ctx, o.int('http', 200), { 'content-type': 'application/json' });
      const piece = Buffer.alloc(65536, 0x61);
      await write(ctx.res, Buffer.from('{"id":"' + ctx.id + '","pad":"'));
      for (let sent = 0; sent < 1 << 30 && !ctx.res.destroyed; sent += piece.length) {
        await write(ctx.res, piece);
      }
      ctx.res.destroy();
    },
  },
  'gzip-bomb': {
    failure: true,
    options: { mib: 'decompressed size in MiB (default 256)' },
    doc: 'HTTP 200 content-encoding: gzip whose body inflates to N MiB of JSON-looking text',
    respond: (ctx, o) => {
      const mib = Math.min(o.int('mib', 256), 1024);
      let bomb = GZIP_BOMBS.get(mib);
      if (!bomb) {
        bomb = gzipSync(Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(mib << 20, 0x61)]), { level: 9 });
        GZIP_BOMBS.set(mib, bomb);
      }
      return sendBody(ctx, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length }, [bomb]);
    },
  },
  'json-error-200': {
    failure: true,
    options: { code: 'business code (default 1113)' },
    doc: 'HTTP 200 application/json error envelope (also for stream:true)',
    respond: (ctx, o) => {
      const code = o.str('code', '1113');
      return sendJson(ctx, 200, { error: { code, message: o.str('message', errorMessage(code)) } });
    },
  },

  // --- in-stream failures
  'stream-error': {
    failure: true,
    options: { code: 'business code (default 1302)' },
    doc: 'after 2 chunks: event: error + error payload, then [DONE]',
    events: (events, ctx, o) => {
      const code = o.str('code', '1302');
      const error = { error: { code, message: errorMessage(code) }, request_id: ctx.id };
      events.splice(2, Infinity, { event: 'error', data: error }, { data: DONE });
    },
  },
  'stream-error-bare': {
    failure: true,
    options: { code: 'business code (default 1113)' },
    doc: 'after 2 chunks: bare data: {"error":...}, then [DONE]',
    events: (events, ctx, o) => {
      const code = o.str('code', '1113');
      events.splice(2, Infinity, { data: { error: { code, message: errorMessage(code) } } }, { data: DONE });
    },
  },
  'malformed-chunk': {
    failure: true,
    doc: 'an extra event with truncated JSON after the first chunk',
    events: (events) => {
      const first = events[0]?.data;
      const json = isObject(first) ? JSON.stringify(first) : '{"broken":true}';
      events.splice(1, 0, { data: json.slice(0, Math.max(1, json.length - 7)) });
    },
  },
  'no-done': {
    doc: 'clean EOF without data: [DONE]',
    events: (events) => {
      if (events.at(-1)?.data === DONE) events.pop();
    },
  },
  'big-line': {
    failure: true,
    options: { bytes: 'line length (default 1048576)' },
    doc: 'one data line of N bytes, no newline, then close',
    events: (events, ctx, o) => {
      const size = o.int('bytes', 1 << 20);
      const head = `data: {"id":"${ctx.id}","created":${ctx.created},"choices":[{"index":0,"delta":{"role":"assistant","content":"`;
      const line = head.length >= size ? head.slice(0, size) : head + 'a'.repeat(size - head.length);
      events.splice(0, Infinity, { raw: line });
    },
  },

  // --- SSE framing
  crlf: { doc: 'CRLF line endings', format: (fmt) => Object.assign(fmt, { eol: '\r\n' }) },
  cr: { doc: 'CR line endings', format: (fmt) => Object.assign(fmt, { eol: '\r' }) },
  comments: { doc: '": keep-alive" comment blocks between events', format: (fmt) => Object.assign(fmt, { comments: true }) },
  bom: { doc: 'UTF-8 BOM at the start of the body', format: (fmt) => Object.assign(fmt, { bom: true }) },
  multiline: { doc: 'JSON payloads split over several data: lines', format: (fmt) => Object.assign(fmt, { multiline: true }) },
  'no-final-blank': { doc: 'no blank line after the last event', format: (fmt) => Object.assign(fmt, { finalBlank: false }) },
  'sse-ids': { doc: 'an id: line in every event', format: (fmt) => Object.assign(fmt, { ids: true }) },

  // --- transport
  wait: {
    value: '<ms>',
    doc: 'pause before the response headers',
    transport: (tp, ctx, o) => Object.assign(tp, { waitMs: o.int('wait', 1000) }),
  },
  split: {
    options: { bytes: 'piece size (default 1)' },
    doc: 'write the body in N-byte pieces',
    transport: (tp, ctx, o) => Object.assign(tp, { pieceSize: Math.max(1, o.int('bytes', 1)) }),
  },
  delay: {
    options: { ms: 'pause (default 50)' },
    doc: 'pause before every write',
    transport: (tp, ctx, o) => Object.assign(tp, { gapMs: o.int('ms', 50) }),
  },
  drip: {
    options: { ms: 'pause (default 1000)' },
    doc: 'slow drip: long pause before every write',
    transport: (tp, ctx, o) => Object.assign(tp, { gapMs: o.int('ms', 1000) }),
  },
  'stream-drop': {
    failure: true,
    options: { after: 'events before the drop (default 2)' },
    doc: 'destroy the socket after N events, before [DONE]',
    transport: (tp, ctx, o) => Object.assign(tp, { cut: { events: o.int('after', 2) }, ending: 'destroy' }),
  },
  'drop-mid-utf8': {
    failure: true,
    doc: 'destroy the socket inside a multi-byte character',
    transport: (tp) => Object.assign(tp, { cut: { midUtf8: true }, ending: 'destroy' }),
  },
  'hang-body': {
    failure: true,
    doc: 'headers and the first event, then silence',
    transport: (tp) => Object.assign(tp, { cut: { events: 1 }, ending: 'hang' }),
  },

  // --- response headers of error answers
  'retry-after': {
    value: '<seconds>',
    doc: 'Retry-After header on errors',
    headers: onError((h, o) => (h['retry-after'] = o.str('retry-after', '1'))),
  },
  'retry-after-ms': {
    value: '<ms>',
    doc: 'retry-after-ms header on errors',
    headers: onError((h, o) => (h['retry-after-ms'] = o.str('retry-after-ms', '1000'))),
  },
  'should-retry': {
    value: 'true|false',
    doc: 'x-should-retry header on errors',
    headers: onError((h, o) => (h['x-should-retry'] = o.str('should-retry', 'true'))),
  },
  'fail-times': {
    value: 'N',
    doc: 'failure scenarios apply to the first N requests of a tag only',
    gate: (ctx, o) => {
      const seen = (ctx.mock.failCounts.get(ctx.tag) ?? 0) + 1;
      ctx.mock.failCounts.set(ctx.tag, seen);
      if (seen > o.int('fail-times', 1)) ctx.scenario.suppressFailures();
    },
  },

  // --- CORS
  'cors-broken': {
    doc: 'OPTIONS 200 without Access-Control-* headers; none on other answers either',
    preflight: (ctx) => {
      writeHead(ctx, 200, { vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' });
      ctx.res.end();
    },
    headers: (h) => {
      for (const name of Object.keys(h)) if (name.startsWith('access-control-')) delete h[name];
    },
  },
};

const KNOWN_OPTIONS = new Set(Object.values(SCENARIOS).flatMap((s) => Object.keys(s.options ?? {})));

/** A parsed `x-mock-scenario` value; see the file header for the grammar. */
class Scenario {
  constructor(text) {
    this.text = text;
    this.active = new Map(); // scenario name -> the token map of its group
    this.loose = new Map(); // options from groups that name no scenario: they apply to all
    this.unknown = [];
    for (const group of text.split('+')) {
      const tokens = new Map();
      for (const token of group.split(';')) {
        if (!token.trim()) continue;
        const eq = token.indexOf('=');
        const key = (eq < 0 ? token : token.slice(0, eq)).trim().toLowerCase();
        tokens.set(key, eq < 0 ? true : percentDecode(token.slice(eq + 1).trim()));
      }
      const names = [...tokens.keys()].filter((k) => Object.hasOwn(SCENARIOS, k));
      for (const name of names) this.active.set(name, tokens);
      if (!names.length) for (const [k, v] of tokens) this.loose.set(k, v);
      for (const k of tokens.keys()) if (!Object.hasOwn(SCENARIOS, k) && !KNOWN_OPTIONS.has(k)) this.unknown.push(k);
    }
  }

  has(name) {
    return this.active.has(name);
  }

  /** Options reader for one scenario: its own group first, then loose options. */
  options(name) {
    const own = this.active.get(name) ?? new Map();
    const get = (key) => (own.has(key) ? own.get(key) : this.loose.get(key));
    const str = (key, fallback) => asString(get(key)) ?? fallback;
    const int = (key, fallback) => {
      const n = Number(str(key, ''));
      return str(key, '') !== '' && Number.isFinite(n) ? Math.trunc(n) : fallback;
    };
    return { value: asString(own.get(name)), str, int };
  }

  /** Active scenarios that define `phase`, in table order. */
  *entries(phase) {
    for (const [name, def] of Object.entries(SCENARIOS)) if (def[phase] && this.active.has(name)) yield [name, def];
  }

  run(phase, ...args) {
    for (const [name, def] of this.entries(phase)) def[phase](...args, this.options(name));
  }

  /** The first active hook of `phase`, bound to its options, or null. */
  first(phase) {
    for (const [name, def] of this.entries(phase)) return (...args) => def[phase](...args, this.options(name));
    return null;
  }

  suppressFailures() {
    for (const [name, def] of Object.entries(SCENARIOS)) if (def.failure) this.active.delete(name);
  }
}

// ------------------------------------------------------------------------------------------------
// Writing responses: headers, SSE framing, transport
// ------------------------------------------------------------------------------------------------

function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

function writeHead(ctx, status, headers) {
  const h = { 'x-request-id': ctx.id, ...corsHeaders(ctx.req), ...headers };
  ctx.scenario.run('headers', h, ctx, status);
  if (ctx.entry) ctx.entry.status = status;
  ctx.res.writeHead(status, h);
}

/** Resolve once `buf` is handed to the kernel (or the connection is gone). */
function write(res, buf) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(buf, done);
  });
}

/** How many body bytes are written before a drop/hang (`cut` from a transport scenario). */
function cutOffset(cut, frames, total, streaming) {
  if (!cut) return total;
  if (cut.midUtf8) {
    const body = Buffer.concat(frames);
    const lead = body.findIndex((b) => b >= 0xc0); // lead byte of a multi-byte character
    return lead >= 0 ? lead + 1 : Math.floor(total / 2);
  }
  if (!streaming) return Math.floor(total / 2);
  const keep = Math.min(cut.events, frames.length - 1); // never reach the last event ([DONE])
  return frames.slice(0, Math.max(0, keep)).reduce((n, f) => n + f.length, 0);
}

/** The writes: one per frame (an SSE event), or fixed-size pieces with `split`. */
function writePieces(frames, limit, pieceSize) {
  const body = Buffer.concat(frames).subarray(0, limit);
  const out = [];
  if (pieceSize > 0) {
    for (let i = 0; i < body.length; i += pieceSize) out.push(body.subarray(i, i + pieceSize));
    return out;
  }
  let start = 0;
  for (const frame of frames) {
    if (start >= body.length) break;
    out.push(body.subarray(start, Math.min(start + frame.length, body.length)));
    start += frame.length;
  }
  return out;
}

/**
 * Send status, headers and body frames through the transport scenarios. Every answer (JSON, SSE,
 * errors) goes through here, so `split`, `delay`, drops and hangs work everywhere.
 */
async function sendBody(ctx, status, headers, frames) {
  const tp = { waitMs: 0, pieceSize: 0, gapMs: 0, cut: null, ending: 'end' };
  ctx.scenario.run('transport', tp, ctx);
  if (tp.waitMs) await sleep(tp.waitMs);
  if (ctx.res.destroyed) return;
  writeHead(ctx, status, headers);
  const total = frames.reduce((n, f) => n + f.length, 0);
  const pieces = writePieces(frames, cutOffset(tp.cut, frames, total, ctx.streaming), tp.pieceSize);
  for (const piece of pieces) {
    // A pause or at least one event-loop turn between writes, so pieces leave as separate writes.
    await (tp.gapMs ? sleep(tp.gapMs) : tick());
    if (ctx.res.destroyed) return; // the client went away
    await write(ctx.res, piece);
  }
  if (tp.ending === 'destroy') {
    // Chromium delivers body bytes and a connection error on separate channels: bytes written
    // just before the destroy can lose the race and never reach the reader. A server that dies
    // a moment after its last write is just as real, and the bytes before the cut always arrive.
    await sleep(50);
    ctx.dropped = true;
    ctx.res.destroy();
  } else if (tp.ending === 'end') {
    ctx.res.end();
  } // 'hang': leave the socket open; the server's closeAllConnections() ends it
}

function sendJson(ctx, status, value, headers = {}) {
  const body = Buffer.from(JSON.stringify(value));
  return sendBody(ctx, status, { 'content-type': 'application/json', 'content-length': body.length, ...headers }, [body]);
}

function sendApiError(ctx, err) {
  const error = { code: err.code, message: err.message };
  const body = err.agentId !== undefined ? { status: 'failed', agent_id: err.agentId, error } : { error };
  return sendJson(ctx, err.status, body, err.headers);
}

/** Split JSON text after each comma outside strings; joined with "\n" it is the same value. */
function splitAtCommas(json) {
  const lines = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',') {
      lines.push(json.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(json.slice(start));
  return lines;
}

/** Events ({data, event?} or {raw}) -> one Buffer per event, following the framing options. */
function frameEvents(events, fmt) {
  const { eol } = fmt;
  return events.map((ev, i) => {
    let text = i === 0 && fmt.bom ? '\uFEFF' : '';
    if (ev.raw !== undefined) return Buffer.from(text + ev.raw);
    if (fmt.comments) text += `: keep-alive${eol}${eol}`;
    if (fmt.ids) text += `id: ${i + 1}${eol}`;
    if (ev.event) text += `event: ${ev.event}${eol}`;
    const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
    for (const line of fmt.multiline ? splitAtCommas(data) : [data]) text += `data: ${line}${eol}`;
    if (fmt.finalBlank || i < events.length - 1) text += eol;
    return Buffer.from(text);
  });
}

/** Answer with an SSE stream: payload objects, then [DONE]; the event/format scenarios apply. */
function sendEvents(ctx, payloads) {
  ctx.streaming = true;
  const events = [...payloads.map((data) => ({ data })), { data: DONE }];
  ctx.scenario.run('events', events, ctx);
  const fmt = { eol: '\n', comments: false, bom: false, multiline: false, finalBlank: true, ids: false };
  ctx.scenario.run('format', fmt, ctx);
  return sendBody(ctx, 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, frameEvents(events, fmt));
}

// ------------------------------------------------------------------------------------------------
// Authentication
// ------------------------------------------------------------------------------------------------

function authenticate(header, secrets) {
  const token = (header ?? '').replace(/^\s*bearer\s*/i, '').trim();
  if (!token) throw new ApiError(401, '1001');
  if (INVALID_KEYS.has(token)) throw new ApiError(401, '1002');
  if (token.split('.').length === 3) verifyJwt(token, secrets);
}

/** HS256 JWT as the SDKs sign it (zai-api.md A.3): payload api_key, exp in milliseconds. */
function verifyJwt(token, secrets) {
  const [head, body, signature] = token.split('.');
  let header, payload;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(401, '1002');
  }
  const secret = secrets[payload?.api_key];
  if (header?.alg !== 'HS256' || typeof secret !== 'string') throw new ApiError(401, '1002');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new ApiError(401, '1002');
  if (typeof payload.exp !== 'number' || payload.exp <= Date.now()) throw new ApiError(401, '1003');
}

// ------------------------------------------------------------------------------------------------
// Request bodies: JSON and multipart/form-data
// ------------------------------------------------------------------------------------------------

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks))); // client gave up mid-upload
    req.on('error', reject);
  });
}

function tryJson(raw) {
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The JSON object body of a request, or 400 1210. */
function jsonBody(ctx) {
  if (!isObject(ctx.json)) throw new ApiError(400, '1210', 'The request body must be a JSON object.');
  return ctx.json;
}

/**
 * Content-Disposition parameters. `filename*` (RFC 5987, e.g. UTF-8''%E6%8A%A5.txt) wins over
 * `filename`. In `filename`, browsers send raw UTF-8 and escape `"`, CR, LF as %22, %0D, %0A
 * (WHATWG); curl uses backslash escapes. Both are undone.
 */
function parseDisposition(value) {
  const params = {};
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2] : m[3].trim();
  const plain = params.filename
    ?.replace(/\\(["\\])/g, '$1')
    .replace(/%22/gi, '"')
    .replace(/%0d/gi, '\r')
    .replace(/%0a/gi, '\n');
  const ext = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(params['filename*'] ?? '');
  const extended = ext && decodeExtValue(ext[1], ext[2]);
  return { name: params.name?.replace(/\\(["\\])/g, '$1') ?? null, filename: extended ?? plain ?? null };
}

function decodeExtValue(charset, value) {
  if (/^utf-8$/i.test(charset)) return percentDecode(value);
  if (/^iso-8859-1$/i.test(charset)) return value.replace(/%([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return null;
}

/** Parse a multipart/form-data body into [{name, filename, contentType, data}]. */
function parseMultipart(raw, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) return [];
  const delimiter = Buffer.from(`\r\n--${m[1] ?? m[2]}`);
  const body = Buffer.concat([Buffer.from('\r\n'), raw]); // so the first delimiter also has its CRLF
  const parts = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    const lineEnd = body.indexOf('\r\n', pos); // skip transport padding
    if (lineEnd < 0) break;
    const headStart = lineEnd + 2;
    const headEnd = body.subarray(headStart, headStart + 2).toString() === '\r\n' ? headStart : body.indexOf('\r\n\r\n', headStart);
    const next = headEnd < 0 ? -1 : body.indexOf(delimiter, headEnd);
    if (next < 0) break;
    const headers = parsePartHeaders(body.subarray(headStart, headEnd).toString('utf8'));
    const dataStart = headEnd === headStart ? headStart + 2 : headEnd + 4;
    parts.push({ ...parseDisposition(headers['content-disposition'] ?? ''), contentType: headers['content-type'] ?? null, data: body.subarray(dataStart, next) });
    pos = next;
  }
  return parts;
}

function parsePartHeaders(text) {
  const headers = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A part as logged: metadata, plus its text when it is small valid UTF-8. */
function describePart({ name, filename, contentType, data }) {
  const out = { name, filename, contentType, size: data.length };
  if (data.length <= 65536) {
    try {
      out.text = utf8.decode(data);
    } catch {
      // binary: no text
    }
  }
  return out;
}

/** Multipart fields as {name: text} and files as {name: part}; a JSON body counts as fields. */
function formFields(ctx) {
  if (!ctx.parts) return { fields: isObject(ctx.json) ? ctx.json : {}, files: {} };
  const fields = {};
  const files = {};
  for (const part of ctx.parts) {
    if (part.filename !== null) files[part.name] ??= part;
    else fields[part.name] ??= part.data.toString('utf8');
  }
  return { fields, files };
}

// ------------------------------------------------------------------------------------------------
// Validation shared by the routes (null counts as absent)
// ------------------------------------------------------------------------------------------------

function need(body, field, opts) {
  const v = body[field];
  if (v === undefined || v === null || v === '') throw missing(field, opts);
  return v;
}

function needModel(body, opts) {
  const model = need(body, 'model', opts);
  if (typeof model !== 'string') throw invalid('model', opts);
  if (model === 'unknown-model') throw new ApiError(400, '1211', undefined, opts);
  return model;
}

function validateChat(body) {
  const model = needModel(body);
  const { messages } = body;
  if (messages === undefined || messages === null) throw missing('messages');
  if (!Array.isArray(messages)) throw invalid('messages');
  if (messages.length === 0) throw new ApiError(400, '1214', 'Input cannot be empty');
  messages.forEach((m, i) => {
    if (!isObject(m) || !CHAT_ROLES.has(m.role)) throw invalid(`messages[${i}].role`);
  });
  if (!messages.some((m) => m.role === 'user' || m.role === 'tool')) throw invalid('messages');
  if (body.stream != null && typeof body.stream !== 'boolean') throw invalid('stream');
  for (const [field, [lo, hi]] of Object.entries(CHAT_RANGES)) {
    const v = body[field];
    if (v != null && !(typeof v === 'number' && v >= lo && v <= hi)) throw invalid(field);
  }
  if (body.thinking?.type === 'disabled' && model.startsWith('glm-5.3')) {
    throw new ApiError(400, '1210', 'This model always engages in thinking and cannot be disabled; please use low, high, or max');
  }
  checkPreserved(body);
}

/**
 * The mock's own earlier answers among `messages`: an assistant message whose content is the
 * default reply, whose reasoning is preserved reasoning of the mock, or whose tool call ids are
 * the mock's (`call_<response id>_<n>`).
 */
function mockAnswers(messages) {
  return (Array.isArray(messages) ? messages : []).flatMap((m, i) => m?.role === 'assistant' && (
    m.content === DEFAULT_REPLY ||
    (typeof m.reasoning_content === 'string' && m.reasoning_content.includes('(zai-mock preserved thinking)')) ||
    (Array.isArray(m.tool_calls) && m.tool_calls.some((c) => /^call_.+_\d+$/.test(c?.id)))
  ) ? [[m, i]] : []);
}

/**
 * Preserved thinking (`thinking.clear_thinking: false`) needs every earlier turn's reasoning back,
 * verbatim and in order: the k-th answer of the mock must carry `preservedReasoning(k)`, else
 * 400 1214 naming the message (docs/MOCK.md).
 */
function checkPreserved(body) {
  if (body.thinking?.clear_thinking !== false) return;
  mockAnswers(body.messages).forEach(([m, i], k) => {
    const r = m.reasoning_content;
    if (r === preservedReasoning(k + 1)) return;
    throw new ApiError(400, '1214', typeof r === 'string'
      ? `messages[${i}].reasoning_content differs from the reasoning of turn ${k + 1}; preserved thinking (clear_thinking: false) needs it sent back verbatim.`
      : `messages[${i}].reasoning_content is missing; preserved thinking (clear_thinking: false) needs every earlier turn's reasoning sent back verbatim.`);
  });
}

// ------------------------------------------------------------------------------------------------
// Chat: plan -> stream chunks -> (accumulated) JSON answer
// ------------------------------------------------------------------------------------------------

/** What the model "says" for this request, after the content scenarios. */
function chatPlan(ctx, body) {
  const plan = {
    id: ctx.id,
    created: ctx.created,
    model: body.model,
    reasoning: [],
    content: splitPieces(DEFAULT_REPLY),
    toolMode: null, // null | 'oneshot' (Transcript B) | 'stream' (Transcript C)
    toolCalls: [],
    finishReason: 'stop',
  };
  // Preserved thinking: this turn's reasoning, which the next request must send back.
  if (body.thinking?.clear_thinking === false) plan.reasoning = splitPieces(preservedReasoning(mockAnswers(body.messages).length + 1));
  ctx.scenario.run('plan', plan, ctx);
  const generated = [...plan.reasoning, ...(plan.toolMode ? [] : plan.content), ...plan.toolCalls.map((c) => c.arguments)];
  plan.usage = usageFor(countTokens(JSON.stringify([body.messages, body.tools ?? null])), generated.join(''));
  return plan;
}

/**
 * A tool-calling answer, as a model gives one: tool calls until the conversation holds `rounds`
 * answered rounds (assistant messages with tool_calls), then a text answer naming the results.
 */
function planTools(plan, ctx, o, mode, count) {
  const messages = Array.isArray(ctx.json?.messages) ? ctx.json.messages : [];
  const done = messages.filter((m) => m?.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length).length;
  if (done >= o.int('rounds', 1)) {
    const results = messages.filter((m) => m?.role === 'tool').slice(-count).map((m) => m.content);
    plan.content = splitPieces(`Tool results: ${results.join(' | ')}`);
    return;
  }
  const calls = toolCallsFor(plan.id, ctx.json, count);
  const bad = o.str('bad', '');
  if (done === 0 && bad === 'json') calls[0].arguments = calls[0].arguments.slice(0, -2);
  if (done === 0 && bad === 'schema') calls[0].arguments = JSON.stringify({ city: 42 });
  Object.assign(plan, { toolMode: mode, toolCalls: calls, finishReason: 'tool_calls' });
}

/** Tool calls for the request's function tools (or get_weather), arguments sampled from the schema. */
function toolCallsFor(responseId, body, count) {
  const fns = (Array.isArray(body?.tools) ? body.tools : []).filter((t) => t?.type === 'function' && t.function?.name).map((t) => t.function);
  const fallback = { name: 'get_weather', parameters: { properties: { city: { type: 'string' } } } };
  const cities = ['Beijing', 'Shanghai'];
  return Array.from({ length: count }, (_, i) => {
    const fn = fns[i] ?? fns[0] ?? fallback;
    const props = isObject(fn.parameters?.properties) ? fn.parameters.properties : {};
    const args = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, sampleValue(p, cities[i % cities.length])]));
    return { id: `call_${responseId}_${i}`, name: fn.name, arguments: JSON.stringify(args) };
  });
}

function sampleValue(schema, text) {
  if (Array.isArray(schema?.enum) && schema.enum.length) return schema.enum[0];
  return { number: 1, integer: 1, boolean: true, array: [], object: {} }[schema?.type] ?? text;
}

/** The stream chunks, in the real service's shape (zai-api.md §1.6). */
function chatChunks(plan) {
  const head = { id: plan.id, created: plan.created, model: plan.model };
  // role on every delta; finish_reason key only when set; usage added to the last chunk below.
  const chunk = (delta, finishReason) => ({
    ...head,
    choices: [{ index: 0, ...(finishReason && { finish_reason: finishReason }), delta: { role: 'assistant', ...delta } }],
  });
  const out = plan.reasoning.map((piece, i) => chunk(i === 0 ? { content: '', reasoning_content: piece } : { reasoning_content: piece }));
  if (plan.toolMode === 'stream') {
    for (const [index, call] of plan.toolCalls.entries()) {
      out.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
      for (const args of splitPieces(call.arguments, [8])) out.push(chunk({ tool_calls: [{ index, function: { arguments: args } }] }));
    }
  }
  if (!plan.toolMode) out.push(...plan.content.map((piece) => chunk({ content: piece })));
  if (plan.toolMode === 'oneshot') {
    const calls = plan.toolCalls.map((c, index) => ({ id: c.id, index, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    out.push(chunk({ tool_calls: calls }, plan.finishReason));
  }
  out.push({ ...chunk({ content: '' }, plan.finishReason), usage: plan.usage });
  return out;
}

/** Fold stream chunks into the non-stream answer, the way a client would. */
function accumulateChat(chunks, requestId) {
  const { id, created, model } = chunks[0];
  const message = { role: 'assistant' };
  const calls = [];
  let finishReason = null;
  let usage;
  for (const { choices, usage: chunkUsage } of chunks) {
    const { delta, finish_reason: reason } = choices[0];
    if (typeof delta.content === 'string') message.content = (message.content ?? '') + delta.content;
    if (typeof delta.reasoning_content === 'string') message.reasoning_content = (message.reasoning_content ?? '') + delta.reasoning_content;
    for (const { index, id: callId, type, function: fn = {} } of delta.tool_calls ?? []) {
      const call = (calls[index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (callId) call.id = callId;
      if (type) call.type = type;
      if (fn.name) call.function.name = fn.name;
      call.function.arguments += fn.arguments ?? '';
    }
    finishReason = reason ?? finishReason;
    usage = chunkUsage ?? usage;
  }
  if (calls.length) message.tool_calls = calls;
  return { id, request_id: requestId, created, model, choices: [{ index: 0, finish_reason: finishReason, message }], usage };
}

async function chatCompletions(ctx) {
  const body = jsonBody(ctx);
  validateChat(body);
  const chunks = chatChunks(chatPlan(ctx, body));
  if (body.stream === true) return sendEvents(ctx, chunks);
  return sendJson(ctx, 200, accumulateChat(chunks, asString(body.request_id) ?? ctx.id));
}

// ------------------------------------------------------------------------------------------------
// Async tasks (video, image, chat, agents)
// ------------------------------------------------------------------------------------------------

/**
 * Register a task. Scenario options are read now, at submission: `polls`, `task-fail`.
 * `views` = {pending, success, failure} bodies; the first `polls` retrievals see `pending`.
 */
function createTask(ctx, kind, id, views) {
  const polls = ctx.scenario.has('polls') ? ctx.scenario.options('polls').int('polls', ctx.mock.polls) : ctx.mock.polls;
  ctx.mock.tasks.set(id, { kind, pollsLeft: polls, fail: ctx.scenario.has('task-fail'), ...views });
}

function pollTask(task) {
  if (task.pollsLeft > 0) {
    task.pollsLeft--;
    return task.pending;
  }
  return task.fail ? task.failure : task.success;
}

/** A task in the {model, id, request_id, task_status} shape of §4; returns the submission answer. */
function submitModelTask(ctx, kind, id, model, requestId, result) {
  const record = { model, id, request_id: requestId ?? id };
  const views = {
    pending: { ...record, task_status: 'PROCESSING' },
    success: { ...record, task_status: 'SUCCESS', ...result },
    failure: { ...record, task_status: 'FAIL' },
  };
  createTask(ctx, kind, id, views);
  return sendJson(ctx, 200, views.pending);
}

const assetUrl = (ctx, name) => `http://${ctx.req.headers.host ?? '127.0.0.1'}/__mock/asset/${name}`;
const pinnedId = (ctx, make) => asString(ctx.scenario.options('id').value) ?? make();

async function asyncChat(ctx) {
  const body = jsonBody(ctx);
  validateChat(body);
  const answer = accumulateChat(chatChunks(chatPlan(ctx, body)), asString(body.request_id) ?? ctx.id);
  return submitModelTask(ctx, 'chat', ctx.id, body.model, answer.request_id, { choices: answer.choices, usage: answer.usage });
}

async function videos(ctx) {
  const body = jsonBody(ctx);
  const model = needModel(body);
  if (body.prompt == null && body.image_url == null) throw missing('prompt or image_url');
  const id = pinnedId(ctx, () => `${digits(19)}-${digits(19)}`);
  const result = { video_result: [{ url: assetUrl(ctx, `${id}.mp4`), cover_image_url: assetUrl(ctx, `${id}_cover.png`) }] };
  return submitModelTask(ctx, 'video', id, model, asString(body.request_id), result);
}

async function asyncImages(ctx) {
  const body = jsonBody(ctx);
  const model = needModel(body);
  need(body, 'prompt');
  const id = pinnedId(ctx, () => digits(19));
  return submitModelTask(ctx, 'image', id, model, asString(body.request_id), { image_result: [{ url: assetUrl(ctx, `${id}.png`) }] });
}

async function asyncResult(ctx, { id }) {
  const task = ctx.mock.tasks.get(id);
  if (!task || task.kind === 'agent') throw new ApiError(404, '1214', `The task ${id} does not exist.`);
  return sendJson(ctx, 200, pollTask(task));
}

async function images(ctx) {
  const body = jsonBody(ctx);
  needModel(body);
  need(body, 'prompt');
  return sendJson(ctx, 200, {
    created: ctx.created,
    data: [{ url: assetUrl(ctx, `${hex(8)}.png`) }],
    content_filter: [{ role: 'assistant', level: 3 }],
  });
}

// ------------------------------------------------------------------------------------------------
// Agents (§6, §8, §9)
// ------------------------------------------------------------------------------------------------

const PHRASES = { 'The weather is lovely today.': '今天天气真好。', 'Hello, world': '你好，世界', 'Hello': '你好' };

function translate(text, target) {
  if (target.startsWith('zh') && PHRASES[text]) return PHRASES[text];
  return `[${target}] ${text}`;
}

async function translationAgent(ctx, body) {
  const target = asString(body.custom_variables?.target_lang) ?? 'zh-CN';
  const text = translate(userText(body.messages), target);
  // Agent usage has no prompt_tokens_details; the JSON answer adds total_calls (§6.2).
  const { prompt_tokens_details, ...usage } = usageFor(countTokens(JSON.stringify(body.messages)), text);
  const head = { id: ctx.id, agent_id: body.agent_id };
  if (body.stream === true) {
    const pieces = splitPieces(text);
    return sendEvents(
      ctx,
      pieces.map((piece, i) => {
        const last = i === pieces.length - 1;
        const delta = { role: 'assistant', content: { type: 'text', text: piece } };
        const chunk = { ...head, choices: [{ index: 0, ...(last && { finish_reason: 'stop' }), delta }] };
        return last ? { ...chunk, usage } : chunk;
      }),
    );
  }
  return sendJson(ctx, 200, {
    ...head,
    status: 'success',
    choices: [{ index: 0, finish_reason: 'stop', messages: [{ role: 'assistant', content: { type: 'text', text } }] }],
    usage: { ...usage, total_calls: 1 },
  });
}

async function viduAgent(ctx, body) {
  const agentId = body.agent_id;
  if (asString(body.custom_variables?.template) === undefined) throw missing('custom_variables.template', { agentId });
  const asyncId = pinnedId(ctx, randomUUID);
  const record = { agent_id: agentId, async_id: asyncId };
  const video = { type: 'video_url', video_url: assetUrl(ctx, `${asyncId}.mp4`) };
  createTask(ctx, 'agent', asyncId, {
    pending: { status: 'pending', ...record },
    success: { status: 'success', ...record, choices: [{ index: 0, finish_reason: 'stop', message: [{ role: 'assistant', content: [video] }] }] },
    failure: { status: 'failed', ...record, error: { code: '1234', message: errorMessage('1234') } },
  });
  return sendJson(ctx, 200, { status: 'pending', ...record });
}

function slidesMessages(topic) {
  const html = `<section class="slide"><h1>${topic.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}</h1></section>`;
  return [
    { role: 'assistant', phase: 'thinking', content: [{ type: 'text', tag_cn: '思考', tag_en: 'Thinking', text: `Planning one slide about: ${topic}` }] },
    {
      role: 'assistant',
      phase: 'tool',
      content: [{ type: 'object', tag_cn: '插入页面', tag_en: 'Insert page', object: { tool_name: 'insert_page', input: topic, output: html, position: [1] } }],
    },
    { role: 'assistant', phase: 'answer', content: [{ type: 'text', tag_cn: '回答', tag_en: 'Answer', text: 'Your slide is ready. 幻灯片已生成。' }] },
  ];
}

async function slidesAgent(ctx, body) {
  const head = { id: ctx.id, conversation_id: asString(body.conversation_id) ?? `conv_${hex(6)}`, agent_id: body.agent_id };
  const messages = slidesMessages(userText(body.messages) || 'Untitled');
  const { prompt_tokens_details, ...usage } = usageFor(countTokens(JSON.stringify(body.messages)), JSON.stringify(messages));
  if (body.stream === true) {
    return sendEvents(
      ctx,
      messages.map((msg, i) => {
        const last = i === messages.length - 1;
        const chunk = { ...head, choices: [{ index: 0, ...(last && { finish_reason: 'stop' }), message: [msg] }] };
        return last ? { ...chunk, usage } : chunk;
      }),
    );
  }
  return sendJson(ctx, 200, { ...head, choices: [{ index: 0, finish_reason: 'stop', message: messages }], usage });
}

const AGENTS = { general_translation: translationAgent, vidu_template_agent: viduAgent, slides_glm_agent: slidesAgent };

async function agents(ctx) {
  const body = jsonBody(ctx);
  const agentId = need(body, 'agent_id', { agentId: '' });
  const agent = AGENTS[agentId];
  if (!agent) throw new ApiError(400, '1214', `The agent ${agentId} does not exist.`, { agentId: String(agentId) });
  const messages = need(body, 'messages', { agentId });
  if (!Array.isArray(messages) || !messages.length) throw new ApiError(400, '1214', 'Input cannot be empty', { agentId });
  return agent(ctx, body);
}

async function agentAsyncResult(ctx) {
  const body = jsonBody(ctx);
  const agentId = asString(body.agent_id) ?? '';
  const asyncId = need(body, 'async_id', { agentId });
  const task = ctx.mock.tasks.get(asyncId);
  if (task?.kind !== 'agent') throw new ApiError(404, '1214', `The task ${asyncId} does not exist.`, { agentId });
  return sendJson(ctx, 200, pollTask(task));
}

async function agentConversation(ctx) {
  const body = jsonBody(ctx);
  const agentId = need(body, 'agent_id', { agentId: '' });
  const conversationId = need(body, 'conversation_id', { agentId });
  const vars = isObject(body.custom_variables) ? body.custom_variables : {};
  const pages = Array.isArray(vars.pages) && vars.pages.length ? vars.pages : [{ position: 1 }];
  const content = pages.map((p, i) => ({
    type: 'image_url',
    tag_cn: i === 0 ? '封面' : `第${i + 1}页`,
    tag_en: i === 0 ? 'Cover' : `Page ${i + 1}`,
    image_url: assetUrl(ctx, `${conversationId}_p${p?.position ?? i + 1}.png`),
  }));
  if (vars.include_pdf === true) content.unshift({ type: 'file_url', tag_cn: 'PDF', tag_en: 'PDF', file_url: assetUrl(ctx, `${conversationId}.pdf`) });
  return sendJson(ctx, 200, { conversation_id: conversationId, agent_id: agentId, choices: [{ message: [{ role: 'assistant', content }] }] });
}

// ------------------------------------------------------------------------------------------------
// Tools, files, audio, embeddings, ...
// ------------------------------------------------------------------------------------------------

async function files(ctx) {
  const { fields, files: uploads } = formFields(ctx);
  if (!ctx.parts) throw missing('file');
  const purpose = need(fields, 'purpose');
  const file = uploads.file;
  if (!file) throw missing('file');
  const record = {
    id: `file-${stamp14()}-${hex(3)}`,
    object: 'file',
    bytes: file.data.length,
    filename: file.filename,
    purpose,
    created_at: ctx.created,
  };
  // Kept (until reset) for files.list / delete / content.
  ctx.mock.files.set(record.id, { record, data: file.data, type: file.contentType || 'application/octet-stream', seq: ++ctx.mock.fileSeq });
  return sendJson(ctx, 200, record);
}

/** The stored upload `id`, or 404 as the service answers an unknown file. */
function storedFile(ctx, id) {
  const file = ctx.mock.files.get(id);
  if (!file) throw new ApiError(404, '1214', `File ${id} does not exist.`);
  return file;
}

async function listFiles(ctx) {
  const q = ctx.url.searchParams;
  const limit = q.has('limit') ? Number(q.get('limit')) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit');
  const order = q.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalid('order');
  let all = [...ctx.mock.files.values()].sort((a, b) => (order === 'asc' ? a.seq - b.seq : b.seq - a.seq));
  if (q.has('purpose')) all = all.filter((f) => f.record.purpose === q.get('purpose'));
  if (q.has('after')) all = all.slice(all.findIndex((f) => f.record.id === q.get('after')) + 1);
  return sendJson(ctx, 200, { object: 'list', data: all.slice(0, limit).map((f) => f.record), has_more: all.length > limit });
}

async function deleteFile(ctx, { id }) {
  storedFile(ctx, id);
  ctx.mock.files.delete(id);
  return sendJson(ctx, 200, { id, object: 'file', deleted: true });
}

async function fileContent(ctx, { id }) {
  const { data, type } = storedFile(ctx, id);
  return sendBody(ctx, 200, { 'content-type': type, 'content-length': data.length }, [data]);
}

// Batches: validating on create, then one step per retrieve (in_progress, finalizing, completed
// with an output file of one answer line per input line); `task-fail` fails validation.
const BATCH_STEPS = ['validating', 'in_progress', 'finalizing', 'completed'];

async function createBatch(ctx) {
  const body = jsonBody(ctx);
  const inputFileId = need(body, 'input_file_id');
  const endpoint = need(body, 'endpoint');
  if (endpoint !== '/v1/chat/completions' && endpoint !== '/v1/embeddings') throw invalid('endpoint');
  const window = body.completion_window ?? '24h';
  if (window !== '24h') throw invalid('completion_window');
  if (body.metadata != null && !isObject(body.metadata)) throw invalid('metadata');
  const input = storedFile(ctx, inputFileId);
  const lines = input.data.toString('utf8').split('\n').filter((l) => l.trim());
  const batch = {
    id: `batch_${stamp14()}${hex(4)}`,
    object: 'batch',
    endpoint,
    input_file_id: inputFileId,
    completion_window: window,
    status: 'validating',
    output_file_id: null,
    error_file_id: null,
    created_at: ctx.created,
    in_progress_at: null,
    expires_at: ctx.created + 86400,
    finalizing_at: null,
    completed_at: null,
    failed_at: null,
    cancelled_at: null,
    cancelling_at: null,
    request_counts: { total: lines.length, completed: 0, failed: 0 },
    errors: null,
    metadata: body.metadata ?? null,
  };
  ctx.mock.batches.set(batch.id, { batch, lines, fail: ctx.scenario.has('task-fail'), seq: ++ctx.mock.fileSeq });
  return sendJson(ctx, 200, batch);
}

function storedBatch(ctx, id) {
  const b = ctx.mock.batches.get(id);
  if (!b) throw new ApiError(404, '1214', `Batch ${id} does not exist.`);
  return b;
}

/** Moves a batch one step on (each retrieve is a moment later). */
function advanceBatch(ctx, b) {
  const { batch } = b;
  const now = nowSec();
  if (b.fail && batch.status === 'validating') {
    Object.assign(batch, { status: 'failed', failed_at: now, errors: { object: 'list', data: [{ code: '1214', line: 1, message: 'Invalid request line', param: 'body' }] } });
  } else if (batch.status === 'cancelling') {
    Object.assign(batch, { status: 'cancelled', cancelled_at: now });
  } else if (BATCH_STEPS.includes(batch.status) && batch.status !== 'completed') {
    batch.status = BATCH_STEPS[BATCH_STEPS.indexOf(batch.status) + 1];
    if (batch.status === 'in_progress') batch.in_progress_at = now;
    if (batch.status === 'finalizing') batch.finalizing_at = now;
    if (batch.status === 'completed') {
      const out = b.lines.map((line, i) => {
        let customId = `request-${i + 1}`;
        try { customId = JSON.parse(line).custom_id ?? customId; } catch { /* kept */ }
        return JSON.stringify({ custom_id: customId, response: { status_code: 200, body: { id: `${batch.id}-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: DEFAULT_REPLY } }] } } });
      }).join('\n') + '\n';
      const record = { id: `file-${stamp14()}-${hex(3)}`, object: 'file', bytes: Buffer.byteLength(out), filename: `${batch.id}_output.jsonl`, purpose: 'batch_output', created_at: now };
      ctx.mock.files.set(record.id, { record, data: Buffer.from(out), type: 'application/jsonl', seq: ++ctx.mock.fileSeq });
      Object.assign(batch, { output_file_id: record.id, completed_at: now, request_counts: { total: b.lines.length, completed: b.lines.length, failed: 0 } });
    }
  }
}

async function retrieveBatch(ctx, { id }) {
  const b = storedBatch(ctx, id);
  advanceBatch(ctx, b);
  return sendJson(ctx, 200, b.batch);
}

async function listBatches(ctx) {
  const q = ctx.url.searchParams;
  const limit = q.has('limit') ? Number(q.get('limit')) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit');
  let all = [...ctx.mock.batches.values()].sort((a, b) => b.seq - a.seq);
  if (q.has('after')) all = all.slice(all.findIndex((b) => b.batch.id === q.get('after')) + 1);
  const data = all.slice(0, limit).map((b) => b.batch);
  return sendJson(ctx, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: all.length > limit });
}

async function cancelBatch(ctx, { id }) {
  const b = storedBatch(ctx, id);
  if (ctx.entry.body.length) throw new ApiError(400, '1210', 'The cancel request takes no body.');
  const { batch } = b;
  if (['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) {
    throw new ApiError(400, '1214', `Batch ${id} cannot be cancelled in status ${batch.status}.`);
  }
  Object.assign(batch, { status: 'cancelling', cancelling_at: nowSec() });
  return sendJson(ctx, 200, batch);
}

/** A mono 16-bit PCM WAV (24 kHz, what glm-tts returns) of `samples` samples of a 440 Hz tone. */
function wavBytes(samples) {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(24000, 24);
  h.writeUInt32LE(48000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** The speech of `text`: 240 samples (10 ms) of tone per code point, at least one piece. */
function speechPcm(text) {
  return wavBytes(Math.max(1, [...text].length) * 240).subarray(44);
}

function speechAnswer(ctx, pcm, format) {
  const audio = format === 'wav' ? wavBytes(pcm.length / 2) : pcm;
  return sendBody(ctx, 200, { 'content-type': format === 'wav' ? 'audio/wav' : 'audio/pcm', 'content-length': audio.length }, [audio]);
}

async function speech(ctx) {
  const body = jsonBody(ctx);
  needModel(body);
  const input = need(body, 'input');
  const format = body.response_format ?? 'pcm';
  if (format !== 'wav' && format !== 'pcm') throw invalid('response_format');
  const speed = body.speed ?? 1;
  if (typeof speed !== 'number' || speed < 0.5 || speed > 2) throw invalid('speed');
  const volume = body.volume ?? 1;
  if (typeof volume !== 'number' || volume <= 0 || volume > 10) throw invalid('volume');
  const voice = body.voice ?? 'tongtong';
  if (!OFFICIAL_VOICES.includes(voice) && !ctx.mock.voices.has(voice)) throw invalid('voice');
  const pcm = speechPcm(String(input));
  if (body.stream !== true) return speechAnswer(ctx, pcm, format);
  // Streams carry PCM pieces (one per 4800 bytes: 100 ms), base64 or hex, then a finish chunk.
  const encode = body.encode_format ?? 'base64';
  if (encode !== 'base64' && encode !== 'hex') throw invalid('encode_format');
  const head = { id: ctx.id, created: ctx.created, model: body.model };
  const chunks = [];
  for (let at = 0; at < pcm.length; at += 4800) {
    const content = pcm.subarray(at, at + 4800).toString(encode);
    chunks.push({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content, return_sample_rate: 24000, return_format: 'pcm' } }] });
  }
  chunks.push({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] });
  return sendEvents(ctx, chunks);
}

async function speechCustomization(ctx) {
  const { fields, files: uploads } = formFields(ctx);
  if (!ctx.parts) throw new ApiError(400, '1210', 'The request must be multipart/form-data.');
  needModel(fields);
  const input = need(fields, 'input');
  need(fields, 'voice_text');
  if (!uploads.voice_data) throw missing('voice_data');
  const format = fields.response_format ?? 'wav';
  if (format !== 'wav' && format !== 'pcm') throw invalid('response_format');
  return speechAnswer(ctx, speechPcm(input), format);
}

// File parser: a task per upload, `processing` for the first `polls` result reads, then the
// text (or a download link); `task-fail` ends it failed. Handwriting OCR answers at once.
const PARSED_TEXT = '# Mock document\n\nHello! 你好，世界 🌍';

function parserUpload(ctx, tools) {
  const { fields, files: uploads } = formFields(ctx);
  if (!ctx.parts) throw new ApiError(400, '1210', 'The request must be multipart/form-data.');
  if (!uploads.file) throw missing('file');
  const tool = need(fields, 'tool_type');
  if (!tools.includes(tool)) throw invalid('tool_type');
  return { file: uploads.file, tool, fileType: fields.file_type ?? null };
}

async function parserCreate(ctx) {
  const { file, tool } = parserUpload(ctx, ['lite', 'expert', 'prime']);
  const taskId = `parser_${stamp14()}${hex(4)}`;
  ctx.mock.tasks.set(taskId, { kind: 'parser', pollsLeft: ctx.scenario.has('polls') ? ctx.scenario.options('polls').int('polls', ctx.mock.polls) : ctx.mock.polls, fail: ctx.scenario.has('task-fail'), tool, bytes: file.data.length });
  return sendJson(ctx, 200, { task_id: taskId, message: '任务创建成功', success: true });
}

async function parserResult(ctx, { id, format }) {
  if (format !== 'text' && format !== 'download_link') throw invalid('format_type');
  const task = ctx.mock.tasks.get(id);
  if (!task || task.kind !== 'parser') throw new ApiError(404, '1214', `Task ${id} does not exist.`);
  if (task.pollsLeft > 0) {
    task.pollsLeft--;
    return sendJson(ctx, 200, { task_id: id, message: '结果解析中', status: 'processing' });
  }
  if (task.fail) return sendJson(ctx, 200, { task_id: id, message: '解析失败', status: 'failed' });
  const done = { task_id: id, message: '结果获取成功', status: 'succeeded' };
  return sendJson(ctx, 200, format === 'text' ? { ...done, content: PARSED_TEXT } : { ...done, parsing_result_url: assetUrl(ctx, `${id}.zip`) });
}

async function parserSync(ctx) {
  parserUpload(ctx, ['prime-sync']);
  const taskId = `parser_${stamp14()}${hex(4)}`;
  return sendJson(ctx, 200, { task_id: taskId, message: '结果获取成功', status: 'succeeded', content: PARSED_TEXT, parsing_result_url: assetUrl(ctx, `${taskId}.zip`) });
}

async function handwriting(ctx) {
  const { fields, files: uploads } = formFields(ctx);
  if (!ctx.parts) throw new ApiError(400, '1210', 'The request must be multipart/form-data.');
  if (!uploads.file) throw missing('file');
  if (need(fields, 'tool_type') !== 'hand_write') throw invalid('tool_type');
  const probability = fields.probability === 'true';
  const lines = ['你好，世界', 'Hello, world'];
  return sendJson(ctx, 200, {
    task_id: `ocr_${stamp14()}${hex(4)}`,
    message: '成功',
    status: 'succeeded',
    words_result_num: lines.length,
    words_result: lines.map((words, i) => ({
      location: { left: 12, top: 20 + 40 * i, width: 300, height: 32 },
      words,
      ...(probability && { probability: { average: 0.98, variance: 0.0004, min: 0.95 } }),
    })),
  });
}

// Voices: the official ones, then those cloned (until reset).
const OFFICIAL_VOICES = ['tongtong', 'chuichui', 'xiaochen', 'jam', 'kazi', 'douji', 'luodo'];

function beijingStamp(ms = Date.now()) {
  return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
}

async function cloneVoice(ctx) {
  const body = jsonBody(ctx);
  const voiceName = need(body, 'voice_name');
  need(body, 'text');
  need(body, 'input');
  const fileId = need(body, 'file_id');
  needModel(body);
  storedFile(ctx, fileId);
  const voice = `voice_clone_${stamp14()}${hex(3)}`;
  const preview = { id: `file-${stamp14()}-${hex(3)}`, object: 'file', bytes: 44, filename: `${voice}.wav`, purpose: 'voice-clone-output', created_at: nowSec() };
  ctx.mock.files.set(preview.id, { record: preview, data: wavBytes(0), type: 'audio/wav', seq: ++ctx.mock.fileSeq });
  ctx.mock.voices.set(voice, { voice, voice_name: voiceName, voice_type: 'PRIVATE', download_url: assetUrl(ctx, `${voice}.wav`), create_time: beijingStamp() });
  return sendJson(ctx, 200, { voice, file_id: preview.id, file_purpose: 'voice-clone-output' });
}

async function listVoices(ctx) {
  const q = ctx.url.searchParams;
  // The service reads the camelCase names; snake_case ones are not filters.
  for (const wrong of ['voice_type', 'voice_name']) if (q.has(wrong)) throw invalid(wrong);
  const official = OFFICIAL_VOICES.map((voice) => ({ voice, voice_name: voice, voice_type: 'OFFICIAL', download_url: assetUrl(ctx, `${voice}.wav`), create_time: '2025-10-01 00:00:00' }));
  let all = [...official, ...ctx.mock.voices.values()];
  if (q.has('voiceType')) all = all.filter((v) => v.voice_type === q.get('voiceType'));
  if (q.has('voiceName')) all = all.filter((v) => v.voice_name === q.get('voiceName'));
  return sendJson(ctx, 200, { voice_list: all });
}

async function deleteVoice(ctx) {
  const body = jsonBody(ctx);
  const voice = need(body, 'voice');
  if (!ctx.mock.voices.has(voice)) throw new ApiError(404, '1214', `Voice ${voice} does not exist.`);
  ctx.mock.voices.delete(voice);
  return sendJson(ctx, 200, { voice, update_time: beijingStamp() });
}

const MODELS = ['glm-5.3', 'glm-4.6', 'glm-4.6v', 'glm-4.5-air', 'embedding-3', 'glm-tts', 'glm-asr-2512', 'cogvideox-3'];

async function models(ctx) {
  return sendJson(ctx, 200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 1759276800, owned_by: 'z-ai' })) });
}

async function moderations(ctx) {
  const body = jsonBody(ctx);
  needModel(body);
  const input = need(body, 'input');
  const items = Array.isArray(input) ? input : [input];
  if (!items.length || items.some((i) => i === '' || i === null)) throw invalid('input');
  return sendJson(ctx, 200, {
    id: ctx.id,
    created: ctx.created,
    request_id: ctx.id,
    result_list: items.map((i) => ({ content_type: typeof i === 'string' ? 'text' : String(i?.type ?? 'text'), risk_level: 'PASS', risk_type: [] })),
    usage: { moderation_text: { call_count: items.length } },
  });
}

async function transcriptions(ctx) {
  const { fields, files: uploads } = formFields(ctx);
  const model = needModel(fields);
  if (!uploads.file && fields.file_base64 == null) throw missing('file');
  const head = { id: ctx.id, created: ctx.created, model };
  if (fields.stream === true || fields.stream === 'true') {
    const deltas = splitPieces(TRANSCRIPT).map((delta) => ({ ...head, type: 'transcript.text.delta', delta }));
    return sendEvents(ctx, [...deltas, { ...head, type: 'transcript.text.done', delta: '' }]);
  }
  return sendJson(ctx, 200, { id: ctx.id, created: ctx.created, request_id: asString(fields.request_id) ?? ctx.id, model, text: TRANSCRIPT });
}

async function webSearch(ctx) {
  const body = jsonBody(ctx);
  need(body, 'search_engine');
  const query = need(body, 'search_query');
  const count = body.count ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > 50) throw invalid('count');
  return sendJson(ctx, 200, {
    id: ctx.id,
    created: ctx.created,
    request_id: asString(body.request_id) ?? ctx.id,
    search_intent: [{ query, intent: 'SEARCH_ALL', keywords: query }],
    search_result: Array.from({ length: count }, (_, i) => ({
      title: `Result ${i + 1} for ${query}`,
      content: `Mock summary ${i + 1} about ${query}. 这是模拟的搜索结果。`,
      link: `https://example.com/search/${i + 1}`,
      media: 'Example News',
      icon: 'https://example.com/favicon.ico',
      refer: `ref_${i + 1}`,
      publish_date: i % 2 ? '' : '2025-09-30',
    })),
  });
}

/** Deterministic unit vector from sha256(counter:text). */
function embed(text, dims) {
  const v = [];
  for (let block = 0; v.length < dims; block++) {
    const h = createHash('sha256').update(`${block}:${text}`).digest();
    for (let j = 0; j < h.length && v.length < dims; j += 2) v.push(h.readInt16BE(j) / 32768);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Number((x / norm).toFixed(6)));
}

async function embeddings(ctx) {
  const body = jsonBody(ctx);
  const model = needModel(body);
  const input = need(body, 'input');
  const inputs = Array.isArray(input) ? input : [input];
  if (!inputs.length || inputs.some((s) => typeof s !== 'string' || !s)) throw invalid('input');
  const dims = body.dimensions ?? (model === 'embedding-2' ? 1024 : 2048);
  if (!Number.isInteger(dims) || dims < 1 || dims > 8192) throw invalid('dimensions');
  const tokens = inputs.reduce((n, s) => n + countTokens(s), 0);
  return sendJson(ctx, 200, {
    object: 'list',
    data: inputs.map((s, index) => ({ object: 'embedding', index, embedding: embed(s, dims) })),
    model,
    usage: { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens },
  });
}

async function tokenizer(ctx) {
  const body = jsonBody(ctx);
  needModel(body);
  const messages = need(body, 'messages');
  if (!Array.isArray(messages) || !messages.length) throw new ApiError(400, '1214', 'Input cannot be empty');
  const tokens = countTokens(JSON.stringify([messages, body.tools ?? null]));
  return sendJson(ctx, 200, {
    id: ctx.id,
    created: ctx.created,
    request_id: asString(body.request_id) ?? ctx.id,
    usage: { prompt_tokens: tokens, image_tokens: 0, video_tokens: 0, total_tokens: tokens },
  });
}

async function reader(ctx) {
  const body = jsonBody(ctx);
  const url = need(body, 'url');
  const markdown = (body.return_format ?? 'markdown') === 'markdown';
  return sendJson(ctx, 200, {
    id: ctx.id,
    created: ctx.created,
    request_id: asString(body.request_id) ?? ctx.id,
    model: 'reader',
    reader_result: {
      content: markdown ? `# Mock page\n\nThe content of ${url}. 你好，世界 🌍` : `Mock page\nThe content of ${url}. 你好，世界 🌍`,
      description: 'A page served by zai-mock',
      title: 'Mock page',
      url,
      external: { stylesheet: {} },
      metadata: { keywords: 'mock', viewport: 'width=device-width, initial-scale=1', description: 'A page served by zai-mock', 'format-detection': 'telephone=no' },
    },
  });
}

async function layoutParsing(ctx) {
  const body = jsonBody(ctx);
  const model = needModel(body);
  need(body, 'file');
  const text = 'Hello! 你好，世界';
  return sendJson(ctx, 200, {
    id: ctx.id,
    created: ctx.created,
    model,
    md_results: `# Mock document\n\n${text}`,
    layout_details: [
      [
        { index: 0, label: 'text', bbox_2d: [0.1, 0.05, 0.9, 0.1], content: '# Mock document', width: 1000, height: 1414 },
        { index: 1, label: 'text', bbox_2d: [0.1, 0.12, 0.9, 0.2], content: text, width: 1000, height: 1414 },
      ],
    ],
    layout_visualization: body.need_layout_visualization === true ? [assetUrl(ctx, `${ctx.id}_layout.png`)] : [],
    data_info: { num_pages: 1, pages: [{ width: 1000, height: 1414 }] },
    usage: usageFor(countTokens(String(body.file)), text),
    request_id: asString(body.request_id) ?? ctx.id,
  });
}

// ------------------------------------------------------------------------------------------------
// Routing
// ------------------------------------------------------------------------------------------------

const ROUTE_TABLE = [
  ['POST', '/api/paas/v4/chat/completions', chatCompletions],
  ['POST', '/api/coding/paas/v4/chat/completions', chatCompletions],
  ['POST', '/api/paas/v4/async/chat/completions', asyncChat],
  ['POST', '/api/paas/v4/images/generations', images],
  ['POST', '/api/paas/v4/async/images/generations', asyncImages],
  ['POST', '/api/paas/v4/videos/generations', videos],
  ['GET', '/api/paas/v4/async-result/:id', asyncResult],
  ['POST', '/api/paas/v4/web_search', webSearch],
  ['POST', '/api/paas/v4/files', files],
  ['GET', '/api/paas/v4/files', listFiles],
  ['DELETE', '/api/paas/v4/files/:id', deleteFile],
  ['GET', '/api/paas/v4/files/:id/content', fileContent],
  ['GET', '/api/paas/v4/models', models],
  ['POST', '/api/paas/v4/moderations', moderations],
  ['POST', '/api/paas/v4/batches', createBatch],
  ['GET', '/api/paas/v4/batches', listBatches],
  ['GET', '/api/paas/v4/batches/:id', retrieveBatch],
  ['POST', '/api/paas/v4/batches/:id/cancel', cancelBatch],
  ['POST', '/api/paas/v4/files/parser/create', parserCreate],
  ['GET', '/api/paas/v4/files/parser/result/:id/:format', parserResult],
  ['POST', '/api/paas/v4/files/parser/sync', parserSync],
  ['POST', '/api/paas/v4/files/ocr', handwriting],
  ['POST', '/api/paas/v4/audio/speech', speech],
  ['POST', '/api/paas/v4/audio/customization', speechCustomization],
  ['POST', '/api/paas/v4/voice/clone', cloneVoice],
  ['GET', '/api/paas/v4/voice/list', listVoices],
  ['POST', '/api/paas/v4/voice/delete', deleteVoice],
  ['POST', '/api/paas/v4/embeddings', embeddings],
  ['POST', '/api/paas/v4/tokenizer', tokenizer],
  ['POST', '/api/paas/v4/reader', reader],
  ['POST', '/api/paas/v4/layout_parsing', layoutParsing],
  ['POST', '/api/paas/v4/audio/transcriptions', transcriptions],
  // Agents: the documented path, and the /paas/v4/v1/... path the Python and Java SDKs build (A.2).
  ...['/api/v1', '/api/paas/v4/v1'].flatMap((prefix) => [
    ['POST', `${prefix}/agents`, agents],
    ['POST', `${prefix}/agents/async-result`, agentAsyncResult],
    ['POST', `${prefix}/agents/conversation`, agentConversation],
  ]),
];

const ROUTES = ROUTE_TABLE.map(([method, pattern, handler]) => {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => (names.push(name), '([^/]+)'));
  return { method, regex: new RegExp(`^${source}$`), names, handler };
});

/** The route for (method, path) with its params, or an ApiError (404 unknown path, 405 wrong method). */
function findRoute(method, path) {
  let allowed = null;
  for (const route of ROUTES) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      allowed = route.method;
      continue;
    }
    return { handler: route.handler, params: Object.fromEntries(route.names.map((n, i) => [n, percentDecode(m[i + 1])])) };
  }
  if (allowed) throw new ApiError(405, '1222', `Request method '${method}' is not supported for ${path}.`, { headers: { allow: allowed } });
  throw new ApiError(404, '1222', `The API ${path} does not exist.`);
}

// ------------------------------------------------------------------------------------------------
// Request lifecycle
// ------------------------------------------------------------------------------------------------

function makeContext(mock, req, res, path, url, scenarioText) {
  const scenario = new Scenario(scenarioText);
  const pinned = (name) => scenario.options(name).value;
  return {
    mock,
    req,
    res,
    path,
    url,
    scenario,
    tag: asString(req.headers['x-mock-tag']) ?? pinned('tag') ?? null,
    id: pinned('id') ?? chatId(),
    created: scenario.has('created') ? scenario.options('created').int('created', nowSec()) : nowSec(),
    streaming: false, // set once the answer is SSE
    dropped: false, // set when the mock itself kills the connection
    entry: null,
    json: undefined,
    parts: null,
  };
}

/** Add the request to the log now (so `t` is the arrival time) and keep it updated. */
function startLogEntry(ctx) {
  const { mock, req, res, url } = ctx;
  const entry = {
    seq: ++mock.seq,
    t: Date.now(),
    method: req.method,
    path: ctx.path,
    rawPath: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body: '',
    json: null,
    parts: null,
    scenario: ctx.scenario.text,
    tag: ctx.tag,
    id: ctx.id,
    status: null,
    aborted: false,
    dropped: false,
    tEnd: null,
  };
  mock.log.push(entry);
  ctx.entry = entry;
  res.on('close', () => {
    entry.tEnd = Date.now();
    entry.dropped = ctx.dropped;
    entry.aborted = !res.writableFinished && !ctx.dropped;
    if (mock.verbose) {
      const flags = entry.aborted ? ' aborted' : entry.dropped ? ' dropped' : '';
      const sc = entry.scenario ? ` [${entry.scenario}]` : '';
      process.stderr.write(`zai-mock #${entry.seq} ${entry.method} ${entry.rawPath}${sc} -> ${entry.status ?? '-'} ${entry.tEnd - entry.t}ms${flags}\n`);
    }
  });
}

function recordBody(ctx, raw) {
  const type = ctx.req.headers['content-type'] ?? '';
  ctx.parts = /^multipart\/form-data/i.test(type) ? parseMultipart(raw, type) : null;
  ctx.json = ctx.parts ? undefined : tryJson(raw);
  Object.assign(ctx.entry, { body: raw.toString('utf8'), json: ctx.json ?? null, parts: ctx.parts?.map(describePart) ?? null });
}

function preflight(ctx) {
  const custom = ctx.scenario.first('preflight');
  if (custom) return custom(ctx);
  const { req } = ctx;
  writeHead(ctx, 204, {
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
    'access-control-max-age': '600',
    ...(req.headers['access-control-request-private-network'] && { 'access-control-allow-private-network': 'true' }),
  });
  ctx.res.end();
}

/** One /api request: log, scenario failures, routing, auth, the route's handler. */
async function serveApi(ctx) {
  startLogEntry(ctx);
  if (ctx.req.method === 'OPTIONS') {
    ctx.req.resume();
    return preflight(ctx);
  }
  recordBody(ctx, await readBody(ctx.req));
  const { scenario } = ctx;
  if (scenario.unknown.length) {
    const known = Object.keys(SCENARIOS).join(', ');
    throw new ApiError(400, 'mock-scenario', `zai-mock: unknown scenario name or option: ${scenario.unknown.join(', ')} (scenarios: ${known})`);
  }
  scenario.run('gate', ctx);
  const respond = scenario.first('respond');
  if (respond) return respond(ctx);
  const { handler, params } = findRoute(ctx.req.method, ctx.path);
  authenticate(ctx.req.headers.authorization, ctx.mock.secrets);
  return handler(ctx, params);
}

function failRequest(ctx, err) {
  if (!(err instanceof ApiError)) process.stderr.write(`zai-mock: internal error: ${err?.stack ?? err}\n`);
  if (ctx.res.headersSent || ctx.res.destroyed) return ctx.res.destroy();
  const apiError = err instanceof ApiError ? err : new ApiError(500, '500');
  sendApiError(ctx, apiError).catch(() => ctx.res.destroy());
}

// ------------------------------------------------------------------------------------------------
// /__mock control routes
// ------------------------------------------------------------------------------------------------

function scenarioDocs() {
  return Object.entries(SCENARIOS).map(([name, s]) => ({
    name,
    value: s.value ?? null,
    options: s.options ?? {},
    failure: Boolean(s.failure),
    doc: s.doc,
  }));
}

const CONTROL = {
  'GET /__mock/log': (ctx) => {
    const tag = ctx.url.searchParams.get('tag');
    const since = Number(ctx.url.searchParams.get('since') ?? 0);
    return sendJson(ctx, 200, ctx.mock.log.filter((e) => (tag === null || e.tag === tag) && e.seq > since));
  },
  'POST /__mock/reset': (ctx) => {
    ctx.mock.reset();
    return sendJson(ctx, 200, { ok: true });
  },
  'GET /__mock/scenarios': (ctx) => sendJson(ctx, 200, scenarioDocs()),
  'GET /__mock/health': (ctx) => sendJson(ctx, 200, { ok: true }),
};

async function serveControl(ctx) {
  const { req, path } = ctx;
  if (req.method === 'OPTIONS') return preflight(ctx);
  await readBody(req);
  const action = CONTROL[`${req.method} ${path}`];
  if (action) return action(ctx);
  if (req.method === 'GET' && path.startsWith('/__mock/asset/')) {
    const isImage = /\.(png|jpe?g)$/i.test(path);
    const body = isImage ? PNG_1X1 : Buffer.from('zai-mock placeholder asset\n');
    return sendBody(ctx, 200, { 'content-type': isImage ? 'image/png' : 'application/octet-stream', 'content-length': body.length }, [body]);
  }
  throw new ApiError(404, '1222', `zai-mock: no control route ${req.method} ${path}`);
}

// ------------------------------------------------------------------------------------------------
// Public API
// ------------------------------------------------------------------------------------------------

/** Scenario from the path prefix /s/<scenario>/... and/or the x-mock-scenario header. */
function splitScenario(pathname, header) {
  const m = /^\/s\/([^/]*)(\/.*)?$/.exec(pathname);
  const fromPath = m ? percentDecode(m[1]) : '';
  return { path: m ? m[2] ?? '/' : pathname, text: [fromPath, asString(header) ?? ''].filter(Boolean).join('+') };
}

/**
 * Create a mock instance. options: { polls (default 2), jwtSecrets (merged into {"test-id":
 * "test-secret"}), verbose (default $ZAI_MOCK_VERBOSE === "1") }.
 */
export function createMock(options = {}) {
  const mock = {
    log: [],
    seq: 0,
    failCounts: new Map(),
    tasks: new Map(),
    files: new Map(),
    fileSeq: 0,
    batches: new Map(),
    voices: new Map(),
    polls: options.polls ?? DEFAULT_POLLS,
    secrets: { ...JWT_SECRETS, ...options.jwtSecrets },
    verbose: options.verbose ?? process.env.ZAI_MOCK_VERBOSE === '1',
    reset() {
      mock.log.length = 0; // in place: callers hold a reference to mock.log
      mock.seq = 0;
      mock.failCounts.clear();
      mock.tasks.clear();
      mock.files.clear();
      mock.batches.clear();
      mock.voices.clear();
    },
  };

  function handle(req, res) {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://zai-mock.invalid');
    } catch {
      return false;
    }
    if (url.pathname.startsWith('/__mock/')) {
      const ctx = makeContext(mock, req, res, url.pathname, url, '');
      serveControl(ctx).catch((err) => failRequest(ctx, err));
      return true;
    }
    const { path, text } = splitScenario(url.pathname, req.headers['x-mock-scenario']);
    if (path !== '/api' && !path.startsWith('/api/')) return false;
    const ctx = makeContext(mock, req, res, path, url, text);
    serveApi(ctx).catch((err) => failRequest(ctx, err));
    return true;
  }

  return { handle, log: mock.log, reset: mock.reset };
}

// ------------------------------------------------------------------------------------------------
// Command line
// ------------------------------------------------------------------------------------------------

function portFrom(argv, env) {
  let raw = env.ZAI_MOCK_PORT || '4010';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') raw = argv[++i];
    else if (argv[i].startsWith('--port=')) raw = argv[i].slice('--port='.length);
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`zai-mock: bad port ${raw}\n`);
    process.exit(2);
  }
  return port;
}

function main() {
  const port = portFrom(process.argv.slice(2), process.env);
  const mock = createMock();
  const server = http.createServer((req, res) => {
    if (mock.handle(req, res)) return;
    const body = JSON.stringify({ error: { code: '1222', message: `The API ${req.url} does not exist.` } });
    res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': chatId(), 'access-control-allow-origin': req.headers.origin ?? '*' });
    res.end(body);
  });
  server.on('error', (err) => {
    process.stderr.write(`zai-mock: ${err.code === 'EADDRINUSE' ? `port ${port} is in use` : err.message}\n`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`zai-mock listening on http://127.0.0.1:${server.address().port}\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections(); // includes the hang-* scenarios' open sockets
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
