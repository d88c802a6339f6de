// Types of the zai-wasm package entry. Wire field names are snake_case, as on the wire.

/** Instantiates the .wasm once; later calls are no-ops. */
export default function init(
  input?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<unknown>;
/** Synchronous instantiation from bytes or a compiled module. */
export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
/** Where `init` may read the `.wasm` from (default: `zai_wasm_bg.wasm` next to the module, or the file in Node). */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export const ZAI_BASE_URL: 'https://api.z.ai/api';
export const ZAI_CODING_BASE_URL: 'https://api.z.ai/api/coding';
export const BIGMODEL_BASE_URL: 'https://open.bigmodel.cn/api';

/** A string the service may extend: known values autocomplete, others still type-check. */
type Open<T extends string> = T | (string & {});

// ---------------------------------------------------------------- client

export interface ClientOptions {
  /** The API key, or a function returning it (called per request, e.g. a token from your backend). Omit when a proxy adds it. */
  apiKey?: string | (() => string | Promise<string>);
  /** Default `https://api.z.ai/api`. */
  baseURL?: string;
  /** ms for a whole non-stream request, all attempts included. Default 300000. */
  timeout?: number;
  /** ms allowed between two stream reads. Default 60000. */
  streamIdleTimeout?: number;
  /** Default 2. */
  maxRetries?: number;
  defaultHeaders?: HeadersInit | Record<string, string | null | undefined>;
  /** Default `en-US,en`. */
  acceptLanguage?: string;
  /**
   * Send `Bearer <jwt>` instead of the key: an HS256 token signed from the `id.secret` key (or from
   * what the key function returns) as the official SDKs sign it (`exp`/`timestamp` in ms, 210 s
   * life, reused for up to 180 s). A malformed key rejects with an `InvalidRequestError`.
   */
  jwt?: boolean;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * The most a JSON or error response body may hold, in bytes as decompressed; past it the call
   * rejects with an `APIError` naming the limit as soon as the bytes arrive, and the connection is
   * released. Default 33554432 (32 MiB). It also bounds what a chat stream accumulates for
   * `finalChatCompletion()` (the values kept plus a fixed cost per choice and tool call): past it
   * the stream rejects with an `APIError` naming the limit. (One SSE event is capped at 16 MiB,
   * comments and empty data lines included.)
   */
  maxResponseBytes?: number;
  /**
   * The most calls of one model that run at once (1 to 1000); more wait in line, abortable, their
   * wait counted in their `timeout`. A number applies to every model separately (Z.AI limits
   * concurrent requests per model and key, code 1302); an object gives each named model its own
   * budget and `'*'` the others (a model it does not name, without `'*'`, is not limited). Calls
   * without a `model` parameter are never limited. Shared by every tab and worker of the origin
   * through Web Locks (`navigator.locks`), else (Node) by the clients of this realm; clients with
   * the same `baseURL` share one budget. A stream holds its slot until its body ends or it is
   * cancelled (`abort()`, `break`, `return()`): a stream left unread keeps it.
   *
   * ```ts
   * new ZaiClient({ baseURL: '/api', maxConcurrency: { 'glm-4.5-flash': 1, '*': 5 } });
   * ```
   */
  maxConcurrency?: number | Record<string, number>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** ms for the whole call, every attempt and the waits between them included. */
  timeout?: number;
  /**
   * Retries on connection failures, 408, 409, 5xx and the retryable 429 codes (1302/1303/1305).
   * When above 0 and the endpoint has a `request_id` parameter you did not set, one
   * `zai-<24 hex>` id is generated and sent in every attempt (on a copy of your params).
   */
  maxRetries?: number;
  /** Extra headers for this call; `null` removes a default header. */
  headers?: HeadersInit | Record<string, string | null | undefined>;
  /**
   * Members added to the JSON body (or the multipart form) as given, never checked: for
   * parameters the types do not know yet. A member the params also have is sent twice (JSON
   * readers take the last: this one).
   */
  extraBody?: Record<string, unknown>;
  /**
   * Called with each HTTP response of the call (one per attempt that got an answer, retries
   * included), before its body is read. A throw cancels the request and rejects the call with an
   * `InvalidRequestError` whose `cause` is the thrown value.
   */
  onResponse?: (info: ResponseInfo) => void;
  /** `maxResponseBytes` for this call (see `ClientOptions`). */
  maxResponseBytes?: number;
}

/** What `onResponse` receives. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  /** The `x-request-id` response header. */
  requestId: string | undefined;
}

export class ZaiClient {
  constructor(options?: ClientOptions);
  readonly chat: { readonly completions: ChatCompletions };
  readonly images: Images;
  readonly videos: Videos;
  readonly asyncResult: AsyncResults;
  readonly webSearch: WebSearch;
  readonly agents: Agents;
  readonly files: Files;
  readonly embeddings: Embeddings;
  readonly tokenizer: Tokenizer;
  readonly webReader: WebReader;
  readonly layoutParsing: LayoutParsing;
  readonly audio: {
    readonly transcriptions: Transcriptions;
    readonly speech: Speech;
    readonly customization: SpeechCustomization;
  };
  readonly models: Models;
  readonly moderations: Moderations;
  readonly batches: Batches;
  readonly voice: Voices;
  readonly fileParser: FileParser;
  readonly ocr: Ocr;
  /**
   * Any path under `baseURL`, with the same auth, retries, timeouts and errors: the parsed JSON
   * answer, the fetch `Response` for any other content type, or with `stream: true` a stream of
   * the parsed events.
   */
  request<T = unknown>(params: RawRequest & { stream: true }, options?: RequestOptions): Promise<Stream<T>>;
  request<T = unknown>(params: RawRequest & { stream?: false | null }, options?: RequestOptions): Promise<T | Response>;
  /**
   * The tasks stored with `persist: true` (for this client's `baseURL`). Needs the task store:
   * `import 'zai-wasm/tasks'` once (else reading it throws an `InvalidRequestError`).
   *
   * @example
   * import 'zai-wasm/tasks';
   * for (const task of await client.tasks.list()) {
   *   if (task.status === 'PROCESSING') show(await client.tasks.resume(task.id));
   * }
   */
  readonly tasks: Tasks;
  free(): void;
}

/** Options of a call that submits a task (video, async image, async chat). */
export interface TaskRequestOptions extends RequestOptions {
  /**
   * Stores the submitted task in IndexedDB, for `client.tasks` after a reload. Needs
   * `import 'zai-wasm/tasks'`; rejects with an `InvalidRequestError` where IndexedDB is missing
   * (Node), before anything is sent.
   */
  persist?: boolean;
}

