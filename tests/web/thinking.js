// Thinking that carries over (issue 18 item 2): `stream.assistantMessage()` and
// `assistantMessage(completion, params)` give the message to append for the next turn, keeping
// `reasoning_content` byte for byte when preserved thinking (`clear_thinking: false`) or tool
// calls need it, and dropping it otherwise. With `clear_thinking: false` the mock rejects a turn
// whose earlier reasoning is missing or altered (400 1214, docs/MOCK.md), so every accepted next
// turn below is the service's own check passing.
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, textOf } = h;

  const MODEL = 'glm-4.7';
  const PRESERVED = { type: 'enabled', clear_thinking: false };

  /** The mock's preserved reasoning of turn n: not trimmed, multi-line, non-ASCII. */
  function checkReasoning(r, n) {
    ok(typeof r === 'string' && r.includes(`Turn ${n} (zai-mock preserved thinking)`), `turn ${n} reasoning: ${JSON.stringify(r)}`);
    ok(r !== r.trim() && r.includes('\n') && r.includes('🤔') && r.includes('先想一想'), 'reasoning with spaces, newlines, CJK, emoji');
  }

  /** The assistant messages the mock received in its last logged request. */
  async function sentAssistants(t) {
    const log = await t.log();
    return log[log.length - 1].json.messages.filter((m) => m.role === 'assistant');
  }

  async function thinkingPreservedStream(t) {
    const c = t.client();
    const messages = [...USER_HI];
    const kept = [];
    for (let n = 1; n <= 3; n++) {
      // Turns 2 and 3 are accepted only if every earlier reasoning came back verbatim.
      const s = await c.chat.completions.create({ model: MODEL, messages, thinking: PRESERVED, stream: true });
      const chunks = await collect(s);
      const msg = await s.assistantMessage();
      eq(Object.keys(msg), ['role', 'content', 'reasoning_content'], 'message keys');
      eq(msg.role, 'assistant', 'role');
      eq(msg.content, REPLY, 'content');
      checkReasoning(msg.reasoning_content, n);
      ok(msg.reasoning_content === textOf(chunks, 'reasoning_content'), 'reasoning equals the streamed deltas byte for byte');
      kept.push(msg.reasoning_content);
      messages.push(msg, { role: 'user', content: `Turn ${n + 1}, please.` });
    }
    const last = await c.chat.completions.create({ model: MODEL, messages, thinking: PRESERVED });
    checkReasoning(last.choices[0].message.reasoning_content, 4);
    eq((await sentAssistants(t)).map((m) => m.reasoning_content), kept, 'the mock received the three reasonings in order');
  }

  async function thinkingPreservedNonStream(t) {
    const { assistantMessage } = t.classes;
    const c = t.client();
    const params = { model: MODEL, messages: [...USER_HI], thinking: PRESERVED };
    const kept = [];
    for (let n = 1; n <= 3; n++) {
      const r = await c.chat.completions.create(params);
      const msg = assistantMessage(r, params);
      eq(msg, { role: 'assistant', content: REPLY, reasoning_content: r.choices[0].message.reasoning_content }, 'message');
      ok(msg.reasoning_content === r.choices[0].message.reasoning_content, 'reasoning kept byte for byte');
      checkReasoning(msg.reasoning_content, n);
      kept.push(msg.reasoning_content);
      params.messages.push(msg, { role: 'user', content: `Turn ${n + 1}, please.` });
    }
    const s = await c.chat.completions.create({ ...params, stream: true });
    checkReasoning((await s.assistantMessage()).reasoning_content, 4);
    eq((await sentAssistants(t)).map((m) => m.reasoning_content), kept, 'the mock received the three reasonings in order');
  }

  async function thinkingDropRule(t) {
    const { assistantMessage } = t.classes;
    const c = t.client({}, 'reasoning');
    for (const thinking of [undefined, { type: 'enabled' }, { type: 'enabled', clear_thinking: true }, { type: 'disabled' }]) {
      const params = { model: MODEL, messages: USER_HI, thinking };
      const r = await c.chat.completions.create(params);
      ok(r.choices[0].message.reasoning_content.length > 0, 'the answer had reasoning (else nothing is dropped)');
      eq(assistantMessage(r, params), { role: 'assistant', content: REPLY }, `non-stream, thinking ${JSON.stringify(thinking)}`);
      eq(assistantMessage(r), { role: 'assistant', content: REPLY }, 'no params: the default (dropped)');
      const s = await c.chat.completions.create({ ...params, stream: true });
      const msg = await s.assistantMessage();
      ok(!('reasoning_content' in msg), `stream, thinking ${JSON.stringify(thinking)}: no reasoning_content key`);
      eq(msg, { role: 'assistant', content: REPLY }, 'stream message');
      ok((await s.finalChatCompletion()).choices[0].message.reasoning_content.length > 0, 'the stream had reasoning');
    }
  }

  async function thinkingToolCalls(t) {
    const { assistantMessage } = t.classes;
    // Interleaved thinking, clear_thinking left at its default: the reasoning goes back with the calls.
    const s = await t.client({}, 'tool-stream').chat.completions.create({ model: MODEL, messages: USER_HI, stream: true, tool_stream: true });
    const msg = await s.assistantMessage();
    const fin = (await s.finalChatCompletion()).choices[0].message;
    ok(fin.tool_calls.length === 2 && fin.reasoning_content.length > 0, 'two calls and reasoning');
    eq(msg, { role: 'assistant', content: fin.content, reasoning_content: fin.reasoning_content, tool_calls: fin.tool_calls }, 'stream message');
    eq(Object.keys(msg.tool_calls[1]), ['id', 'type', 'function'], 'call keys as accumulated');
    eq(Object.keys(msg.tool_calls[1].function), ['name', 'arguments'], 'function keys');
    const params = { model: MODEL, messages: USER_HI };
    const r = await t.client({}, 'tools+reasoning').chat.completions.create(params);
    const m = r.choices[0].message;
    eq(assistantMessage(r, params), { role: 'assistant', content: m.content, reasoning_content: m.reasoning_content, tool_calls: m.tool_calls }, 'non-stream message');

    // A tool loop under preserved thinking: the call turn's reasoning must come back with the results.
    const loop = { model: MODEL, messages: [...USER_HI], thinking: PRESERVED };
    const call = await t.client({}, 'tools').chat.completions.create({ ...loop, stream: true });
    const turn1 = await call.assistantMessage();
    checkReasoning(turn1.reasoning_content, 1);
    eq(turn1.tool_calls.length, 1, 'one call');
    const result = { role: 'tool', tool_call_id: turn1.tool_calls[0].id, content: '{"temp":21}' };
    const plain = t.client();
    const withoutReasoning = { ...turn1 };
    delete withoutReasoning.reasoning_content;
    await t.rejects(plain.chat.completions.create({ ...loop, messages: [...USER_HI, withoutReasoning, result] }), 'BadRequestError',
      (e) => ok(/^messages\[1\]\.reasoning_content is missing/.test(e.message), `names the message: ${e.message}`));
    const next = await plain.chat.completions.create({ ...loop, messages: [...USER_HI, turn1, result] });
    checkReasoning(next.choices[0].message.reasoning_content, 2);
    eq(next.choices[0].message.content, REPLY, 'answer after the tool result');
  }

  async function thinkingAlteredReasoningRejected(t) {
    const { assistantMessage } = t.classes;
    const c = t.client();
    const params = { model: MODEL, messages: [...USER_HI], thinking: PRESERVED };
    const msg = assistantMessage(await c.chat.completions.create(params), params);
    const next = (m) => c.chat.completions.create({ ...params, messages: [...USER_HI, m, { role: 'user', content: 'And?' }] });
    // Each alteration a careless client makes is refused; the message as given is accepted.
    for (const reasoning of [msg.reasoning_content.trim(), unescape(encodeURIComponent(msg.reasoning_content)), msg.reasoning_content.replace(/\n/g, '\r\n'), `${msg.reasoning_content} `]) {
      ok(reasoning !== msg.reasoning_content, 'the alteration changes the text');
      await t.rejects(next({ ...msg, reasoning_content: reasoning }), 'BadRequestError', (e) => {
        eq(e.status, 400, 'status');
        eq(e.code, '1214', 'business code');
        ok(/^messages\[1\]\.reasoning_content differs/.test(e.message), `names the message: ${e.message}`);
      });
    }
    await t.rejects(next({ role: 'assistant', content: msg.content }), 'BadRequestError',
      (e) => ok(/^messages\[1\]\.reasoning_content is missing/.test(e.message), `missing: ${e.message}`));
    checkReasoning((await next(msg)).choices[0].message.reasoning_content, 2);
  }

  async function thinkingAssistantMessageErrors(t) {
    const { assistantMessage, InvalidRequestError } = t.classes;
    for (const bad of [{ choices: [] }, {}, null, undefined, { choices: [{ index: 0 }] }]) {
      let err;
      try {
        assistantMessage(bad, { thinking: PRESERVED });
      } catch (e) {
        err = e;
      }
      ok(err instanceof InvalidRequestError, `${JSON.stringify(bad)}: InvalidRequestError, got ${err}`);
      eq(err.message, 'completion has no choices[0].message', 'message');
    }
    // A stream that failed: assistantMessage() rejects with the error that ended it.
    const failed = await t.client({}, 'stream-error').chat.completions.create({ model: MODEL, messages: USER_HI, thinking: PRESERVED, stream: true });
    await t.rejects(failed.assistantMessage(), 'APIError', (e) => eq(e.code, '1302', 'the stream error'));
    // Before the end: it reads the rest; it can be asked again, and after finalChatCompletion().
    const s = await t.client().chat.completions.create({ model: MODEL, messages: USER_HI, thinking: PRESERVED, stream: true });
    const p = s.assistantMessage();
    ok(p instanceof Promise, 'returns a Promise');
    const a = await p;
    checkReasoning(a.reasoning_content, 1);
    eq(await s.assistantMessage(), a, 'asked twice');
    await s.finalChatCompletion();
    eq(await s.assistantMessage(), a, 'after finalChatCompletion()');
  }

  return { thinkingPreservedStream, thinkingPreservedNonStream, thinkingDropRule, thinkingToolCalls, thinkingAlteredReasoningRejected, thinkingAssistantMessageErrors };
}
