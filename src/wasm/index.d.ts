// Types of the zai-wasm package entry. Wire field names are snake_case, as on the wire.

/** Instantiates the .wasm once; later calls are no-ops. */
export default function init(
  input?: { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module } | undefined,
): Promise<unknown>;
/** Synchronous instantiation from bytes or a compiled module. */
export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;

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
  /** Sign a short-lived HS256 token from an `id.secret` key instead of sending the key. */
  jwt?: boolean;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
  headers?: HeadersInit | Record<string, string | null | undefined>;
}

export class ZaiClient {
  constructor(options?: ClientOptions);
  readonly chat: { readonly completions: ChatCompletions };
  free(): void;
}

export interface ChatCompletions {
  create(params: ChatCompletionCreateParamsStreaming, options?: RequestOptions): Promise<ChatCompletionStream>;
  create(params: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): Promise<ChatCompletion>;
  create(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<ChatCompletion | ChatCompletionStream>;
  createAsync(params: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): Promise<AsyncTask>;
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
  [extra: string]: unknown;
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

// ---------------------------------------------------------------- streams

/** An SSE stream of parsed chunks. Iterate it once with `for await`. */
export class Stream<Chunk> implements AsyncIterableIterator<Chunk> {
  private constructor();
  /** The `x-request-id` of the response, when the server sent one. */
  readonly requestId: string | undefined;
  [Symbol.asyncIterator](): this;
  next(): Promise<IteratorResult<Chunk, undefined>>;
  /** Stops early and cancels the request (what `break` calls). */
  return(): Promise<IteratorResult<Chunk, undefined>>;
  /** Cancels now: pending and later reads reject with `APIUserAbortError`. */
  abort(): void;
  /** A ReadableStream of chunk objects; cancelling it cancels the request. */
  toReadableStream(): ReadableStream<Chunk>;
}

export class ChatCompletionStream extends Stream<ChatCompletionChunk> {
  /** Consumes the rest and resolves to the accumulated completion (content, reasoning, tool calls, finish_reason, usage). */
  finalChatCompletion(): Promise<ChatCompletion>;
}
export class AgentStream extends Stream<Record<string, unknown>> {}
export class TranscriptionStream extends Stream<Record<string, unknown>> {}

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
export class APIError extends ZaiError {}
export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}
export class APIConnectionError extends APIError {}
export class APITimeoutError extends APIConnectionError {}
export class APIUserAbortError extends APIError {}
export class InvalidRequestError extends ZaiError {}
