// The rest of the documented API against the mock: embeddings, tokenizer, web reader, layout
// parsing, and audio transcriptions (multipart, JSON or TranscriptionStream).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { USER_HI, collect, eq, ok, httpErrors, invalidParams, jsonRequest, KEY } = h;

  const TRANSCRIPT = '你好，这是一段测试录音。Hello, this is a test recording.';

  // ---------------------------------------------------------------- embeddings

  async function embeddingsCreate(t) {
    const c = t.client();
    const params = { model: 'embedding-3', input: ['hello', '你好 🌍'], dimensions: 8, encoding_format: 'float', request_id: 'emb-req-0001', user: 'user-1' };
    const r = await c.embeddings.create(params);
    eq(r.object, 'list', 'object');
    eq(r.model, 'embedding-3', 'model');
    eq(r.data.map((d) => [d.object, d.index, d.embedding.length]), [['embedding', 0, 8], ['embedding', 1, 8]], 'one vector per input');
    for (const d of r.data) {
      const norm = Math.hypot(...d.embedding);
      ok(Math.abs(norm - 1) < 1e-4, `unit vector (${norm})`);
    }
    ok(r.usage.total_tokens > 0 && r.usage.prompt_tokens === r.usage.total_tokens, 'usage');
    jsonRequest((await t.log())[0], '/api/paas/v4/embeddings', params);
    // One string in, one vector out; the default size.
    const one = await c.embeddings.create({ model: 'embedding-3', input: 'hello' });
    eq(one.data.length, 1, 'one vector');
    eq(one.data[0].embedding.length, 2048, 'default dimensions');
    eq((await c.embeddings.create(params)).data, r.data, 'deterministic');
  }

  async function embeddingsErrors(t) {
    await httpErrors(t, (c) => c.embeddings.create({ model: 'embedding-3', input: 'x' }));
    await invalidParams(t, (c, p) => c.embeddings.create(p), [
      [{ input: 'x' }, 'model is required'],
      [{ model: 'embedding-3' }, 'input is required'],
      [{ model: 'embedding-3', input: 42 }, 'input must be a string or an array'],
      [{ model: 'embedding-3', input: [] }, 'input must not be empty'],
      [{ model: 'embedding-3', input: ['a', 2] }, 'input[1] must be a string'],
      [{ model: 'embedding-3', input: 'x', dimensions: 0 }, 'dimensions must be a positive integer'],
      [{ model: 'embedding-3', input: 'x', dimensions: 1.5 }, 'dimensions must be an integer'],
      [{ model: 'embedding-3', input: 'x', stream: true }, 'stream true is not supported by embeddings.create'],
    ]);
  }

  // ---------------------------------------------------------------- tokenizer

  async function tokenizerCount(t) {
    const c = t.client();
    const params = {
      model: 'glm-4.6',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the weather in 北京?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      request_id: 'tok-req-0001',
      user_id: 'user-42abc',
    };
    const r = await c.tokenizer.count(params);
    eq(r.request_id, 'tok-req-0001', 'request_id');
    ok(typeof r.id === 'string' && Number.isInteger(r.created), 'id and created');
    eq(Object.keys(r.usage), ['prompt_tokens', 'image_tokens', 'video_tokens', 'total_tokens'], 'usage fields');
    ok(r.usage.total_tokens > 0 && r.usage.total_tokens === r.usage.prompt_tokens, 'usage');
    jsonRequest((await t.log())[0], '/api/paas/v4/tokenizer', params);
  }

  async function tokenizerErrors(t) {
    await httpErrors(t, (c) => c.tokenizer.count({ model: 'glm-4.6', messages: USER_HI }));
    await invalidParams(t, (c, p) => c.tokenizer.count(p), [
      [{ messages: USER_HI }, 'model is required'],
      [{ model: 'glm-4.6' }, 'messages is required'],
      [{ model: 'glm-4.6', messages: [] }, 'messages must not be empty'],
      [{ model: 'glm-4.6', messages: [{ role: 'bot', content: 'x' }] }, 'messages[0].role must be one of "system", "user", "assistant", "tool"'],
      [{ model: 'glm-4.6', messages: USER_HI, tools: [{ type: 'function' }] }, 'tools[0].function is required'],
      [{ model: 'glm-4.6', messages: USER_HI, user_id: 'u' }, 'user_id must be 6 to 128 characters long'],
    ]);
  }

  // ---------------------------------------------------------------- web reader

  async function webReaderRead(t) {
    const c = t.client();
    const params = {
      url: 'https://www.example.com/article?id=7&lang=zh',
      timeout: 20,
      no_cache: true,
      return_format: 'text',
      retain_images: false,
      no_gfm: true,
      keep_img_data_url: true,
      with_images_summary: true,
      with_links_summary: true,
    };
    const r = await c.webReader.read(params);
    eq(r.model, 'reader', 'model');
    eq(r.request_id, r.id, 'request_id');
    const rr = r.reader_result;
    eq(rr.url, params.url, 'url');
    eq(rr.title, 'Mock page', 'title');
    ok(rr.content.startsWith('Mock page\n') && rr.content.includes('你好，世界 🌍'), 'text content');
    eq(rr.metadata['format-detection'], 'telephone=no', 'metadata keys with dashes');
    eq(rr.external, { stylesheet: {} }, 'external');
    jsonRequest((await t.log())[0], '/api/paas/v4/reader', params);
    const md = await c.webReader.read({ url: 'https://www.example.com' });
    ok(md.reader_result.content.startsWith('# Mock page'), 'markdown by default');
  }

  async function webReaderErrors(t) {
    await httpErrors(t, (c) => c.webReader.read({ url: 'https://www.example.com' }));
    await invalidParams(t, (c, p) => c.webReader.read(p), [
      [{}, 'url is required'],
      [{ url: '' }, 'url must not be empty'],
      [{ url: 'https://x', timeout: 0 }, 'timeout must be a positive integer'],
      [{ url: 'https://x', timeout: '20' }, 'timeout must be a number'],
      [{ url: 'https://x', no_cache: 'true' }, 'no_cache must be a boolean'],
      [{ url: 'https://x', return_format: 1 }, 'return_format must be a string'],
      [{ url: 'https://x', with_links_summary: 1 }, 'with_links_summary must be a boolean'],
    ]);
  }

  // ---------------------------------------------------------------- layout parsing

  async function layoutParsingParse(t) {
    const c = t.client();
    const params = {
      model: 'glm-ocr',
      file: 'https://cdn.example.com/static/logo/introduction.png',
      return_crop_images: true,
      need_layout_visualization: true,
      start_page_id: 1,
      end_page_id: 2,
      request_id: 'ocr-req-0001',
      user_id: 'user-42abc',
    };
    const r = await c.layoutParsing.parse(params);
    eq(r.model, 'glm-ocr', 'model');
    eq(r.request_id, 'ocr-req-0001', 'request_id');
    ok(r.md_results.startsWith('# Mock document'), 'markdown');
    const block = r.layout_details[0][1];
    eq(block.label, 'text', 'label');
    eq(block.bbox_2d.length, 4, 'bbox');
    ok(block.bbox_2d.every((x) => x >= 0 && x <= 1), 'normalised bbox');
    eq(r.layout_visualization.length, 1, 'a visualisation (asked for)');
    eq(r.data_info, { num_pages: 1, pages: [{ width: 1000, height: 1414 }] }, 'data_info');
    ok(r.usage.total_tokens > 0, 'usage');
    jsonRequest((await t.log())[0], '/api/paas/v4/layout_parsing', params);
  }

  async function layoutParsingErrors(t) {
    await httpErrors(t, (c) => c.layoutParsing.parse({ model: 'glm-ocr', file: 'https://x/a.png' }));
    await invalidParams(t, (c, p) => c.layoutParsing.parse(p), [
      [{ file: 'https://x' }, 'model is required'],
      [{ model: 'glm-ocr' }, 'file is required'],
      [{ model: 'glm-ocr', file: new Blob(['x']) }, 'file must be a string'],
      [{ model: 'glm-ocr', file: 'https://x', start_page_id: 0 }, 'start_page_id must be a positive integer'],
      [{ model: 'glm-ocr', file: 'https://x', end_page_id: 1.5 }, 'end_page_id must be an integer'],
      [{ model: 'glm-ocr', file: 'https://x', return_crop_images: 'yes' }, 'return_crop_images must be a boolean'],
    ]);
  }

  // ---------------------------------------------------------------- audio transcriptions

  const WAV = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 0xff, 0xfe, 0x80, 0x00]);

  function multipartRequest(req, accept = 'application/json') {
    eq(req.method, 'POST', 'method');
    eq(req.path, '/api/paas/v4/audio/transcriptions', 'path');
    eq(req.headers.authorization, `Bearer ${KEY}`, 'authorization');
    ok(/^multipart\/form-data; boundary=/.test(req.headers['content-type']), 'multipart');
    eq(req.headers.accept, accept, 'accept');
    return req.parts.map(({ name, filename, contentType, size, text }) => [name, filename, contentType, size, text]);
  }

  async function audioTranscriptionsCreate(t) {
    const c = t.client();
    const file = new File([WAV], '录音 clip.wav', { type: 'audio/wav' });
    const r = await c.audio.transcriptions.create({
      file,
      model: 'glm-asr-2512',
      prompt: 'Earlier: 你好',
      hotwords: ['GLM', '智谱'],
      request_id: 'asr-req-0001',
      user_id: 'user-42abc',
    });
    eq(r.text, TRANSCRIPT, 'text');
    eq(r.model, 'glm-asr-2512', 'model');
    eq(r.request_id, 'asr-req-0001', 'request_id');
    ok(typeof r.id === 'string' && Number.isInteger(r.created), 'id and created');
    eq(multipartRequest((await t.log())[0]), [
      ['file', '录音 clip.wav', 'audio/wav', WAV.length, undefined],
      ['model', null, null, 12, 'glm-asr-2512'],
      ['prompt', null, null, new TextEncoder().encode('Earlier: 你好').length, 'Earlier: 你好'],
      ['hotwords', null, null, 3, 'GLM'],
      ['hotwords', null, null, 6, '智谱'],
      ['request_id', null, null, 12, 'asr-req-0001'],
      ['user_id', null, null, 10, 'user-42abc'],
    ], 'parts: the file, then one text part per field (one per hotword)');
  }

  async function audioTranscriptionsBase64(t) {
    const c = t.client();
    const b64 = btoa(String.fromCharCode(...WAV));
    const r = await c.audio.transcriptions.create({ file_base64: b64, model: 'glm-asr-2512' });
    eq(r.text, TRANSCRIPT, 'text');
    eq(multipartRequest((await t.log())[0]), [
      ['file_base64', null, null, b64.length, b64],
      ['model', null, null, 12, 'glm-asr-2512'],
    ], 'parts');
  }

  async function audioTranscriptionsStream(t) {
    const c = t.client();
    const s = await c.audio.transcriptions.create({ file: new File([WAV], 'a.wav', { type: 'audio/wav' }), model: 'glm-asr-2512', stream: true });
    ok(s instanceof t.classes.TranscriptionStream, 'a TranscriptionStream');
    ok(s instanceof t.classes.Stream, 'a Stream');
    const chunks = await collect(s);
    ok(chunks.length > 5, `several chunks (${chunks.length})`);
    const types = chunks.map((ch) => ch.type);
    ok(types.slice(0, -1).every((x) => x === 'transcript.text.delta'), 'deltas first');
    eq(types[types.length - 1], 'transcript.text.done', 'then done');
    eq(chunks.map((ch) => ch.delta).join(''), TRANSCRIPT, 'the deltas spell the transcript');
    for (const ch of chunks) eq(ch.model, 'glm-asr-2512', 'model on every chunk');
    const parts = multipartRequest((await t.log())[0], 'text/event-stream');
    eq(parts.find((p) => p[0] === 'stream'), ['stream', null, null, 4, 'true'], 'stream=true as a form field');
  }

  async function audioTranscriptionsStreamBreak(t) {
    const c = t.client({}, 'delay;ms=50');
    const s = await c.audio.transcriptions.create({ file: new File([WAV], 'a.wav'), model: 'glm-asr-2512', stream: true });
    let n = 0;
    for await (const ch of s) {
      eq(ch.type, 'transcript.text.delta', 'a delta');
      if (++n === 2) break;
    }
    const log = await t.settledLog((l) => l.length > 0 && l[l.length - 1].aborted);
    ok(log[log.length - 1].aborted, 'break cancelled the request');
  }

  async function audioTranscriptionsErrors(t) {
    const file = new File([WAV], 'a.wav');
    await httpErrors(t, (c) => c.audio.transcriptions.create({ file, model: 'glm-asr-2512' }));
    await httpErrors(t, (c) => c.audio.transcriptions.create({ file, model: 'glm-asr-2512', stream: true }));
    await invalidParams(t, (c, p) => c.audio.transcriptions.create(p), [
      [{ model: 'glm-asr-2512' }, 'file or file_base64 is required'],
      [{ file: 'a.wav', model: 'glm-asr-2512' }, 'file must be a Blob or File'],
      [{ file }, 'model is required'],
      [{ file, model: 'glm-asr-2512', prompt: 'x'.repeat(8000) }, 'prompt must be shorter than 8000 characters'],
      [{ file, model: 'glm-asr-2512', hotwords: Array(101).fill('w') }, 'hotwords has too many items'],
      [{ file, model: 'glm-asr-2512', hotwords: 'GLM' }, 'hotwords must be an array'],
      [{ file, model: 'glm-asr-2512', stream: 'true' }, 'stream must be a boolean'],
      [{ file, model: 'glm-asr-2512', request_id: 'r' }, 'request_id must be 6 to 64 characters long'],
    ]);
  }

  return {
    embeddingsCreate, embeddingsErrors, tokenizerCount, tokenizerErrors, webReaderRead, webReaderErrors, layoutParsingParse,
    layoutParsingErrors, audioTranscriptionsCreate, audioTranscriptionsBase64, audioTranscriptionsStream,
    audioTranscriptionsStreamBreak, audioTranscriptionsErrors,
  };
}