/** A task stored by `persist: true` (nothing secret: no key, params or result). */
export interface StoredTask {
  id: string;
  /** What the task makes; `null` for a task first seen by `asyncResult.poll` that has not answered yet. */
  kind: 'video' | 'image' | 'chat' | null;
  model: string | null;
  /** When it was stored (ms since the epoch). */
  created: number;
  /** When its status was last written (ms since the epoch). */
  updated: number;
  /** The last `task_status` seen. */
  status: TaskStatus;
}

/** `client.tasks` (from 'zai-wasm/tasks'). Finished and failed tasks not updated for 7 days are removed by `list()`. */
export interface Tasks {
  /** The stored tasks of this client's `baseURL`, oldest first. */
  list(): Promise<StoredTask[]>;
  /** One stored task, or `undefined`. */
  get(id: string): Promise<StoredTask | undefined>;
  /**
   * Polls a stored task to its end (`asyncResult.poll` with `persist: true`), updating its record.
   * Rejects with an `InvalidRequestError` when no such task is stored.
   */
  resume(id: string, options?: PollOptions): Promise<AsyncResult>;
  /** Forgets a stored task; resolves to whether it was stored. */
  remove(id: string): Promise<boolean>;
}

export interface ChatCompletions {
  create(params: ChatCompletionCreateParamsStreaming, options?: RequestOptions): Promise<ChatCompletionStream>;
  create(params: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): Promise<ChatCompletion>;
  create(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<ChatCompletion | ChatCompletionStream>;
  createAsync(params: ChatCompletionCreateParamsNonStreaming, options?: TaskRequestOptions): Promise<AsyncTask>;
  /**
   * Tools that run in the page: streams the answer, runs the tools it calls (their `run`, in
   * parallel), sends the results back as `tool` messages and asks again, until an answer without
   * tool calls, a call of a tool without `run`, or `maxSteps` model calls. Needs the runner's own
   * entry point, imported once: `import 'zai-wasm/tools'` (else this throws an
   * `InvalidRequestError` saying so).
   *
   * ```ts
   * import 'zai-wasm/tools';
   * const runner = client.chat.completions.runTools({
   *   model: 'glm-4.6', messages, tool_stream: true,
   *   tools: [{ type: 'function', function: {
   *     name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
   *     run: async ({ city }, { signal }) => (await fetch(`/weather?city=${city}`, { signal })).json(),
   *   } }],
   * });
   * for await (const ev of runner) if (ev.type === 'content') out.textContent += ev.delta;
   * messages = runner.messages; // the whole conversation, to continue from
   * ```
   */
  runTools(params: ChatCompletionRunToolsParams, options?: RunToolsOptions): ChatToolRunner;
}

/** A function tool the runner calls itself: `run` gets the parsed, schema-checked arguments. */
export interface RunnableFunction<Args = any> {
  name: string;
  description?: string;
  /** The JSON Schema of the arguments (checked before `run`: type, enum, required, properties, items, additionalProperties: false). */
  parameters?: Record<string, unknown>;
  /** Sync or async; a string result is sent as is, anything else as JSON. A throw is sent as the error's text (see `onToolError`). */
  run(args: Args, context: { signal: AbortSignal; toolCall: ToolCall }): unknown;
}

export type RunnableTool = { type: 'function'; function: RunnableFunction };

export interface ChatCompletionRunToolsParams extends ChatCompletionCreateParamsBase {
  tools: Array<Tool | RunnableTool>;
  /** The runner always streams. */
  stream?: never;
}

export interface RunToolsOptions extends RequestOptions {
  /** The most model calls, 1 to 100 (default 10); the runner stops after it with `stopReason: 'max_steps'`. */
  maxSteps?: number;
  /** The `tool` message's content when a tool throws (default: `Error: <message>`). */
  onToolError?: (error: unknown, toolCall: ToolCall) => string;
}

/** What a runner yields, in order. `step` counts model calls from 1. */
export type ToolRunnerEvent =
  | { type: 'reasoning'; step: number; delta: string }
  | { type: 'content'; step: number; delta: string }
  /**
   * A tool call as it arrives (`done: false`, once per piece of `arguments`; `parsed` is as much
   * of the JSON as can be read so far) and once complete (`done: true`, `parsed` the arguments,
   * undefined when they are not JSON).
   */
  | { type: 'tool_call'; step: number; index: number; id: string; name: string; arguments: string; parsed: unknown; done: boolean }
  /** What was sent back for a call: the result, or `error` (a throw, or arguments that did not fit: the model is asked again). */
  | { type: 'tool_result'; step: number; index: number; id: string; name: string; content: string; error?: string }
  /** A model answer is complete (its tools not yet run). */
  | { type: 'step'; step: number; completion: ChatCompletion };

/** What `runTools` returns: the loop starts at once; iterate it (once) for its events. */
export interface ChatToolRunner extends AsyncIterable<ToolRunnerEvent> {
  /** The conversation so far: the request's messages, then each assistant turn and its `tool` messages. */
  readonly messages: ChatMessage[];
  /** Why the loop ended: an answer without tool calls, a tool without `run`, or `maxSteps`. */
  readonly stopReason: 'answer' | 'no_run' | 'max_steps' | null;
  /** Cancels the model call and every running tool (their `signal`); the runner rejects with `APIUserAbortError`. */
  abort(): void;
  /** The last model answer, once the loop is over. */
  finalChatCompletion(): Promise<ChatCompletion>;
  /** Its text. */
  finalContent(): Promise<string | null>;
}

// ---------------------------------------------------------------- chat params

export type ChatModel = Open<
  | 'glm-5.3' | 'glm-5.2' | 'glm-5.1' | 'glm-5' | 'glm-4.7' | 'glm-4.7-flash' | 'glm-4.7-flashx' | 'glm-4.6'
  | 'glm-4.5' | 'glm-4.5-air' | 'glm-4.5-x' | 'glm-4.5-airx' | 'glm-4.5-flash' | 'glm-4-32b-0414-128k'
  | 'glm-5.3-flashx' | 'glm-5.3-flash' | 'glm-4.6v' | 'glm-4.6v-flash' | 'glm-4.6v-flashx' | 'glm-4.5v'
  | 'autoglm-phone-multilingual'
>;

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } }
  | { type: 'file_url'; file_url: { url: string } }
  | { type: 'file'; file: { file_id?: string; file_url?: string; file_data?: string; filename?: string } };

