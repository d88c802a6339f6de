// The rest of Z.AI's platform (issue 16) against the mock: file list / delete / download, the
// model list, moderation. Each checks the exact request on the wire and the parsed result.
export function scenarios(h) {
  const { eq, ok, httpErrors, invalidParams, KEY } = h;

  /** The one logged request's line and headers; returns it. */
  function bodyless(req, method, path, accept = 'application/json') {
    eq(req.method, method, 'method');
    eq(req.path, path, 'path');
    eq(req.headers.authorization, `Bearer ${KEY}`, 'authorization');
    eq(req.headers.accept, accept, 'accept');
    eq(req.headers['content-type'], undefined, 'no content-type');
    eq(req.body, '', 'no body');
    return req;
  }

  /** Uploads `n` files with a purpose of this test's own; returns their records, oldest first. */
  async function upload(c, purpose, n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      out.push(await c.files.create({ file: new File([`file ${i} 你好`], `f${i}.txt`, { type: 'text/plain' }), purpose }));
    }
    return out;
  }

  async function platformFilesList(t) {
    const c = t.client();
    const purpose = `p-${t.tag}`;
    const [a, b, d] = await upload(c, purpose, 3);
    const page = await c.files.list({ purpose, limit: 2, order: 'asc' });
    eq(page.object, 'list', 'object');
    eq(page.data.map((f) => f.id), [a.id, b.id], 'first page, oldest first');
    eq(page.has_more, true, 'has_more');
    eq(page.data[0], a, 'the uploaded file object');
    const next = await c.files.list({ purpose, after: b.id, order: 'asc', limit: 2 });
    eq(next.data.map((f) => f.id), [d.id], 'the page after');
    eq(next.has_more, false, 'last page');
    // null and undefined members are left out of the query; no params is no query at all.
    await c.files.list({ purpose, after: null, limit: undefined });
    await c.files.list();
    const log = (await t.log()).slice(3);
    bodyless(log[0], 'GET', '/api/paas/v4/files');
    eq(log[0].rawPath, '/api/paas/v4/files', 'no path change');
    eq(log[0].query, { purpose, limit: '2', order: 'asc' }, 'query');
    eq(log[1].query, { purpose, after: b.id, order: 'asc', limit: '2' }, 'query with after');
    eq(log[2].query, { purpose }, 'null / undefined left out');
    eq(log[3].query, {}, 'no params');
  }

  async function platformFilesListEncoding(t) {
    const c = t.client();
    const purpose = 'a b&c=d/é?#+';
    const r = await c.files.list({ purpose });
    eq(r.data, [], 'nothing of that purpose');
    const [req] = await t.log();
    eq(req.query, { purpose }, 'the value round-trips');
    ok(req.headers['x-mock-tag'], 'tagged');
  }

  async function platformFilesDeleteAndContent(t) {
    const c = t.client();
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255);
    const f = await c.files.create({ file: new File([bytes], 'data.bin', { type: 'application/x-demo' }), purpose: `p-${t.tag}` });
    const res = await c.files.content(f.id);
    ok(res instanceof Response, 'a fetch Response');
    eq(res.status, 200, 'status');
    eq(res.headers.get('content-type'), 'application/x-demo', 'content type');
    eq([...new Uint8Array(await res.arrayBuffer())], [...bytes], 'the exact bytes');
    const gone = await c.files.delete(f.id);
    eq(gone, { id: f.id, object: 'file', deleted: true }, 'deleted');
    const [, get, del] = await t.log();
    bodyless(get, 'GET', `/api/paas/v4/files/${f.id}/content`, '*/*');
    bodyless(del, 'DELETE', `/api/paas/v4/files/${f.id}`);
    // Now unknown: a JSON error on the binary endpoint is a typed error, and so on delete.
    await t.rejects(c.files.content(f.id), 'NotFoundError', (e) => {
      eq(e.status, 404, 'status');
      eq(e.code, '1214', 'business code');
    });
    await t.rejects(c.files.delete(f.id), 'NotFoundError', (e) => eq(e.code, '1214', 'business code'));
    // Ids are one path segment, encoded.
    await t.rejects(c.files.delete('a/b c'), 'NotFoundError');
    eq((await t.log()).pop().rawPath, '/api/paas/v4/files/a%2Fb%20c', 'encoded id');
  }

  async function platformFilesContentErrorIn200(t) {
    // A 200 JSON body carrying an error, on a binary endpoint, is still the typed error.
    const c = t.client({}, 'json-error-200;code=1113');
    await t.rejects(c.files.content('file-1'), 'APIError', (e) => {
      eq(e.code, '1113', 'business code');
      eq(e.status, 200, 'status');
    });
  }

  async function platformErrors(t) {
    await httpErrors(t, (c) => c.files.list({ limit: 1 }));
    await httpErrors(t, (c) => c.files.delete('file-1'));
    await httpErrors(t, (c) => c.files.content('file-1'));
    await httpErrors(t, (c) => c.models.list());
    await httpErrors(t, (c) => c.moderations.create({ model: 'moderation', input: 'hi' }));
  }

  async function platformInvalidParams(t) {
    await invalidParams(t, (c, p) => c.files.list(p), [
      [{ limit: 0 }, 'limit must be a positive integer'],
      [{ purpose: '' }, 'purpose must not be empty'],
      [{ order: 1 }, 'order must be a string'],
      [{ extra: { a: 1 } }, 'extra must be a string, number or boolean'],
      ['agent', 'params must be an object'],
    ]);
    await invalidParams(t, (c, id) => c.files.delete(id), [
      ['', 'file_id must be a non-empty string'],
      [undefined, 'file_id must be a non-empty string'],
      [42, 'file_id must be a non-empty string'],
      [() => 'file-1', 'file_id must be a non-empty string'],
      [10n, 'file_id must be a non-empty string'],
      [NaN, 'file_id must be a non-empty string'],
      [{ toString: () => 'file-1' }, 'file_id must be a non-empty string'],
    ]);
    await invalidParams(t, (c, id) => c.files.content(id), [['', 'file_id must be a non-empty string']]);
    await invalidParams(t, (c, p) => c.moderations.create(p), [
      [{ model: 'moderation' }, 'input is required'],
      [{ input: 'x' }, 'model is required'],
    ]);
  }

  async function platformModelsList(t) {
    const c = t.client();
    const r = await c.models.list();
    eq(r.object, 'list', 'object');
    ok(r.data.length > 0 && r.data.every((m) => typeof m.id === 'string' && m.object === 'model'), 'models');
    ok(r.data.some((m) => m.id === 'glm-4.6'), 'glm-4.6 listed');
    // The options are the first argument.
    const ctl = new AbortController();
    ctl.abort();
    await t.rejects(c.models.list({ signal: ctl.signal }), 'APIUserAbortError');
    const log = await t.log();
    eq(log.length, 1, 'the aborted call sent nothing');
    bodyless(log[0], 'GET', '/api/paas/v4/models');
    eq(log[0].query, {}, 'no query');
  }

  async function platformModerationsCreate(t) {
    const c = t.client();
    const r = await c.moderations.create({ model: 'moderation', input: ['hello', 'world'] });
    eq(r.result_list.length, 2, 'one result per input');
    eq(r.result_list[0].risk_level, 'PASS', 'risk level');
    const [req] = await t.log();
    eq(req.method, 'POST', 'method');
    eq(req.path, '/api/paas/v4/moderations', 'path');
    eq(req.headers['content-type'], 'application/json', 'content type');
    eq(req.body, '{"model":"moderation","input":["hello","world"]}', 'exact body');
  }

  async function platformBatches(t) {
    const c = t.client();
    const lines = [1, 2].map((i) => JSON.stringify({ custom_id: `r${i}`, method: 'POST', url: '/v4/chat/completions', body: { model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] } }));
    const input = await c.files.create({ file: new File([lines.join('\n')], 'in.jsonl'), purpose: 'batch' });
    const b = await c.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'demo' } });
    eq(b.object, 'batch', 'object');
    eq(b.status, 'validating', 'status');
    eq(b.request_counts, { total: 2, completed: 0, failed: 0 }, 'counts');
    eq(b.metadata, { job: 'demo' }, 'metadata');
    let r;
    for (const want of ['in_progress', 'finalizing', 'completed']) {
      r = await c.batches.retrieve(b.id);
      eq(r.status, want, 'status step');
    }
    eq(r.request_counts.completed, 2, 'completed');
    const out = await (await c.files.content(r.output_file_id)).text();
    eq(out.trim().split('\n').map((l) => JSON.parse(l).custom_id), ['r1', 'r2'], 'one answer per request');
    const page = await c.batches.list({ limit: 1 });
    eq(page.object, 'list', 'list object');
    eq(page.data.length, 1, 'limit');
    ok(typeof page.has_more === 'boolean', 'has_more');
    const log = await t.log();
    const create = log[1];
    eq(create.method, 'POST', 'create method');
    eq(create.path, '/api/paas/v4/batches', 'create path');
    eq(create.body, `{"input_file_id":"${input.id}","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"job":"demo"}}`, 'exact body');
    bodyless(log[2], 'GET', `/api/paas/v4/batches/${b.id}`);
    bodyless(log.at(-1), 'GET', '/api/paas/v4/batches');
    eq(log.at(-1).query, { limit: '1' }, 'list query');
    // A finished batch cannot be cancelled: the typed error.
    await t.rejects(c.batches.cancel(b.id), 'BadRequestError', (e) => eq(e.code, '1214', 'business code'));
  }

  async function platformBatchCancel(t) {
    const c = t.client();
    const input = await c.files.create({ file: new File(['{}\n'], 'in.jsonl'), purpose: 'batch' });
    const b = await c.batches.create({ input_file_id: input.id, endpoint: '/v1/embeddings' });
    const x = await c.batches.cancel(b.id);
    eq(x.status, 'cancelling', 'cancelling');
    eq((await c.batches.retrieve(b.id)).status, 'cancelled', 'then cancelled');
    const log = await t.log();
    bodyless(log[2], 'POST', `/api/paas/v4/batches/${b.id}/cancel`);
    eq(log[1].json, { input_file_id: input.id, endpoint: '/v1/embeddings' }, 'nothing added');
    await invalidParams(t, (cl, p) => cl.batches.create(p), [
      [{ endpoint: '/v1/embeddings' }, 'input_file_id is required'],
      [{ input_file_id: 'f' }, 'endpoint is required'],
      [{ input_file_id: 'f', endpoint: '/v1/embeddings', auto_delete_input_file: 'no' }, 'auto_delete_input_file must be a boolean'],
    ]);
    await invalidParams(t, (cl, id) => cl.batches.cancel(id), [['', 'batch_id must be a non-empty string']]);
    await invalidParams(t, (cl, p) => cl.batches.list(p), [[{ limit: 1.5 }, 'limit must be an integer']]);
    await httpErrors(t, (cl) => cl.batches.retrieve('batch_1'));
    await httpErrors(t, (cl) => cl.batches.list());
  }

  async function platformVoice(t) {
    const c = t.client();
    const sample = await c.files.create({ file: new File([new Uint8Array(64)], 'me.wav', { type: 'audio/wav' }), purpose: 'voice-clone-input' });
    const name = `narrator-${t.tag}`;
    const cloned = await c.voice.clone({ voice_name: name, text: '你好', input: 'A preview.', file_id: sample.id, model: 'glm-tts-clone' });
    ok(/^voice_clone_/.test(cloned.voice), 'voice id');
    eq(cloned.file_purpose, 'voice-clone-output', 'preview purpose');
    const mine = await c.voice.list({ voice_type: 'PRIVATE', voice_name: name });
    eq(mine.voice_list.map((v) => v.voice), [cloned.voice], 'listed by type and name');
    const all = await c.voice.list();
    ok(all.voice_list.some((v) => v.voice_type === 'OFFICIAL'), 'official voices');
    const gone = await c.voice.delete({ voice: cloned.voice });
    eq(gone.voice, cloned.voice, 'deleted');
    ok(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(gone.update_time), 'update_time');
    const log = await t.log();
    eq(log[1].path, '/api/paas/v4/voice/clone', 'clone path');
    eq(log[1].json, { voice_name: name, text: '你好', input: 'A preview.', file_id: sample.id, model: 'glm-tts-clone' }, 'clone body (no request_id with maxRetries 0)');
    bodyless(log[2], 'GET', '/api/paas/v4/voice/list');
    eq(log[2].query, { voiceType: 'PRIVATE', voiceName: name }, 'the renamed query fields');
    eq(log[3].query, {}, 'no filters');
    eq(log[4].json, { voice: cloned.voice }, 'delete body');
    await t.rejects(c.voice.delete({ voice: cloned.voice }), 'NotFoundError');
    await invalidParams(t, (cl, p) => cl.voice.clone(p), [
      [{ text: 'a', input: 'b', file_id: 'f', model: 'm' }, 'voice_name is required'],
    ]);
    await invalidParams(t, (cl, p) => cl.voice.delete(p), [[{}, 'voice is required']]);
    await invalidParams(t, (cl, p) => cl.voice.list(p), [[{ voice_type: '' }, 'voice_type must not be empty']]);
    await httpErrors(t, (cl) => cl.voice.list());
  }

  /** The PCM the mock speaks for `text` (a 440 Hz tone, 240 samples per code point). */
  function expectedPcm(text) {
    const n = [...text].length * 240;
    const out = new Uint8Array(n * 2);
    const view = new DataView(out.buffer);
    for (let i = 0; i < n; i++) view.setInt16(i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), true);
    return out;
  }

  async function platformSpeech(t) {
    const c = t.client();
    const input = '你好 GLM';
    const res = await c.audio.speech.create({ model: 'glm-tts', input, voice: 'tongtong', response_format: 'wav', speed: 1.5, volume: 2, watermark_enabled: true });
    ok(res instanceof Response, 'a fetch Response');
    eq(res.headers.get('content-type'), 'audio/wav', 'content type');
    const wav = new Uint8Array(await res.arrayBuffer());
    eq(new TextDecoder().decode(wav.subarray(0, 4)), 'RIFF', 'a WAV file');
    eq([...wav.subarray(44)], [...expectedPcm(input)], 'the audio bytes');
    const pcm = new Uint8Array(await (await c.audio.speech.create({ model: 'glm-tts', input })).arrayBuffer());
    eq(pcm.length, expectedPcm(input).length, 'pcm by default');
    const [req] = await t.log();
    eq(req.method, 'POST', 'method');
    eq(req.path, '/api/paas/v4/audio/speech', 'path');
    eq(req.headers.accept, '*/*', 'accept');
    eq(req.headers['content-type'], 'application/json', 'content type');
    eq(req.body, `{"model":"glm-tts","input":"${input}","voice":"tongtong","response_format":"wav","speed":1.5,"volume":2,"watermark_enabled":true}`, 'exact body');
  }

  async function platformSpeechStream(t) {
    const c = t.client();
    const input = 'Hello, 世界! This is a longer sentence.';
    for (const encode_format of ['base64', 'hex']) {
      const stream = await c.audio.speech.create({ model: 'glm-tts', input, stream: true, encode_format });
      ok(stream instanceof t.classes.SpeechStream, 'a SpeechStream');
      ok(stream.requestId, 'requestId');
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      ok(chunks.length >= 3, `several chunks (${chunks.length})`);
      eq(chunks.at(-1).choices[0].finish_reason, 'stop', 'the last chunk finishes');
      eq(chunks[0].choices[0].delta.return_sample_rate, 24000, 'sample rate');
      const text = chunks.map((ch) => ch.choices[0].delta.content).join('');
      const bytes = encode_format === 'hex'
        ? Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16))
        : Uint8Array.from(chunks.flatMap((ch) => [...atob(ch.choices[0].delta.content)]), (ch) => ch.charCodeAt(0));
      eq([...bytes], [...expectedPcm(input)], `the audio (${encode_format})`);
    }
    const log = await t.log();
    eq(log[0].headers.accept, 'text/event-stream', 'accept');
    eq(log[0].json.stream, true, 'stream sent');
    // Breaking off cancels the request.
    const s = await c.audio.speech.create({ model: 'glm-tts', input: 'x'.repeat(200), stream: true });
    for await (const _ of s) break;
  }

  async function platformSpeechFaults(t) {
    // A JSON error on the binary endpoint, with and without a 200: typed errors.
    await httpErrors(t, (c) => c.audio.speech.create({ model: 'glm-tts', input: 'hi' }));
    await t.rejects(t.client({}, 'json-error-200;code=1301').audio.speech.create({ model: 'glm-tts', input: 'hi' }),
      'APIError', (e) => eq(e.code, '1301', 'business code'));
    // The service's own validation error (400 1214), and the retry of a 503 before the audio.
    await t.rejects(t.client().audio.speech.create({ model: 'glm-tts', input: 'hi', voice: 'nobody' }), 'BadRequestError',
      (e) => eq(e.code, '1214', 'business code'));
    const retried = await t.client({ maxRetries: 1 }, 'status=503;fail-times=1;retry-after-ms=10').audio.speech.create({ model: 'glm-tts', input: 'hi' });
    eq((await retried.arrayBuffer()).byteLength, expectedPcm('hi').length, 'audio after a retry');
    // Stream faults go through the same decoder.
    const s = await t.client({}, 'stream-error;code=1302').audio.speech.create({ model: 'glm-tts', input: 'long text here', stream: true });
    await t.rejects((async () => { for await (const _ of s); })(), 'APIError', (e) => eq(e.code, '1302', 'code'));
    const split = await t.client({}, 'split;bytes=7+crlf').audio.speech.create({ model: 'glm-tts', input: 'ab', stream: true, encode_format: 'hex' });
    const hexText = [];
    for await (const ch of split) hexText.push(ch.choices[0].delta.content);
    eq(hexText.join('').length, expectedPcm('ab').length * 2, 'split and CRLF framing');
    await invalidParams(t, (c, p) => c.audio.speech.create(p), [
      [{ input: 'x' }, 'model is required'],
      [{ model: 'glm-tts', input: 'x', speed: 3 }, 'speed must be between 0.5 and 2'],
      [{ model: 'glm-tts', input: 'x', volume: 0 }, 'volume must be above 0 and at most 10'],
      [{ model: 'glm-tts', input: 'x', encode_format: 'utf8' }, 'encode_format must be one of "base64", "hex"'],
    ]);
  }

  async function platformSpeechCustomization(t) {
    const c = t.client();
    const sample = new File([new Uint8Array(100)], 'me.wav', { type: 'audio/wav' });
    const res = await c.audio.customization.create({ model: 'glm-tts-clone', input: 'hi', voice_text: 'sample words', voice_data: sample, response_format: 'pcm' });
    eq(res.headers.get('content-type'), 'audio/pcm', 'content type');
    eq([...new Uint8Array(await res.arrayBuffer())], [...expectedPcm('hi')], 'the audio');
    const [req] = await t.log();
    eq(req.path, '/api/paas/v4/audio/customization', 'path');
    ok(/^multipart\/form-data; boundary=/.test(req.headers['content-type']), 'multipart');
    eq(req.parts.map((p) => [p.name, p.filename]), [['model', null], ['input', null], ['voice_text', null], ['voice_data', 'me.wav'], ['response_format', null]], 'parts');
    await httpErrors(t, (cl) => cl.audio.customization.create({ model: 'glm-tts-clone', input: 'hi', voice_text: 'w', voice_data: sample }));
    await invalidParams(t, (cl, p) => cl.audio.customization.create(p), [
      [{ model: 'm', voice_data: 'a.wav' }, 'voice_data must be a Blob or File'],
      [{ model: 'm', stream: true }, 'stream true is not supported by audio.customization.create'],
    ]);
  }

  async function platformFileParser(t) {
    const c = t.client({}, 'polls=1');
    const pdf = new File(['%PDF-1.4 mock'], 'doc.pdf', { type: 'application/pdf' });
    const task = await c.fileParser.create({ file: pdf, file_type: 'pdf', tool_type: 'lite' });
    eq(task.success, true, 'accepted');
    ok(/^parser_/.test(task.task_id), 'task id');
    eq((await c.fileParser.content(task.task_id, 'text')).status, 'processing', 'first read: processing');
    const text = await c.fileParser.content(task.task_id, 'text');
    eq(text.status, 'succeeded', 'then succeeded');
    ok(text.content.includes('你好'), 'the text');
    const link = await c.fileParser.content(task.task_id, 'download_link');
    ok(link.parsing_result_url.endsWith(`${task.task_id}.zip`), 'the link');
    const sync = await c.fileParser.createSync({ file: pdf, tool_type: 'prime-sync' });
    eq(sync.status, 'succeeded', 'sync result');
    const log = await t.log();
    eq(log[0].path, '/api/paas/v4/files/parser/create', 'create path');
    eq(log[0].parts.map((p) => [p.name, p.filename, p.text]), [['file', 'doc.pdf', '%PDF-1.4 mock'], ['file_type', null, 'pdf'], ['tool_type', null, 'lite']], 'create parts');
    bodyless(log[1], 'GET', `/api/paas/v4/files/parser/result/${task.task_id}/text`);
    bodyless(log[3], 'GET', `/api/paas/v4/files/parser/result/${task.task_id}/download_link`);
    eq(log[4].path, '/api/paas/v4/files/parser/sync', 'sync path');
    eq(log[4].parts.map((p) => p.name), ['file', 'tool_type'], 'sync parts');
    // Both path arguments are encoded; a missing one is named.
    await t.rejects(c.fileParser.content('a/b', 'text'), 'NotFoundError');
    eq((await t.log()).pop().rawPath, '/api/paas/v4/files/parser/result/a%2Fb/text', 'encoded task id');
    await invalidParams(t, (cl, [id, f]) => cl.fileParser.content(id, f), [
      [['', 'text'], 'task_id must be a non-empty string'],
      [['t1'], 'format_type must be a non-empty string'],
      [['t1', 7], 'format_type must be a non-empty string'],
    ]);
    await invalidParams(t, (cl, p) => cl.fileParser.create(p), [
      [{ file: pdf, tool_type: 'prime-sync' }, 'tool_type must be one of "lite", "expert", "prime"'],
      [{ tool_type: 'lite' }, 'file is required'],
    ]);
    await invalidParams(t, (cl, p) => cl.fileParser.createSync(p), [[{ file: pdf, tool_type: 'lite' }, 'tool_type must be one of "prime-sync"']]);
    await httpErrors(t, (cl) => cl.fileParser.content('t1', 'text'));
  }

  async function platformOcrHandwriting(t) {
    const c = t.client();
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'note.png', { type: 'image/png' });
    const r = await c.ocr.handwriting({ file: photo, tool_type: 'hand_write', language_type: 'CHN_ENG', probability: true });
    eq(r.words_result_num, 2, 'lines');
    eq(r.words_result.map((l) => l.words), ['你好，世界', 'Hello, world'], 'words');
    eq(r.words_result[0].probability.average, 0.98, 'probability');
    const [req] = await t.log();
    eq(req.path, '/api/paas/v4/files/ocr', 'path');
    eq(req.parts.map((p) => [p.name, p.text ?? null]), [['file', null], ['tool_type', 'hand_write'], ['language_type', 'CHN_ENG'], ['probability', 'true']], 'parts');
    await httpErrors(t, (cl) => cl.ocr.handwriting({ file: photo, tool_type: 'hand_write' }));
    await invalidParams(t, (cl, p) => cl.ocr.handwriting(p), [[{ file: photo }, 'tool_type is required']]);
  }

  async function platformRequest(t) {
    const c = t.client();
    // JSON answers are parsed; the query is built like the tables' ones.
    const models = await c.request({ method: 'GET', path: '/paas/v4/models', query: { a: 'x y', n: 2, skip: null } });
    ok(models.data.some((m) => m.id === 'glm-4.6'), 'parsed JSON');
    // A JSON body; an audio answer is the Response.
    const res = await c.request({ method: 'POST', path: '/paas/v4/audio/speech', body: { model: 'glm-tts', input: 'hi', response_format: 'wav' } });
    ok(res instanceof Response, 'a Response for audio');
    eq(res.headers.get('content-type'), 'audio/wav', 'content type');
    // DELETE of an uploaded file.
    const f = await c.files.create({ file: new File(['x'], 'x.txt'), purpose: `p-${t.tag}` });
    eq((await c.request({ method: 'DELETE', path: `/paas/v4/files/${f.id}` })).deleted, true, 'DELETE');
    // A stream of parsed events, through the same decoder.
    const stream = await c.request({ method: 'POST', path: '/paas/v4/chat/completions', body: { model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], stream: true }, stream: true });
    const events = [];
    for await (const e of stream) events.push(e);
    ok(events.length > 2 && events.every((e) => Array.isArray(e.choices)), 'chat chunks');
    ok(stream instanceof t.classes.Stream, 'the generic stream class');
    const log = await t.log();
    bodyless(log[0], 'GET', '/api/paas/v4/models', '*/*');
    eq(log[0].query, { a: 'x y', n: '2' }, 'query');
    eq(log[1].method, 'POST', 'POST');
    eq(log[1].headers['content-type'], 'application/json', 'JSON body');
    eq(log[1].body, '{"model":"glm-tts","input":"hi","response_format":"wav"}', 'exact body');
    bodyless(log[3], 'DELETE', `/api/paas/v4/files/${f.id}`, '*/*');
    eq(log[4].headers.accept, 'text/event-stream', 'stream accept');
    // Errors are typed, and retried like every call.
    await t.rejects(c.request({ method: 'GET', path: '/paas/v4/nothing-here' }), 'NotFoundError', (e) => eq(e.code, '1222', 'code'));
    await httpErrors(t, (cl) => cl.request({ method: 'GET', path: '/paas/v4/models' }));
    const again = await t.client({ maxRetries: 1 }, 'status=503;fail-times=1;retry-after-ms=10').request({ method: 'GET', path: '/paas/v4/models' });
    ok(again.data.length > 0, 'answer after a retry');
    await invalidParams(t, (cl, p) => cl.request(p), [
      [{ path: '/paas/v4/models' }, 'method is required'],
      [{ method: 'GET' }, 'path is required'],
      [{ method: 'TRACE', path: '/x' }, 'method must be one of "GET", "POST", "PUT", "PATCH", "DELETE"'],
      [{ method: 'GET', path: 'paas/v4/models' }, 'path must be a path under the base URL (starting with one /)'],
      [{ method: 'GET', path: '//evil.example/x' }, 'path must be a path under the base URL (starting with one /)'],
      [{ method: 'GET', path: '/paas/../../x' }, 'path must be a path under the base URL (starting with one /)'],
      [{ method: 'GET', path: '/x', query: { tags: ['a'] } }, 'tags must be a string, number or boolean'],
      [null, 'params must be an object'],
    ]);
  }

  async function platformExtraBody(t) {
    const c = t.client();
    await c.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] }, { extraBody: { future_flag: true, nested: { a: [1, 'b'] } } });
    await c.moderations.create({ model: 'moderation', input: 'x' }, { extraBody: {} });
    await c.files.create({ file: new File(['x'], 'x.txt'), purpose: `p-${t.tag}` }, { extraBody: { upload_note: 'n' } });
    // With retries on, the generated request_id still comes first.
    await t.client({ maxRetries: 1 }).embeddings.create({ model: 'embedding-3', input: 'a' }, { extraBody: { x: 1 } });
    const log = await t.log();
    eq(log[0].body, '{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}],"future_flag":true,"nested":{"a":[1,"b"]}}', 'merged as given');
    eq(log[1].body, '{"model":"moderation","input":"x"}', 'an empty extraBody adds nothing');
    eq(log[2].parts.map((p) => [p.name, p.text]), [['file', 'x'], ['purpose', `p-${t.tag}`], ['upload_note', 'n']], 'a form field');
    ok(/^\{"request_id":"zai-[0-9a-f]{24}","model":"embedding-3","input":"a","x":1\}$/.test(log[3].body), `with a request_id (${log[3].body})`);
    await invalidParams(t, (cl, o) => cl.moderations.create({ model: 'm', input: 'x' }, o), [
      [{ extraBody: 'x' }, 'extraBody must be an object'],
      [{ extraBody: { n: NaN } }, 'extraBody.n is not a JSON value (a function, symbol, bigint, NaN or Infinity)'],
    ]);
  }

  return {
    platformRequest, platformExtraBody,
    platformFileParser, platformOcrHandwriting,
    platformSpeech, platformSpeechStream, platformSpeechFaults, platformSpeechCustomization,
    platformBatches, platformBatchCancel, platformVoice,
    platformFilesList, platformFilesListEncoding, platformFilesDeleteAndContent, platformFilesContentErrorIn200, platformErrors,
    platformInvalidParams, platformModelsList, platformModerationsCreate,
  };
}
