// Type test of the built package's index.d.ts: loading, the client, chat, streams and errors
// (compile-only, never run): node_modules/.bin/tsc -p tests/types (see tsconfig.json).
// Every `@ts-expect-error` line must fail to type-check; everything else must pass.
import init, {
  initSync, ZaiClient, ZAI_BASE_URL, ZAI_CODING_BASE_URL, BIGMODEL_BASE_URL,
  ZaiError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  RateLimitError, InternalServerError, APIConnectionError, APITimeoutError, APIUserAbortError,
  InvalidRequestError, ChatCompletionStream, AgentStream, TranscriptionStream, assistantMessage,
} from 'zai-wasm';
import type {
  ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, ChatMessage, ClientOptions,
  RequestOptions, Stream, Tool, ToolCall, Usage, AsyncTask, FinishReason, AgentChunk, TranscriptionChunk,
  AssistantMessage,
} from 'zai-wasm';

/** Compile-time equality: `expectType<T>()(value)` fails unless the value's type is exactly T. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

async function loading() {
  await init();
  await init({ module_or_path: new URL('zai_wasm_bg.wasm', import.meta.url) });
  await init({ module_or_path: fetch('/zai_wasm_bg.wasm') });
  initSync({ module: new Uint8Array() });
  // @ts-expect-error init takes { module_or_path }, not a bare number
  await init(42);
  const bases: string[] = [ZAI_BASE_URL, ZAI_CODING_BASE_URL, BIGMODEL_BASE_URL];
  assertType<Equal<typeof ZAI_BASE_URL, 'https://api.z.ai/api'>>();
  return bases;
}

function clients() {
  new ZaiClient();
  new ZaiClient({ apiKey: 'id.secret', jwt: true });
  new ZaiClient({ apiKey: () => 'k' });
  new ZaiClient({ apiKey: async () => (await fetch('/token')).text() });
  const all: ClientOptions = {
    apiKey: 'k', baseURL: ZAI_CODING_BASE_URL, timeout: 1000, streamIdleTimeout: 500, maxRetries: 0,
    defaultHeaders: { 'x-a': 'b', 'x-drop': null }, acceptLanguage: 'zh-CN', jwt: false, fetch: globalThis.fetch,
  };
  new ZaiClient({ defaultHeaders: new Headers({ a: 'b' }) });
  new ZaiClient({ fetch: (url, init) => fetch(url, { ...init, credentials: 'include' }) });
  // @ts-expect-error apiKey is a string or a provider function
  new ZaiClient({ apiKey: 42 });
  // @ts-expect-error timeout is a number of ms
  new ZaiClient({ timeout: '30s' });
  // @ts-expect-error a typo in an option name
  new ZaiClient({ baseUrl: 'https://x' });
  new ZaiClient({ maxConcurrency: 2 });
  new ZaiClient({ maxConcurrency: { 'glm-4.5-flash': 1, '*': 5 } });
  // @ts-expect-error maxConcurrency is a number or numbers by model
  new ZaiClient({ maxConcurrency: '2' });
  // @ts-expect-error a model's budget is a number
  new ZaiClient({ maxConcurrency: { 'glm-4.6': true } });
  const c = new ZaiClient(all);
  c.free();
  return c;
}

async function chat(client: ZaiClient) {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'terse' },
    { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'https://x/a.png' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    { role: 'tool', content: '{"ok":true}', tool_call_id: 'c1' },
  ];
  const tools: Tool[] = [
    { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'web_search', web_search: { search_engine: 'search_pro_jina', search_result: true } },
    { type: 'retrieval', retrieval: { knowledge_id: 'k' } },
  ];
  const options: RequestOptions = {
    signal: AbortSignal.timeout(1000), timeout: 5, maxRetries: 1, headers: { 'x-a': 'b', 'x-drop': null },
    onResponse: ({ status, headers, requestId }) => console.log(status + 1, headers.get('content-type'), requestId?.length),
  };
  // @ts-expect-error onResponse gets one info object
  const badHook: RequestOptions = { onResponse: (status: number) => status };

  // Non-stream: a ChatCompletion.
  const completion = await client.chat.completions.create({
    model: 'glm-4.6', messages, tools, tool_choice: 'auto', thinking: { type: 'enabled' }, temperature: 0.6,
    top_p: 0.9, max_tokens: 100, stop: ['\n'], do_sample: true, response_format: { type: 'json_object' },
    request_id: 'req-123456', user_id: 'user-123456', seed: 1, reasoning_effort: 'high',
  }, options);
  assertType<Equal<typeof completion, ChatCompletion>>();
  const content: string | null = completion.choices[0].message.content;
  const reasoning: string | undefined = completion.choices[0].message.reasoning_content;
  const finish: FinishReason | null = completion.choices[0].finish_reason;
  const calls: ToolCall[] | undefined = completion.choices[0].message.tool_calls;
  const usage: Usage | undefined = completion.usage;
  completion.usage?.prompt_tokens_details?.cached_tokens;
  completion.web_search?.[0].link;
  // A model the type does not list still type-checks (open string union).
  await client.chat.completions.create({ model: 'glm-9-future', messages, stream: false });
  // @ts-expect-error content may be null: not a plain string
  const notNull: string = completion.choices[0].message.content;
  // @ts-expect-error a non-stream result is not async iterable
  for await (const chunk of completion) chunk;
  // @ts-expect-error model is required
  await client.chat.completions.create({ messages });
  // @ts-expect-error messages is required
  await client.chat.completions.create({ model: 'glm-4.6' });
  // @ts-expect-error temperature is a number
  await client.chat.completions.create({ model: 'glm-4.6', messages, temperature: '0.5' });
  // @ts-expect-error a misspelled parameter
  await client.chat.completions.create({ model: 'glm-4.6', messages, temprature: 0.5 });
  // @ts-expect-error role is one of system/user/assistant/tool
  await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'bot', content: 'x' }] });
  // @ts-expect-error a tool message needs tool_call_id
  await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'tool', content: 'x' }] });
  // @ts-expect-error chat image_url is an object { url }
  await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'u' }] }] });
  // @ts-expect-error the second argument is RequestOptions
  await client.chat.completions.create({ model: 'glm-4.6', messages }, { signal: 'stop' });

  // Stream: narrowed by the literal `stream: true`.
  const stream = await client.chat.completions.create({ model: 'glm-4.6', messages, stream: true, tool_stream: true });
  assertType<Equal<typeof stream, ChatCompletionStream>>();
  const rid: string | undefined = stream.requestId;
  for await (const chunk of stream) {
    assertType<Equal<typeof chunk, ChatCompletionChunk>>();
    const d = chunk.choices[0]?.delta;
    const text: string | undefined = d?.content;
    const think: string | undefined = d?.reasoning_content;
    const argsPart: string | undefined = d?.tool_calls?.[0].function?.arguments;
    chunk.usage?.total_tokens;
    [text, think, argsPart];
    // @ts-expect-error chunks carry `delta`, not `message`
    chunk.choices[0].message;
  }
  const final: ChatCompletion = await stream.finalChatCompletion();
  const r = await stream.next();
  if (!r.done) assertType<Equal<typeof r.value, ChatCompletionChunk>>();
  await stream.return();
  stream.abort();
  const rs: ReadableStream<ChatCompletionChunk> = stream.toReadableStream();
  const [a, b] = rs.tee();
  const asStream: Stream<ChatCompletionChunk> = stream;
  const iterable: AsyncIterable<ChatCompletionChunk> = stream;
  // @ts-expect-error a stream is not a ChatCompletion
  stream.choices;
  // @ts-expect-error the stream base class is a type only (not exported at runtime)
  new Stream();

  // A params object typed as the union gives the union of results.
  const p: ChatCompletionCreateParams = Math.random() > 0.5 ? { model: 'glm-4.6', messages, stream: true } : { model: 'glm-4.6', messages };
  const either = await client.chat.completions.create(p);
  assertType<Equal<typeof either, ChatCompletion | ChatCompletionStream>>();
  if (either instanceof ChatCompletionStream) await either.finalChatCompletion();
  else either.choices;

  // createAsync never streams.
  const task: AsyncTask = await client.chat.completions.createAsync({ model: 'glm-4.6', messages });
  const status: 'PROCESSING' | 'SUCCESS' | 'FAIL' | (string & {}) = task.task_status;
  // @ts-expect-error createAsync takes no `stream: true`
  await client.chat.completions.createAsync({ model: 'glm-4.6', messages, stream: true });

  return [badHook, content, reasoning, finish, calls, usage, notNull, rid, final, a, b, asStream, iterable, status];
}

async function otherStreams(client: ZaiClient) {
  const agent = await client.agents.invoke({
    agent_id: 'general_translation', stream: true,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
    custom_variables: { source_lang: 'en', target_lang: 'zh-CN', strategy: 'general' },
  });
  assertType<Equal<typeof agent, AgentStream>>();
  for await (const ch of agent) assertType<Equal<typeof ch, AgentChunk>>();
  // @ts-expect-error only chat streams accumulate a ChatCompletion
  await agent.finalChatCompletion();
  const agentJson = await client.agents.invoke({ agent_id: 'general_translation', messages: [] });
  // @ts-expect-error a non-stream agent answer is not async iterable
  for await (const ch of agentJson) ch;

  const tr = await client.audio.transcriptions.create({ model: 'glm-asr-2512', file: new Blob([]), stream: true });
  assertType<Equal<typeof tr, TranscriptionStream>>();
  for await (const ch of tr) assertType<Equal<typeof ch, TranscriptionChunk>>();
  // @ts-expect-error only chat streams accumulate a ChatCompletion
  await tr.finalChatCompletion();
  const trJson = await client.audio.transcriptions.create({ model: 'glm-asr-2512', file_base64: 'AAA' });
  const text: string = trJson.text;
  // @ts-expect-error a non-stream transcription is not async iterable
  for await (const ch of trJson) ch;
  // @ts-expect-error file and file_base64 exclude each other
  await client.audio.transcriptions.create({ model: 'glm-asr-2512', file: new Blob([]), file_base64: 'AAA' });
  return text;
}

async function errors(client: ZaiClient) {
  try {
    await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] });
  } catch (e) {
    if (e instanceof ZaiError) {
      const status: number | undefined = e.status;
      const code: string | undefined = e.code;
      const requestId: string | undefined = e.requestId;
      const retryable: boolean = e.retryable;
      const body: unknown = e.body;
      const message: string = e.message;
      const err: Error = e;
      // @ts-expect-error name is one of the documented class names
      const other: typeof e.name = 'TypeError';
      // @ts-expect-error fields are read-only
      e.retryable = false;
      [status, code, requestId, retryable, body, message, err, other];
    }
    if (e instanceof RateLimitError) {
      assertType<Equal<typeof e.name, 'RateLimitError'>>();
      if (e.retryable && e.code === '1302') return;
    }
    if (e instanceof APITimeoutError) {
      const conn: APIConnectionError = e;
      const api: APIError = e;
      [conn, api];
    }
    if (e instanceof InvalidRequestError) {
      // @ts-expect-error an InvalidRequestError is not an APIError
      const api: APIError = e;
      api;
    }
    const classes = [
      BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, InternalServerError,
      APIUserAbortError,
    ];
    return classes;
  }
}

/** Thinking that carries over: the assistant message goes straight back into `messages`. */
async function thinking(client: ZaiClient) {
  const params = {
    model: 'glm-4.7',
    messages: [{ role: 'user', content: 'Hi' }] as ChatMessage[],
    thinking: { type: 'enabled', clear_thinking: false } as const,
  };
  const stream = await client.chat.completions.create({ ...params, stream: true });
  const fromStream = stream.assistantMessage();
  assertType<Equal<typeof fromStream, Promise<AssistantMessage>>>();
  params.messages.push(await fromStream, { role: 'user', content: 'And?' });
  const completion = await client.chat.completions.create(params);
  const m = assistantMessage(completion, params);
  assertType<Equal<typeof m, AssistantMessage>>();
  const reasoning: string | undefined = m.reasoning_content;
  const calls: ToolCall[] | undefined = m.tool_calls;
  params.messages.push(m, ...(calls ?? []).map((c): ChatMessage => ({ role: 'tool', tool_call_id: c.id, content: '{}' })));
  assistantMessage(completion);
  assistantMessage(completion, { thinking: { type: 'enabled' } });
  // @ts-expect-error the role is always 'assistant'
  const user: 'user' = m.role;
  // @ts-expect-error it takes a completion, not a stream (use stream.assistantMessage())
  assistantMessage(stream);
  // @ts-expect-error the stream's method takes no arguments: it knows the request's thinking
  stream.assistantMessage(params);
  return [reasoning, user];
}

export { loading, clients, chat, otherStreams, errors, thinking };