export interface ToolCall {
  id: string;
  type: Open<'function' | 'web_search' | 'retrieval'>;
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content?: string | null; reasoning_content?: string; tool_calls?: ToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

/**
 * The assistant message `assistantMessage()` gives for the next turn: a shallow copy of the
 * answer's `choices[0].message` (`content` and `tool_calls` as received), with
 * `reasoning_content` byte for byte only when it must go back (preserved thinking or tool calls).
 */
export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCall[];
}

/**
 * The assistant message of a (non-stream) chat completion to append to `messages` for the next
 * turn; `params` are the request's. `reasoning_content` is kept, verbatim, when
 * `params.thinking.clear_thinking === false` (preserved thinking) or the message has tool calls
 * (interleaved thinking), and left out otherwise. Throws an `InvalidRequestError`
 * ("completion has no choices[0].message") when there is no first choice.
 */
export function assistantMessage(
  completion: ChatCompletion,
  params?: { thinking?: { type?: string; clear_thinking?: boolean } | null } | null,
): AssistantMessage;

export interface WebSearchToolOptions {
  enable?: boolean;
  search_engine?: Open<'search_pro_jina'>;
  search_query?: string;
  count?: number;
  search_domain_filter?: string;
  search_recency_filter?: 'oneDay' | 'oneWeek' | 'oneMonth' | 'oneYear' | 'noLimit';
  content_size?: 'medium' | 'high';
  result_sequence?: 'before' | 'after';
  search_result?: boolean;
  require_search?: boolean;
  search_prompt?: string;
}

export type Tool =
  | { type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown> } }
  | { type: 'retrieval'; retrieval: { knowledge_id: string; prompt_template?: string } }
  | { type: 'web_search'; web_search: WebSearchToolOptions }
  | { type: 'mcp'; mcp: Record<string, unknown> };

export interface ChatCompletionCreateParamsBase {
  model: ChatModel;
  messages: ChatMessage[];
  thinking?: { type?: 'enabled' | 'disabled'; clear_thinking?: boolean };
  reasoning_effort?: 'max' | 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none';
  do_sample?: boolean;
  /** 0 to 1. */
  temperature?: number;
  /** 0.01 to 1. */
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  tools?: Tool[];
  tool_choice?: 'auto';
  /** Stream function-call arguments as they are generated (needs `stream: true`). */
  tool_stream?: boolean;
  response_format?: { type: 'text' | 'json_object' };
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
  seed?: number;
  sensitive_word_check?: SensitiveWordCheck;
  watermark_enabled?: boolean;
  /** Free-form string pairs stored with the request. */
  meta?: Record<string, string>;
  /** CodeGeeX code completion. */
  extra?: CodeGeexExtra;
}
/** Sensitive-word checking (on by default; disabling needs the service's permission). */
export interface SensitiveWordCheck {
  /** `ALL` today. */
  type?: Open<'ALL'>;
  status?: Open<'ENABLE' | 'DISABLE'>;
}
export interface CodeGeexExtra {
  target: { path?: string; language: string; code_prefix: string; code_suffix: string };
  /** More code the completion may look at. */
  contexts?: { path: string; code: string }[];
}
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase { stream: true }
export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase { stream?: false | null }
export type ChatCompletionCreateParams = ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming;

// ---------------------------------------------------------------- chat results

export type FinishReason = Open<'stop' | 'length' | 'tool_calls' | 'sensitive' | 'network_error' | 'model_context_window_exceeded'>;

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface WebSearchResult {
  title: string;
  content: string;
  link: string;
  media?: string;
  icon?: string;
  refer?: string;
  publish_date?: string;
}

export interface ChatCompletion {
  id: string;
  request_id?: string;
  created: number;
  model: string;
  choices: Array<{
    index: number;
    finish_reason: FinishReason | null;
    message: { role: 'assistant'; content: string | null; reasoning_content?: string; tool_calls?: ToolCall[] };
  }>;
  usage?: Usage;
  web_search?: WebSearchResult[];
}

export interface ChatCompletionChunk {
  id: string;
  created: number;
  model: string;
  choices: Array<{
    index: number;
    finish_reason?: FinishReason | null;
    delta: {
      role?: 'assistant';
      content?: string;
      reasoning_content?: string;
      tool_calls?: Array<{
        index: number;
        id?: string;
        type?: Open<'function'>;
        function?: { name?: string; arguments?: string };
      }>;
    };
  }>;
  usage?: Usage;
  web_search?: WebSearchResult[];
}

export type TaskStatus = Open<'PROCESSING' | 'SUCCESS' | 'FAIL'>;

export interface AsyncTask {
  id: string;
  model: string;
  request_id: string;
  task_status: TaskStatus;
}

// ---------------------------------------------------------------- images

export interface Images {
  generate(params: ImageGenerateParams, options?: RequestOptions): Promise<ImagesResponse>;
  /** glm-image only; poll the task with `client.asyncResult.poll(task.id)` (result in `image_result`). */
  generateAsync(params: ImageGenerateParams, options?: TaskRequestOptions): Promise<AsyncTask>;
}

export type ImageModel = Open<'glm-image' | 'cogview-4-250304' | 'cogview-4' | 'cogview-3-flash' | 'cogview-3-plus'>;

export interface ImageGenerateParams {
  model: ImageModel;
  prompt: string;
  /** Default `hd` for glm-image, `standard` for the others. */
  quality?: 'hd' | 'standard';
  /** `"<W>x<H>"`; the limits depend on the model (glm-image: 1024–2048 px per side, multiples of 32). */
  size?: Open<
    | '1280x1280' | '1568x1056' | '1056x1568' | '1472x1088' | '1088x1472' | '1728x960' | '960x1728'
    | '1024x1024' | '768x1344' | '864x1152' | '1344x768' | '1152x864' | '1440x720' | '720x1440'
  >;
  /** 6 to 128 characters. */
  user_id?: string;
  /** 6 to 64 characters. */
  request_id?: string;
  watermark_enabled?: boolean;
  /** How many images (cogview models). */
  n?: number;
  response_format?: Open<'url' | 'b64_json'>;
  style?: Open<'vivid' | 'natural'>;
  /** An end-user id. */
  user?: string;
  sensitive_word_check?: SensitiveWordCheck;
}

export interface ContentFilter {
  role: Open<'assistant' | 'user' | 'history'>;
  /** 0 (most severe) to 3. */
  level: number;
}

export interface ImagesResponse {
  created: number;
  /** One image; the URL is valid for 30 days. */
  data: Array<{ url: string; b64_json?: string; revised_prompt?: string }>;
  content_filter?: ContentFilter[];
}

// ---------------------------------------------------------------- videos

