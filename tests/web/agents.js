// Agents against the mock: invoke (JSON and AgentStream), async results, conversation export.
// Agent paths hang off the API root (/api/v1/agents), not /api/paas/v4 (zai-api.md A.2, §6–§9).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { collect, eq, ok, httpErrors, invalidParams, jsonRequest } = h;

  const text = (s) => ({ type: 'text', text: s });
  const user = (...content) => [{ role: 'user', content }];

  // zai-api.md §6.2 example.
  const TRANSLATE = {
    agent_id: 'general_translation',
    stream: false,
    messages: user(text('The weather is lovely today.')),
    custom_variables: {
      source_lang: 'auto',
      target_lang: 'zh-CN',
      strategy: 'general',
      strategy_config: { general: { suggestion: 'Keep it informal.' } },
    },
  };
  const LONG = 'Streaming agents deliver their answer in many small pieces, one event at a time.';

  async function agentsInvokeTranslation(t) {
    const c = t.client();
    const r = await c.agents.invoke(TRANSLATE);
    eq(r.agent_id, 'general_translation', 'agent_id');
    eq(r.status, 'success', 'status');
    eq(r.choices[0].finish_reason, 'stop', 'finish_reason');
    eq(r.choices[0].messages, [{ role: 'assistant', content: { type: 'text', text: '今天天气真好。' } }], 'messages (plural, content object)');
    eq(r.usage.total_calls, 1, 'usage.total_calls');
    ok(r.usage.total_tokens === r.usage.prompt_tokens + r.usage.completion_tokens, 'usage adds up');
    const log = await t.log();
    eq(log.length, 1, 'one request');
    jsonRequest(log[0], '/api/v1/agents', TRANSLATE);
  }

  async function agentsInvokeStream(t) {
    const c = t.client();
    const params = { ...TRANSLATE, stream: true, custom_variables: { target_lang: 'en' }, messages: user(text(LONG)) };
    const s = await c.agents.invoke(params);
    ok(s instanceof t.classes.AgentStream, 'an AgentStream');
    ok(s instanceof t.classes.Stream, 'a Stream');
    ok(!(s instanceof t.classes.ChatCompletionStream), 'not a chat stream');
    ok(typeof s.requestId === 'string' && s.requestId.length > 0, 'requestId');
    const chunks = await collect(s);
    ok(chunks.length > 5, `several chunks (${chunks.length})`);
    eq(chunks.map((ch) => ch.choices[0].delta.content.text).join(''), `[en] ${LONG}`, 'text');
    for (const ch of chunks) eq(ch.agent_id, 'general_translation', 'agent_id on every chunk');
    const last = chunks[chunks.length - 1];
    eq(last.choices[0].finish_reason, 'stop', 'finish_reason on the last chunk');
    ok(last.usage && last.usage.total_tokens > 0, 'usage on the last chunk');
    const [req] = await t.log();
    jsonRequest(req, '/api/v1/agents', params, 'text/event-stream');
    eq(await s.next(), { done: true }, 'consumed');
  }

  async function agentsInvokeStreamBreak(t) {
    const c = t.client({}, 'delay;ms=50');
    const s = await c.agents.invoke({ ...TRANSLATE, stream: true, custom_variables: { target_lang: 'en' }, messages: user(text(LONG)) });
    let n = 0;
    for await (const ch of s) {
      ok(ch.choices[0].delta.content.text.length > 0, 'a text piece');
      if (++n === 2) break;
    }
    eq(n, 2, 'two chunks then break');
    const log = await t.settledLog((l) => l.length > 0 && l[l.length - 1].aborted);
    ok(log[log.length - 1].aborted, 'break cancelled the request');
    eq(await s.next(), { done: true }, 'the stream is over');
  }

  async function agentsInvokeSlidesStream(t) {
    const c = t.client();
    const params = { agent_id: 'slides_glm_agent', stream: true, conversation_id: 'conv_7f0e2b', request_id: 'slides-req-01', messages: user(text('GLM 发布会')) };
    const s = await c.agents.invoke(params);
    ok(s instanceof t.classes.AgentStream, 'an AgentStream');
    const chunks = await collect(s);
    eq(chunks.map((ch) => ch.choices[0].message[0].phase), ['thinking', 'tool', 'answer'], 'phases');
    for (const ch of chunks) eq(ch.conversation_id, 'conv_7f0e2b', 'conversation_id');
    const tool = chunks[1].choices[0].message[0].content[0];
    eq(tool.type, 'object', 'tool item');
    eq(tool.object.tool_name, 'insert_page', 'tool_name');
    eq(tool.object.position, [1], 'position');
    ok(tool.object.output.includes('GLM 发布会'), 'slide html');
    jsonRequest((await t.log())[0], '/api/v1/agents', params, 'text/event-stream');
    // Non-stream: the same messages in one answer, `message` an array.
    const whole = await c.agents.invoke({ ...params, stream: false });
    eq(whole.choices[0].message.map((m) => m.phase), ['thinking', 'tool', 'answer'], 'non-stream phases');
  }

  async function agentsViduAsyncResult(t) {
    const c = t.client({}, 'polls=1');
    const params = {
      agent_id: 'vidu_template_agent',
      request_id: 'vidu-req-0001',
      messages: user(text('Make them dance'), { type: 'image_url', image_url: 'https://example.com/photo.jpg' }),
      custom_variables: { template: 'bodyshake' },
    };
    const r = await c.agents.invoke(params);
    eq(r.status, 'pending', 'status');
    eq(r.agent_id, 'vidu_template_agent', 'agent_id');
    ok(typeof r.async_id === 'string' && r.async_id.length > 0, 'async_id');
    const query = { agent_id: 'vidu_template_agent', async_id: r.async_id };
    const pending = await c.agents.asyncResult(query);
    eq(pending, { status: 'pending', agent_id: 'vidu_template_agent', async_id: r.async_id }, 'still pending');
    const done = await c.agents.asyncResult(query);
    eq(done.status, 'success', 'success');
    const item = done.choices[0].message[0].content[0];
    eq(item.type, 'video_url', 'a video item');
    ok(item.video_url.endsWith(`/__mock/asset/${r.async_id}.mp4`), `video url (a plain string): ${item.video_url}`);
    const log = await t.log();
    jsonRequest(log[0], '/api/v1/agents', params);
    jsonRequest(log[1], '/api/v1/agents/async-result', query);
    jsonRequest(log[2], '/api/v1/agents/async-result', query);
  }

  async function agentsAsyncResultFailed(t) {
    const c = t.client({}, 'polls=0;task-fail');
    const r = await c.agents.invoke({ agent_id: 'vidu_template_agent', messages: user(text('x')), custom_variables: { template: 'french_kiss' } });
    // A failed task is answered with the failure envelope (status 200): it rejects, with the code.
    await t.rejects(c.agents.asyncResult({ agent_id: 'vidu_template_agent', async_id: r.async_id }), 'APIError', (e) => {
      eq(e.code, '1234', 'business code');
      eq(e.status, 200, 'HTTP status');
      eq(e.body.status, 'failed', 'the failure envelope is the body');
      eq(e.body.async_id, r.async_id, 'async_id');
    });
    await t.rejects(c.agents.asyncResult({ agent_id: 'vidu_template_agent', async_id: 'no-such-task' }), 'NotFoundError', (e) => {
      eq(e.status, 404, 'status');
      eq(e.code, '1214', 'business code');
      eq(e.body.agent_id, 'vidu_template_agent', 'agent envelope');
    });
  }

  async function agentsConversation(t) {
    const c = t.client();
    const params = {
      agent_id: 'slides_glm_agent',
      conversation_id: 'conv_7f0e2b',
      custom_variables: { include_pdf: true, pages: [{ position: 1, width: 960, height: 540 }, { position: 2, width: 960, height: 540 }] },
    };
    const r = await c.agents.conversation(params);
    eq(r.conversation_id, 'conv_7f0e2b', 'conversation_id');
    eq(r.agent_id, 'slides_glm_agent', 'agent_id');
    const content = r.choices[0].message[0].content;
    eq(content.map((x) => x.type), ['file_url', 'image_url', 'image_url'], 'a PDF, then one image per page');
    ok(content[0].file_url.endsWith('/__mock/asset/conv_7f0e2b.pdf'), 'pdf url');
    eq(content[1].tag_en, 'Cover', 'cover');
    ok(content[2].image_url.endsWith('/__mock/asset/conv_7f0e2b_p2.png'), 'page 2 url');
    jsonRequest((await t.log())[0], '/api/v1/agents/conversation', params);
  }

  async function agentsErrors(t) {
    await httpErrors(t, (c) => c.agents.invoke(TRANSLATE));
    await httpErrors(t, (c) => c.agents.invoke({ ...TRANSLATE, stream: true }));
    await httpErrors(t, (c) => c.agents.asyncResult({ agent_id: 'vidu_template_agent', async_id: 'x' }));
    await httpErrors(t, (c) => c.agents.conversation({ agent_id: 'slides_glm_agent', conversation_id: 'conv_1' }));
    // The service's own checks, in the agent failure envelope.
    const c = t.client();
    await t.rejects(c.agents.invoke({ ...TRANSLATE, agent_id: 'no_such_agent' }), 'BadRequestError', (e) => {
      eq(e.code, '1214', 'unknown agent');
      eq(e.body.status, 'failed', 'agent envelope');
    });
    await t.rejects(c.agents.invoke({ agent_id: 'vidu_template_agent', messages: user(text('x')) }), 'BadRequestError',
      (e) => eq(e.code, '1213', 'template missing'));
  }

  async function agentsInvalidParams(t) {
    await invalidParams(t, (c, p) => c.agents.invoke(p), [
      [{ messages: user(text('x')) }, 'agent_id is required'],
      [{ agent_id: 'general_translation' }, 'messages is required'],
      [{ agent_id: 'general_translation', messages: [] }, 'messages must not be empty'],
      [{ agent_id: 'general_translation', messages: [{ role: 'user', content: 'Hello' }] }, 'messages[0].content must be an array'],
      [{ agent_id: 'general_translation', messages: [{ role: 'user', content: [] }] }, 'messages[0].content must not be empty'],
      [{ agent_id: 'general_translation', messages: [{ content: [text('x')] }] }, 'messages[0].role is required'],
      [{ agent_id: 'vidu_template_agent', messages: user(text('x'), { type: 'image_url', image_url: { url: 'https://x' } }) },
        'messages[0].content[1].image_url must be a string'],
      [{ agent_id: 'a', messages: user({ type: 'audio' }) }, 'messages[0].content[0].type must be one of "text", "image_url"'],
      [{ ...TRANSLATE, stream: 'yes' }, 'stream must be a boolean'],
      [{ ...TRANSLATE, custom_variables: 'zh' }, 'custom_variables must be an object'],
      [{ ...TRANSLATE, custom_variables: { strategy_config: { cot: { reason_lang: 'both' } } } },
        'custom_variables.strategy_config.cot.reason_lang must be one of "from", "to"'],
      [{ ...TRANSLATE, request_id: 'r1' }, 'request_id must be 6 to 64 characters long'],
    ]);
    await invalidParams(t, (c, p) => c.agents.asyncResult(p), [
      [{ agent_id: 'vidu_template_agent' }, 'async_id is required'],
      [{ async_id: 'x' }, 'agent_id is required'],
      [{ agent_id: 'vidu_template_agent', async_id: 'x', stream: true }, 'stream true is not supported by agents.asyncResult'],
    ]);
    await invalidParams(t, (c, p) => c.agents.conversation(p), [
      [{ agent_id: 'slides_glm_agent' }, 'conversation_id is required'],
      [{ agent_id: 'slides_glm_agent', conversation_id: 'c', custom_variables: { include_pdf: 'yes' } }, 'custom_variables.include_pdf must be a boolean'],
      [{ agent_id: 'slides_glm_agent', conversation_id: 'c', custom_variables: { pages: [{ position: '1' }] } }, 'custom_variables.pages[0].position must be a number'],
    ]);
  }

  return {
    agentsInvokeTranslation, agentsInvokeStream, agentsInvokeStreamBreak, agentsInvokeSlidesStream, agentsViduAsyncResult,
    agentsAsyncResultFailed, agentsConversation, agentsErrors, agentsInvalidParams,
  };
}
