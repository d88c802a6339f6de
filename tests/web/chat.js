// Chat completions against the mock: results, the exact wire request, and stream behaviour.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, textOf } = h;

  const MODEL = 'glm-4.6';

  async function chatNonStream(t) {
    const c = t.client();
    const r = await c.chat.completions.create({ model: MODEL, messages: USER_HI });
    eq(r.choices[0].message.content, REPLY, 'content');
    eq(r.choices[0].message.role, 'assistant', 'role');
    eq(r.choices[0].finish_reason, 'stop', 'finish_reason');
    eq(r.model, MODEL, 'model');
    ok(/^\d{14}[0-9a-f]{16}$/.test(r.id), `id looks like a Z.AI id: ${r.id}`);
    ok(r.usage.total_tokens === r.usage.prompt_tokens + r.usage.completion_tokens, 'usage adds up');
  }

  async function chatWireRequest(t) {
    const c = t.client({ apiKey: 'abc123.def456' });
    const params = {
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', content: '{"ok":true}', tool_call_id: 'call_1' },
      ],
      temperature: 1,
      top_p: 1,
      max_tokens: 1024,
      stop: ['END'],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } }],
      tool_choice: 'auto',
      thinking: { type: 'enabled', clear_thinking: false },
      reasoning_effort: 'high',
      response_format: { type: 'json_object' },
      request_id: 'req-000123',
      user_id: 'user-42abc',
      do_sample: true,
      seed: 7,
    };
    await c.chat.completions.create(params);
    const [req] = await t.log();
    eq(req.method, 'POST', 'method');
    eq(req.path, '/api/paas/v4/chat/completions', 'path');
    eq(req.headers.authorization, 'Bearer abc123.def456', 'authorization');
    ok(req.headers['content-type'].startsWith('application/json'), 'content-type json');
    eq(req.headers['accept-language'], 'en-US,en', 'accept-language');
    eq(req.headers.accept, 'application/json', 'accept');
    // Sent exactly as given: same keys, same values, nothing added, temperature 1 not rewritten.
    eq(req.json, params, 'body');
    ok(!req.body.includes('null'), 'no null fields were added');
  }

  async function chatNullAndUnsetFields(t) {
    const c = t.client();
    await c.chat.completions.create({ model: MODEL, messages: USER_HI, temperature: undefined, thinking: undefined });
    const [req] = await t.log();
    eq(Object.keys(req.json), ['model', 'messages'], 'only set fields are sent');
  }

  async function chatRequestIdHeader(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    ok(typeof s.requestId === 'string' && s.requestId.length > 0, 'stream.requestId from x-request-id');
    await collect(s);
  }

  async function chatStreamBasic(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    ok(s instanceof t.classes.ChatCompletionStream, 'a ChatCompletionStream');
    const chunks = await collect(s);
    ok(chunks.length > 3, `several chunks (${chunks.length})`);
    eq(textOf(chunks), REPLY, 'content');
    for (const ch of chunks.slice(0, -1)) ok(ch.choices[0].finish_reason == null, 'no finish_reason before the end');
    eq(chunks[chunks.length - 1].choices[0].finish_reason, 'stop', 'last finish_reason');
    ok(chunks[chunks.length - 1].usage, 'usage on the last chunk');
    const [req] = await t.log();
    eq(req.json.stream, true, 'stream:true sent');
    eq(req.headers.accept, 'text/event-stream', 'accept for streams');
  }

  async function chatStreamFinalEqualsNonStream(t) {
    // Pinned id and time, so two requests can give byte-identical answers.
    const pin = 'id=20251020113005f0e1d2c3b4a59687;created=1760931005';
    for (const scenario of [pin, `reasoning;${pin}`, `tools;${pin}`, `tool-stream;${pin}`]) {
      const c = t.client({}, scenario);
      const whole = await c.chat.completions.create({ model: MODEL, messages: USER_HI });
      const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
      await collect(s);
      const fin = await s.finalChatCompletion();
      // Stream chunks carry no request_id on the real service (zai-api.md §1.6); all else matches.
      const { request_id: _, ...rest } = whole;
      eq(fin, rest, `final == non-stream (${scenario})`);
    }
  }

  async function chatStreamFinalWithoutIterating(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    const fin = await s.finalChatCompletion();
    eq(fin.choices[0].message.content, REPLY, 'content');
    eq(fin.choices[0].finish_reason, 'stop', 'finish_reason');
    ok(fin.usage && fin.usage.total_tokens > 0, 'usage');
    eq(await s.finalChatCompletion(), fin, 'a second call gives the same answer');
    eq(await s.next(), { done: true }, 'the stream is consumed');
  }

  async function chatStreamReasoning(t) {
    const c = t.client({}, 'reasoning');
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    const chunks = await collect(s);
    ok(textOf(chunks, 'reasoning_content').length > 0, 'reasoning chunks');
    eq(textOf(chunks), REPLY, 'content separate from reasoning');
    const fin = await s.finalChatCompletion();
    eq(fin.choices[0].message.reasoning_content, textOf(chunks, 'reasoning_content'), 'final reasoning');
  }

  async function chatStreamToolsOneShot(t) {
    const c = t.client({}, 'tools');
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    const chunks = await collect(s);
    ok(chunks.filter((ch) => ch.choices[0].finish_reason === 'tool_calls').length === 2,
      'finish_reason tool_calls on two chunks (Transcript B)');
    const fin = await s.finalChatCompletion();
    const calls = fin.choices[0].message.tool_calls;
    eq(calls.length, 1, 'one call');
    eq(calls[0].type, 'function', 'type');
    ok(typeof calls[0].function.arguments === 'string', 'arguments is a string');
    JSON.parse(calls[0].function.arguments);
    eq(fin.choices[0].finish_reason, 'tool_calls', 'finish_reason');
  }

  async function chatStreamToolStream(t) {
    const c = t.client({}, 'tool-stream');
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true, tool_stream: true });
    const chunks = await collect(s);
    const fragments = chunks.filter((ch) => ch.choices[0].delta.tool_calls).length;
    ok(fragments > 2, `arguments arrive in fragments (${fragments})`);
    const fin = await s.finalChatCompletion();
    const calls = fin.choices[0].message.tool_calls;
    eq(calls.length, 2, 'two parallel calls merged by index');
    for (const call of calls) {
      ok(call.id && call.function.name, 'id and name kept from the first fragment');
      JSON.parse(call.function.arguments);
    }
  }

  async function chatStreamNextProtocol(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    let text = '';
    for (;;) {
      const r = await s.next();
      if (r.done) break;
      text += r.value.choices[0].delta.content || '';
    }
    eq(text, REPLY, 'content via next()');
    eq(await s.next(), { done: true }, 'done stays done');
  }

  async function chatStreamToReadableStream(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    const rs = s.toReadableStream();
    ok(rs instanceof ReadableStream, 'a ReadableStream');
    const [a, b] = rs.tee();
    const read = async (r) => {
      const reader = r.getReader();
      const out = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return out;
        out.push(value);
      }
    };
    const [ca, cb] = await Promise.all([read(a), read(b)]);
    eq(textOf(ca), REPLY, 'branch a');
    eq(textOf(cb), REPLY, 'branch b');
  }

  async function chatStreamConsumedOnce(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    await collect(s);
    let threw = null;
    try {
      for await (const _ of s) { /* never */ }
    } catch (e) {
      threw = e;
    }
    ok(threw && /already been consumed/.test(threw.message), 'second iteration throws a clear error');
  }

  async function chatStreamFinishReasons(t) {
    for (const reason of ['length', 'sensitive', 'network_error']) {
      const c = t.client({}, `finish=${reason}`);
      const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
      const chunks = await collect(s);
      eq(chunks[chunks.length - 1].choices[0].finish_reason, reason, 'terminal finish_reason delivered');
      eq((await s.finalChatCompletion()).choices[0].finish_reason, reason, 'in the final completion');
    }
  }

  async function chatStreamNoDone(t) {
    // A clean end of body after the finishing chunk is a complete answer even without [DONE].
    const c = t.client({}, 'no-done');
    const s = await c.chat.completions.create({ model: MODEL, messages: USER_HI, stream: true });
    eq(textOf(await collect(s)), REPLY, 'content');
  }

  return { chatNonStream, chatWireRequest, chatNullAndUnsetFields, chatRequestIdHeader, chatStreamBasic, chatStreamFinalEqualsNonStream, chatStreamFinalWithoutIterating, chatStreamReasoning, chatStreamToolsOneShot, chatStreamToolStream, chatStreamNextProtocol, chatStreamToReadableStream, chatStreamConsumedOnce, chatStreamFinishReasons, chatStreamNoDone };
}