export interface Videos {
  /** Starts a task; poll it with `client.asyncResult.poll(task.id)` (result in `video_result`). */
  generate(params: VideoGenerateParams, options?: TaskRequestOptions): Promise<AsyncTask>;
}

export type VideoModel = Open<
  | 'cogvideox-3' | 'viduq1-text' | 'viduq1-image' | 'vidu2-image' | 'viduq1-start-end' | 'vidu2-start-end'
  | 'vidu2-reference'
>;

export interface VideoGenerateParamsBase {
  model: VideoModel;
  /** At most 512 characters. */
  prompt?: string;
  /** URL or base64 data URI: one image, `[first, last]` frames, or up to 3 Vidu reference images. */
  image_url?: string | string[];
  quality?: 'speed' | 'quality';
  with_audio?: boolean;
  size?: Open<'1280x720' | '720x1280' | '1024x1024' | '1920x1080' | '1080x1920' | '2048x1080' | '3840x2160'>;
  fps?: 30 | 60;
  /** Seconds: CogVideoX-3 5 or 10, viduq1 5, vidu2 4. */
  duration?: 4 | 5 | 10;
  /** Vidu text-to-video. */
  style?: 'general' | 'anime';
  aspect_ratio?: '16:9' | '9:16' | '1:1';
  movement_amplitude?: 'auto' | 'small' | 'medium' | 'large';
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
  watermark_enabled?: boolean;
  /** Run when the service is less busy. */
  off_peak?: boolean;
  sensitive_word_check?: SensitiveWordCheck;
}
/** `prompt` or `image_url` (or both) must be given. */
export type VideoGenerateParams = VideoGenerateParamsBase & ({ prompt: string } | { image_url: string | string[] });

// ---------------------------------------------------------------- async results

export interface AsyncResults {
  /** The task's current state (`GET /paas/v4/async-result/{id}`). */
  retrieve(id: string, options?: RequestOptions): Promise<AsyncResult>;
  /** Retrieves until `SUCCESS`; rejects with `APIError` on `FAIL`, `APITimeoutError` at the deadline, `APIUserAbortError` on abort. */
  poll(id: string, options?: PollOptions): Promise<AsyncResult>;
}

export interface PollOptions {
  /** ms between two retrieves. Default 3000. */
  interval?: number;
  /** ms until the poll gives up. Default 600000. */
  timeout?: number;
  signal?: AbortSignal;
  /** Called after every retrieve. */
  onProgress?: (result: AsyncResult, progress: { attempt: number; elapsedMs: number }) => void;
  /** Stores the task and its status after every retrieve (see `TaskRequestOptions.persist`). */
  persist?: boolean;
}

/** A video, async image or async chat task. The result array matching the submission is set once `SUCCESS`. */
export interface AsyncResult {
  model: string;
  task_status: TaskStatus;
  request_id: string;
  id?: string;
  /** Video tasks. */
  video_result?: Array<{ url: string; cover_image_url: string }>;
  /** Async image tasks (30-day links). */
  image_result?: Array<{ url: string }>;
  /** Async chat tasks. */
  choices?: ChatCompletion['choices'];
  usage?: Usage;
}

// ---------------------------------------------------------------- web search

export interface WebSearch {
  search(params: WebSearchParams, options?: RequestOptions): Promise<WebSearchResponse>;
}

export interface WebSearchParams {
  search_engine: Open<'search-prime' | 'search_std' | 'search_pro' | 'search_pro_sogou' | 'search_pro_quark'>;
  search_query: string;
  /** 1 to 50, default 10. */
  count?: number;
  /** One domain, e.g. `www.example.com`. */
  search_domain_filter?: string;
  search_recency_filter?: 'oneDay' | 'oneWeek' | 'oneMonth' | 'oneYear' | 'noLimit';
  content_size?: 'medium' | 'high';
  /** Run intent recognition first. */
  search_intent?: boolean;
  /** Include images in the results. */
  include_image?: boolean;
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
}

export interface WebSearchResponse {
  id: string;
  created: number;
  request_id?: string;
  search_intent?: Array<{ query: string; intent: Open<'SEARCH_ALL'>; keywords: string }>;
  search_result: WebSearchResult[];
}

// ---------------------------------------------------------------- agents

export interface Agents {
  invoke(params: AgentInvokeParamsStreaming, options?: RequestOptions): Promise<AgentStream>;
  invoke(params: AgentInvokeParamsNonStreaming, options?: RequestOptions): Promise<AgentResponse>;
  invoke(params: AgentInvokeParams, options?: RequestOptions): Promise<AgentResponse | AgentStream>;
  /** The state of an async agent task (`vidu_template_agent`); a `failed` task rejects with its error code. */
  asyncResult(params: AgentAsyncResultParams, options?: RequestOptions): Promise<AgentAsyncResult>;
  /** A `slides_glm_agent` conversation's export: page images and optionally a PDF. */
  conversation(params: AgentConversationParams, options?: RequestOptions): Promise<AgentConversation>;
}

export type AgentId = Open<'general_translation' | 'vidu_template_agent' | 'slides_glm_agent'>;

/** Unlike chat, `image_url` is a plain URL string. */
export type AgentContentItem = { type: 'text'; text: string } | { type: 'image_url'; image_url: string };

export interface AgentMessage {
  role: Open<'user'>;
  content: AgentContentItem[];
}

export type TranslationLanguage = Open<
  | 'auto' | 'zh-CN' | 'zh-TW' | 'wyw' | 'yue' | 'en' | 'en-GB' | 'en-US' | 'ja' | 'ko' | 'fr' | 'de' | 'es' | 'ru'
  | 'pt' | 'it' | 'ar' | 'hi' | 'bg' | 'cs' | 'da' | 'el' | 'et' | 'fi' | 'hu' | 'id' | 'lt' | 'lv' | 'nl' | 'no'
  | 'pl' | 'ro' | 'sk' | 'sl' | 'sv' | 'th' | 'tr' | 'uk' | 'vi' | 'my' | 'ms' | 'Pinyin' | 'IPA'
>;

/** Agent-specific settings; the members of the documented agents are typed. */
export interface AgentCustomVariables {
  /** general_translation. Default `auto`. */
  source_lang?: TranslationLanguage;
  /** general_translation. Default `zh-CN`. */
  target_lang?: TranslationLanguage;
  /** general_translation: a glossary file id (`client.files.create`). */
  glossary?: string;
  /** general_translation. Default `general`. */
  strategy?: Open<'general' | 'paraphrase' | 'two_step' | 'three_step' | 'reflection' | 'cot'>;
  strategy_config?: { general?: { suggestion?: string }; cot?: { reason_lang?: 'from' | 'to' } };
  /** vidu_template_agent (required there). */
  template?: Open<'french_kiss' | 'bodyshake' | 'sexy_me'>;
  /** Settings of other agents. */
  [extra: string]: unknown;
}

