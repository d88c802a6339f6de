// The one scenario every runtime test runs, wherever the package is loaded: a page, a Web Worker,
// Node, Deno, Bun, workerd, and the Vite / webpack / esbuild production builds. Plain ES module,
// no imports: it gets the package's exports (`zai`) from its caller, so each caller loads the
// package its own way (import map, bundler, 'zai-wasm' by name, a workerd module...).
// Against the mock (tests/mock/server.mjs) at `baseURL`; `check()` (tests/runtimes/_lib.mjs)
// holds the result to what the mock sends.
//
//   const result = await exercise(zai, { baseURL, onPiece });   // plain JSON: postMessage-able

const MESSAGES = [{ role: 'user', content: 'Hi' }];
/** Non-ASCII, so the multipart filename's encoding is exercised too. */
export const UPLOAD_NAME = 'résumé 你好.txt';
export const UPLOAD_TEXT = 'zai-wasm upload ✓\n';

export async function exercise(zai, { baseURL, onPiece = () => {} }) {
  const { ZaiClient, ChatCompletionStream, RateLimitError, ZaiError, APIUserAbortError } = zai;
  const client = (headers = {}) =>
    new ZaiClient({ apiKey: 'runtime.test', baseURL, maxRetries: 0, defaultHeaders: headers });
  const params = { model: 'glm-4.6', messages: MESSAGES, stream: true };
  const text = (chunk) => chunk.choices[0]?.delta?.content ?? '';
  const result = {};

  // for await, handing each piece to the caller (a page renders it as it arrives).
  const stream = await client().chat.completions.create(params);
  const pieces = [];
  for await (const chunk of stream) {
    pieces.push(text(chunk));
    onPiece(text(chunk), chunk);
  }
  const final = await stream.finalChatCompletion();
  result.isStream = stream instanceof ChatCompletionStream;
  result.pieces = pieces;
  result.requestId = stream.requestId;
  result.final = final.choices[0].message.content;
  result.finish = final.choices[0].finish_reason;

  // The iterator protocol by hand (what works where ReadableStream is not async-iterable: Safari).
  const s2 = await client().chat.completions.create(params);
  let manual = '';
  for (let r = await s2.next(); !r.done; r = await s2.next()) manual += text(r.value);
  result.manual = manual;

  // toReadableStream() + getReader().
  const s3 = await client().chat.completions.create(params);
  const reader = s3.toReadableStream().getReader();
  let viaReader = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) viaReader += text(r.value);
  result.viaReader = viaReader;

  // Abort: a slow stream, cancelled by its signal after the first chunk.
  const ac = new AbortController();
  const slow = await client().chat.completions.create(params, {
    signal: ac.signal,
    headers: { 'x-mock-scenario': 'delay;ms=200' },
  });
  await slow.next();
  const pending = slow.next();
  ac.abort();
  try {
    await pending;
    result.aborted = 'not aborted';
  } catch (e) {
    result.aborted = e instanceof APIUserAbortError ? e.name : `wrong error ${e && e.name}: ${e && e.message}`;
  }

  // A typed error.
  try {
    await client({ 'x-mock-scenario': 'status=429;code=1302' }).chat.completions.create({ model: 'glm-4.6', messages: MESSAGES });
    result.error = 'no error';
  } catch (e) {
    result.error = { name: e.name, code: e.code, status: e.status, rate: e instanceof RateLimitError, zai: e instanceof ZaiError };
  }

  // An upload, where the runtime has File.
  if (typeof File === 'function') {
    const file = new File([UPLOAD_TEXT], UPLOAD_NAME, { type: 'text/plain' });
    const r = await client().files.create({ file, purpose: 'agent' });
    result.upload = { filename: r.filename, bytes: r.bytes, purpose: r.purpose };
  } else {
    result.upload = 'no File in this runtime';
  }
  return result;
}