export interface AgentInvokeParamsBase {
  agent_id: AgentId;
  messages: AgentMessage[];
  /** 6 to 64 characters. */
  request_id?: string;
  /** slides_glm_agent: continue an existing deck. */
  conversation_id?: string;
  custom_variables?: AgentCustomVariables;
  /** 6 to 128 characters. */
  user_id?: string;
}
export interface AgentInvokeParamsStreaming extends AgentInvokeParamsBase { stream: true }
export interface AgentInvokeParamsNonStreaming extends AgentInvokeParamsBase { stream?: false | null }
export type AgentInvokeParams = AgentInvokeParamsStreaming | AgentInvokeParamsNonStreaming;

export type AgentStatus = Open<'pending' | 'success' | 'failed'>;

/** An item of an agent's answer (the URL fields are plain strings). */
export type AgentOutputContent =
  | { type: 'text'; text: string; tag_cn?: string; tag_en?: string }
  | {
      type: 'object';
      tag_cn?: string;
      tag_en?: string;
      /** slides: a tool step; `output` is the slide HTML for page tools, `position` the affected page numbers. */
      object: { tool_name: Open<'search' | 'insert_page'>; input: string; output: string; position: number[] };
    }
  | { type: 'image_url'; image_url: string; tag_cn?: string; tag_en?: string }
  | { type: 'file_url'; file_url: string; tag_cn?: string; tag_en?: string }
  | { type: 'video_url'; video_url: string };

export interface AgentOutputMessage {
  role: 'assistant';
  /** slides_glm_agent. */
  phase?: Open<'thinking' | 'tool' | 'answer'>;
  /** One item (translation) or a list (slides, async results). */
  content: AgentOutputContent | AgentOutputContent[];
}

export interface AgentUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  total_calls?: number;
}

export interface AgentError {
  code: string;
  message: string;
}

/** Agents answer in different shapes: translation uses `messages`, slides and async results `message` (an array). */
export interface AgentChoice {
  index: number;
  finish_reason?: FinishReason | null;
  messages?: AgentOutputMessage[];
  message?: AgentOutputMessage | AgentOutputMessage[];
}

export interface AgentResponse {
  id?: string;
  agent_id: string;
  conversation_id?: string;
  status?: AgentStatus;
  /** vidu_template_agent: the task to pass to `agents.asyncResult`. */
  async_id?: string;
  choices?: AgentChoice[];
  usage?: AgentUsage;
  error?: AgentError;
}

/** One event of an `AgentStream` (translation: `delta`; slides: `message`). */
export interface AgentChunk {
  id?: string;
  agent_id: string;
  conversation_id?: string;
  choices: Array<{
    index: number;
    finish_reason?: FinishReason | null;
    delta?: { role?: 'assistant'; content?: AgentOutputContent | AgentOutputContent[] };
    message?: AgentOutputMessage | AgentOutputMessage[];
    messages?: AgentOutputMessage[];
  }>;
  usage?: AgentUsage;
  error?: AgentError;
}

export interface AgentAsyncResultParams {
  agent_id: AgentId;
  async_id: string;
  conversation_id?: string;
  custom_variables?: Record<string, unknown>;
}

export interface AgentAsyncResult {
  status: AgentStatus;
  agent_id: string;
  async_id: string;
  /** Once `success`: `message[].content[]` items `{ type: 'video_url', video_url }`. */
  choices?: Array<{ index: number; finish_reason?: FinishReason | null; message: AgentOutputMessage[] }>;
  error?: AgentError;
}

export interface AgentConversationParams {
  agent_id: AgentId;
  conversation_id: string;
  custom_variables?: {
    include_pdf?: boolean;
    /** Page sizes in points. */
    pages?: Array<{ position?: number; width?: number; height?: number }>;
    [extra: string]: unknown;
  };
}

export interface AgentConversation {
  conversation_id: string;
  agent_id: string;
  /** `content[]` items are `file_url` (the PDF) and `image_url` (pages). */
  choices: Array<{ message: AgentOutputMessage[] }>;
  error?: AgentError;
}

// ---------------------------------------------------------------- files

export interface Files {
  /** Multipart upload; the filename is the `File`'s name (`"file"` for a plain `Blob`). */
  create(params: FileCreateParams, options?: RequestOptions): Promise<FileObject>;
  /** A page of the uploaded files (`GET /paas/v4/files?purpose=&limit=&after=&order=`). */
  list(params?: FileListParams, options?: RequestOptions): Promise<FileList>;
  /** `DELETE /paas/v4/files/{file_id}`. */
  delete(fileId: string, options?: RequestOptions): Promise<FileDeleted>;
  /** The file's bytes: the fetch `Response`, its status checked (`await res.blob()`). */
  content(fileId: string, options?: RequestOptions): Promise<Response>;
}

export interface FileCreateParamsBase {
  purpose: Open<'agent' | 'user_data' | 'retrieval' | 'batch' | 'fine-tune' | 'voice-clone-input'>;
  /** The knowledge base `retrieval` files go to. */
  knowledge_id?: string;
  /** Characters per chunk when a `retrieval` file is split. */
  sentence_size?: number;
}
/** A document the service fetches by URL (each sent as its own form field holding its JSON). */
export interface FileUploadDetail {
  url: string;
  knowledge_type: number;
  file_name?: string;
  sentence_size?: number;
  custom_separator?: string[];
  callback_url?: string;
  callback_header?: Record<string, string>;
}
/** A `file`, or documents by URL in `upload_detail` (or both). */
export type FileCreateParams = FileCreateParamsBase & (
  /** `agent`: ≤100 MB, pdf/doc/xlsx/ppt/txt/jpg/png. */
  | { file: Blob; upload_detail?: FileUploadDetail[] }
  | { file?: Blob; upload_detail: FileUploadDetail[] }
);

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  filename: string;
  purpose: string;
  created_at: number;
  status?: string;
  status_details?: string;
}

// ---------------------------------------------------------------- embeddings

export interface Embeddings {
  create(params: EmbeddingCreateParams, options?: RequestOptions): Promise<EmbeddingsResponse>;
}

export interface EmbeddingCreateParams {
  model: Open<'embedding-3' | 'embedding-2'>;
  input: string | string[];
  dimensions?: number;
  encoding_format?: Open<'float'>;
  /** 6 to 64 characters. */
  request_id?: string;
  user?: string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] }>;
  model: string;
  usage: { prompt_tokens: number; completion_tokens?: number; total_tokens: number };
}

// ---------------------------------------------------------------- tokenizer

export interface Tokenizer {
  count(params: TokenizerCountParams, options?: RequestOptions): Promise<TokenizerResponse>;
}

export interface TokenizerCountParams {
  model: Open<'glm-4.6' | 'glm-4.6v' | 'glm-4.5'>;
  messages: ChatMessage[];
  tools?: Tool[];
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
}

export interface TokenizerResponse {
  id: string;
  created: number;
  request_id: string;
  usage: { prompt_tokens: number; image_tokens: number; video_tokens: number; total_tokens: number };
}

// ---------------------------------------------------------------- web reader

export interface WebReader {
  read(params: WebReaderParams, options?: RequestOptions): Promise<WebReaderResponse>;
}

export interface WebReaderParams {
  url: string;
  /** Seconds. Default 20. */
  timeout?: number;
  /** Default false. */
  no_cache?: boolean;
  /** Default `markdown`. */
  return_format?: Open<'markdown' | 'text'>;
  /** Default true. */
  retain_images?: boolean;
  /** Disable GitHub Flavored Markdown. Default false. */
  no_gfm?: boolean;
  /** Default false. */
  keep_img_data_url?: boolean;
  /** Default false. */
  with_images_summary?: boolean;
  /** Default false. */
  with_links_summary?: boolean;
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
}

export interface WebReaderResponse {
  id: string;
  created: number;
  request_id: string;
  model: string;
  reader_result: {
    content: string;
    description?: string;
    title?: string;
    url: string;
    external?: { stylesheet?: Record<string, unknown> };
    metadata?: { keywords?: string; viewport?: string; description?: string; 'format-detection'?: string };
  };
}

// ---------------------------------------------------------------- layout parsing

export interface LayoutParsing {
  parse(params: LayoutParsingParams, options?: RequestOptions): Promise<LayoutParsingResponse>;
}

export interface LayoutParsingParams {
  model: Open<'glm-ocr'>;
  /** URL or base64 of an image (≤10 MB) or PDF (≤50 MB). */
  file: string;
  return_crop_images?: boolean;
  need_layout_visualization?: boolean;
  /** PDF: first page to parse, from 1. */
  start_page_id?: number;
  /** PDF: last page to parse, from 1. */
  end_page_id?: number;
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
}

export interface LayoutBlock {
  index: number;
  label: Open<'image' | 'text' | 'formula' | 'table'>;
  /** `[x1, y1, x2, y2]`, each 0–1 of the page size. */
  bbox_2d: [number, number, number, number];
  content: string;
  width: number;
  height: number;
}

export interface LayoutParsingResponse {
  id: string;
  created: number;
  model: string;
  md_results: string;
  /** One list of blocks per page. */
  layout_details: LayoutBlock[][];
  /** Image URLs (when `need_layout_visualization`). */
  layout_visualization?: string[];
  data_info: { num_pages: number; pages: Array<{ width: number; height: number }> };
  usage?: Usage;
  request_id: string;
}

// ---------------------------------------------------------------- audio

export interface Transcriptions {
  create(params: TranscriptionCreateParamsStreaming, options?: RequestOptions): Promise<TranscriptionStream>;
  create(params: TranscriptionCreateParamsNonStreaming, options?: RequestOptions): Promise<Transcription>;
  create(params: TranscriptionCreateParams, options?: RequestOptions): Promise<Transcription | TranscriptionStream>;
}

export interface TranscriptionCreateParamsBase {
  model: Open<'glm-asr-2512'>;
  /** Earlier transcript as context, under 8000 characters. */
  prompt?: string;
  /** At most 100. */
  hotwords?: string[];
  /** 6 to 64 characters. */
  request_id?: string;
  /** 6 to 128 characters. */
  user_id?: string;
}
/** The audio (wav/mp3, ≤25 MB, ≤30 s): a `Blob`/`File`, or base64 text. */
export type TranscriptionAudio = { file: Blob; file_base64?: undefined } | { file_base64: string; file?: undefined };
export type TranscriptionCreateParamsStreaming = TranscriptionCreateParamsBase & TranscriptionAudio & { stream: true };
export type TranscriptionCreateParamsNonStreaming = TranscriptionCreateParamsBase & TranscriptionAudio & { stream?: false | null };
export type TranscriptionCreateParams = TranscriptionCreateParamsStreaming | TranscriptionCreateParamsNonStreaming;

export interface Transcription {
  id: string;
  created: number;
  request_id: string;
  model: string;
  text: string;
}

/** One event of a `TranscriptionStream`: text deltas, then `transcript.text.done`. */
export interface TranscriptionChunk {
  id: string;
  created: number;
  model: string;
  type: Open<'transcript.text.delta' | 'transcript.text.done'>;
  delta: string;
}

export interface Speech {
  /** `POST /paas/v4/audio/speech`: with `stream: true` a `SpeechStream`, else the audio as the fetch `Response` (status checked). */
  create(params: SpeechCreateParamsStreaming, options?: RequestOptions): Promise<SpeechStream>;
  create(params: SpeechCreateParamsNonStreaming, options?: RequestOptions): Promise<Response>;
  create(params: SpeechCreateParams, options?: RequestOptions): Promise<Response | SpeechStream>;
}

export interface SpeechCreateParamsBase {
  model: Open<'glm-tts'>;
  /** The text to speak (at most 1024 characters). */
  input?: string;
  /** `tongtong`, `chuichui`, `xiaochen`, ... or a cloned voice's id. */
  voice?: Open<'tongtong' | 'chuichui' | 'xiaochen' | 'jam' | 'kazi' | 'douji' | 'luodo'>;
  /** `wav` or `pcm` (default `pcm`). */
  response_format?: Open<'wav' | 'pcm'>;
  /** For streams: how the audio is written in the chunks (default `base64`). */
  encode_format?: 'base64' | 'hex';
  /** 0.5 to 2 (default 1). */
  speed?: number;
  /** Above 0, at most 10 (default 1). */
  volume?: number;
  watermark_enabled?: boolean;
  sensitive_word_check?: SensitiveWordCheck;
  request_id?: string;
  user_id?: string;
}
export type SpeechCreateParamsStreaming = SpeechCreateParamsBase & { stream: true };
export type SpeechCreateParamsNonStreaming = SpeechCreateParamsBase & { stream?: false | null };
export type SpeechCreateParams = SpeechCreateParamsStreaming | SpeechCreateParamsNonStreaming;

/** One event of a `SpeechStream`. */
export interface SpeechChunk {
  id?: string;
  created?: number;
  model?: string;
  choices: Array<{
    index: number;
    /** `content`: a piece of the audio, base64 (or hex) text; decoding it is yours. */
    delta: { role?: 'assistant'; content?: string; return_sample_rate?: number; return_format?: string };
    finish_reason?: string | null;
  }>;
  usage?: Usage;
}

export interface SpeechCustomization {
  /** `POST /paas/v4/audio/customization` (multipart): speech in the voice of `voice_data`; the audio as the fetch `Response`. */
  create(params: SpeechCustomizationParams, options?: RequestOptions): Promise<Response>;
}

export interface SpeechCustomizationParams {
  model: Open<'glm-tts-clone'>;
  input?: string;
  /** What is said in `voice_data`. */
  voice_text?: string;
  /** The voice sample. */
  voice_data?: Blob;
  response_format?: Open<'wav' | 'pcm'>;
  watermark_enabled?: boolean;
  sensitive_word_check?: SensitiveWordCheck;
  request_id?: string;
  user_id?: string;
}

// ---------------------------------------------------------------- streams

/**
 * An SSE stream of parsed chunks. Iterate it once with `for await` (or `next()` where that is
 * unavailable). The base class is not exported at runtime, hence a type-only export.
 */
declare class Stream<Chunk> implements AsyncIterableIterator<Chunk> {
  protected constructor();
  /** The `x-request-id` of the response, when the server sent one. */
  readonly requestId: string | undefined;
  [Symbol.asyncIterator](): this;
  next(): Promise<IteratorResult<Chunk, undefined>>;
  /** Stops early and cancels the request (what `break` calls). */
  return(): Promise<IteratorResult<Chunk, undefined>>;
  /**
   * Cancels now: pending and later reads reject with `APIUserAbortError`, also when the whole
   * body has arrived but chunks are still unread; once done has been reported it does nothing.
   */
  abort(): void;
  /** A ReadableStream of chunk objects; cancelling it cancels the request. */
  toReadableStream(): ReadableStream<Chunk>;
}

export class ChatCompletionStream extends Stream<ChatCompletionChunk> {
  /**
   * Consumes the rest and resolves to the accumulated completion (content, reasoning, tool calls,
   * finish_reason, usage). What it keeps is bounded by `maxResponseBytes`: past it the stream
   * rejects with an `APIError` naming the limit. Rejects with the error that ended the stream.
   */
  finalChatCompletion(): Promise<ChatCompletion>;
  /**
   * Consumes the rest like `finalChatCompletion()` (and rejects like it) and resolves to the
   * assistant message to append to `messages` for the next turn, by the rule of the exported
   * `assistantMessage()` applied with the params the stream was created with (their `thinking`
   * is read now).
   */
  assistantMessage(): Promise<AssistantMessage>;
}
export class AgentStream extends Stream<AgentChunk> {}
export class TranscriptionStream extends Stream<TranscriptionChunk> {}
/** The chunks of `audio.speech.create({ stream: true })`: base64 (or hex) audio in `choices[0].delta.content`. */
export class SpeechStream extends Stream<SpeechChunk> {}
export type { Stream };

// ---------------------------------------------------------------- errors

export class ZaiError extends Error {
  /** The HTTP status, when there was an HTTP answer. */
  readonly status: number | undefined;
  /** The Z.AI business code, e.g. `"1302"`. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean;
  /** The error body: parsed JSON when it was JSON, else the raw text. */
  readonly body: unknown;
  readonly name:
    | 'ZaiError' | 'APIError' | 'BadRequestError' | 'AuthenticationError' | 'PermissionDeniedError'
    | 'NotFoundError' | 'RateLimitError' | 'InternalServerError' | 'APIConnectionError'
    | 'APITimeoutError' | 'APIUserAbortError' | 'InvalidRequestError';
}
/** Any non-2xx status without a more specific class, or an error object inside a 200 body or stream. */
export class APIError extends ZaiError {
  readonly name: Exclude<ZaiError['name'], 'ZaiError' | 'InvalidRequestError'>;
}
/** HTTP 400. */
export class BadRequestError extends APIError { readonly name: 'BadRequestError' }
/** HTTP 401. */
export class AuthenticationError extends APIError { readonly name: 'AuthenticationError' }
/** HTTP 403. */
export class PermissionDeniedError extends APIError { readonly name: 'PermissionDeniedError' }
/** HTTP 404. */
export class NotFoundError extends APIError { readonly name: 'NotFoundError' }
/** HTTP 429: `retryable` tells a concurrency limit (1302) from an empty balance (1113). */
export class RateLimitError extends APIError { readonly name: 'RateLimitError' }
/** HTTP 5xx. */
export class InternalServerError extends APIError { readonly name: 'InternalServerError' }
/** No HTTP answer: network, DNS, a CORS refusal, or a stream cut short. `status` is `undefined`. */
export class APIConnectionError extends APIError { readonly name: 'APIConnectionError' | 'APITimeoutError' }
/** `timeout` or `streamIdleTimeout` ran out. */
export class APITimeoutError extends APIConnectionError { readonly name: 'APITimeoutError' }
/** The caller's `signal` aborted (or `stream.abort()`). */
export class APIUserAbortError extends APIError { readonly name: 'APIUserAbortError' }
/** Bad parameters caught before sending; the message names the field. `status` is `undefined`. */
export class InvalidRequestError extends ZaiError { readonly name: 'InvalidRequestError' }

// ---------------------------------------------------------------- the rest of the platform

export interface FileListParams {
  purpose?: Open<'agent' | 'batch' | 'file-extract' | 'voice-clone-input'>;
  limit?: number;
  /** The id after which the page starts. */
  after?: string;
  order?: Open<'asc' | 'desc'>;
}

export interface FileList {
  object: 'list';
  data: FileObject[];
  has_more?: boolean;
}

export interface FileDeleted {
  id: string;
  object: 'file';
  deleted: boolean;
}

export interface Models {
  /** `GET /paas/v4/models`. */
  list(options?: RequestOptions): Promise<ModelList>;
}

export interface Model {
  id: string;
  object: 'model';
  created?: number;
  owned_by?: string;
}

export interface ModelList {
  object: 'list';
  data: Model[];
}

export interface Moderations {
  /** `POST /paas/v4/moderations`. */
  create(params: ModerationCreateParams, options?: RequestOptions): Promise<ModerationResponse>;
}

export interface ModerationCreateParams {
  model: Open<'moderation'>;
  /** A text, a list of texts, or a content object (`{ type: 'text', text }`, `{ type: 'image_url', image_url: { url } }`, ...). */
  input: string | string[] | Record<string, unknown>;
}

export interface ModerationResponse {
  id?: string;
  request_id?: string;
  created?: number;
  model?: string;
  /** Per input: `{ content_type, risk_level, risk_type }`. */
  result_list?: Array<{ content_type?: string; risk_level?: string; risk_type?: string[] }>;
  usage?: { [key: string]: number };
  [key: string]: unknown;
}

export interface Batches {
  /** `POST /paas/v4/batches`: runs the requests of a JSONL file uploaded with purpose `batch`. */
  create(params: BatchCreateParams, options?: RequestOptions): Promise<Batch>;
  /** `GET /paas/v4/batches/{batch_id}`. */
  retrieve(batchId: string, options?: RequestOptions): Promise<Batch>;
  /** `GET /paas/v4/batches?after=&limit=`. */
  list(params?: BatchListParams, options?: RequestOptions): Promise<BatchList>;
  /** `POST /paas/v4/batches/{batch_id}/cancel`. */
  cancel(batchId: string, options?: RequestOptions): Promise<Batch>;
}

export interface BatchCreateParams {
  input_file_id: string;
  endpoint: Open<'/v1/chat/completions' | '/v1/embeddings'>;
  completion_window?: Open<'24h'>;
  metadata?: Record<string, string>;
  /** Default `true`: the input file is deleted once the batch is done. */
  auto_delete_input_file?: boolean;
}

export interface BatchListParams {
  /** The id after which the page starts. */
  after?: string;
  /** 1 to 100; default 20. */
  limit?: number;
}

export interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: Open<'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled'>;
  output_file_id?: string | null;
  error_file_id?: string | null;
  created_at: number;
  in_progress_at?: number | null;
  expires_at?: number | null;
  finalizing_at?: number | null;
  completed_at?: number | null;
  failed_at?: number | null;
  expired_at?: number | null;
  cancelling_at?: number | null;
  cancelled_at?: number | null;
  request_counts?: { total: number; completed: number; failed: number };
  errors?: { object?: 'list'; data?: Array<{ code?: string; line?: number; message?: string; param?: string }> } | null;
  metadata?: Record<string, string> | null;
}

export interface BatchList {
  object: 'list';
  data: Batch[];
  first_id?: string;
  last_id?: string;
  has_more: boolean;
}

export interface Voices {
  /** `POST /paas/v4/voice/clone`: a new voice from a sample uploaded with purpose `voice-clone-input`. */
  clone(params: VoiceCloneParams, options?: RequestOptions): Promise<VoiceCloneResult>;
  /** `GET /paas/v4/voice/list` (the filters go as the query fields `voiceType` / `voiceName`). */
  list(params?: VoiceListParams, options?: RequestOptions): Promise<VoiceList>;
  /** `POST /paas/v4/voice/delete`. */
  delete(params: VoiceDeleteParams, options?: RequestOptions): Promise<VoiceDeleteResult>;
}

export interface VoiceCloneParams {
  voice_name: string;
  /** What is said in the sample. */
  text: string;
  /** A text to preview the new voice with. */
  input: string;
  file_id: string;
  model: Open<'glm-tts-clone'>;
  request_id?: string;
}

export interface VoiceCloneResult {
  /** The new voice's id: `voice` of `audio.speech.create`. */
  voice: string;
  file_id: string;
  file_purpose: string;
}

export interface VoiceListParams {
  voice_type?: Open<'OFFICIAL' | 'PRIVATE'>;
  voice_name?: string;
  request_id?: string;
}

export interface VoiceList {
  voice_list: Array<{ voice: string; voice_name: string; voice_type: string; download_url: string; create_time: string }>;
}

export interface VoiceDeleteParams {
  voice: string;
  request_id?: string;
}

export interface VoiceDeleteResult {
  voice: string;
  /** `yyyy-MM-dd HH:mm:ss`. */
  update_time: string;
}

export interface FileParser {
  /** `POST /paas/v4/files/parser/create` (multipart): a task id for `content`. */
  create(params: FileParserCreateParams, options?: RequestOptions): Promise<FileParserTask>;
  /** `GET /paas/v4/files/parser/result/{task_id}/{format_type}`: the text, or a download link. */
  content(taskId: string, formatType: 'text' | 'download_link', options?: RequestOptions): Promise<FileParserResult>;
  /** `POST /paas/v4/files/parser/sync` (multipart, `tool_type: 'prime-sync'`): the result at once. */
  createSync(params: FileParserSyncParams, options?: RequestOptions): Promise<FileParserResult>;
}

export interface FileParserCreateParams {
  file: Blob;
  /** The document's type: `pdf`, `docx`, `png`, ... */
  file_type?: string;
  tool_type: 'lite' | 'expert' | 'prime';
}

export interface FileParserSyncParams {
  file: Blob;
  file_type?: string;
  tool_type: 'prime-sync';
}

export interface FileParserTask {
  task_id: string;
  message: string;
  success: boolean;
}

export interface FileParserResult {
  task_id: string;
  message: string;
  status: string | boolean;
  /** Format `text`. */
  content?: string;
  /** Format `download_link`. */
  parsing_result_url?: string;
}

export interface Ocr {
  /** `POST /paas/v4/files/ocr` (multipart). */
  handwriting(params: HandwritingOcrParams, options?: RequestOptions): Promise<HandwritingOcrResult>;
}

export interface HandwritingOcrParams {
  /** The image. */
  file: Blob;
  tool_type: 'hand_write';
  /** `CHN_ENG`, `ENG`, ... */
  language_type?: string;
  /** Also return each line's confidence. */
  probability?: boolean;
}

export interface HandwritingOcrResult {
  task_id: string;
  message: string;
  status: string;
  words_result_num: number;
  words_result?: Array<{
    location: { left: number; top: number; width: number; height: number };
    words: string;
    probability?: { average: number; variance: number; min: number };
  }>;
}

/** `client.request(params)`. */
export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `baseURL`, e.g. `/paas/v4/models` (no `//`, no `..`). */
  path: string;
  /** Strings, numbers and booleans; `null`/`undefined` members are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** A JSON value (sent as JSON), or a string, `Blob`, `FormData`, `URLSearchParams`, `ArrayBuffer` as it is. */
  body?: unknown;
  stream?: boolean | null;
}

// Only the declarations marked `export` above are part of the package.
export {};
