// Image generation, sync and async, against the mock: the wire request, the parsed result, errors.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { eq, ok, httpErrors, invalidParams, jsonRequest } = h;

  const PARAMS = {
    model: 'glm-image',
    prompt: 'A cute little kitten sitting on a sunny windowsill, 蓝天白云 🌤',
    size: '1280x1280',
    quality: 'hd',
    user_id: 'user-42abc',
    request_id: 'img-req-0001',
    watermark_enabled: false,
  };

  async function imagesGenerate(t) {
    const c = t.client();
    const r = await c.images.generate(PARAMS);
    ok(Number.isInteger(r.created) && r.created > 1.7e9, `created is Unix seconds (${r.created})`);
    eq(r.data.length, 1, 'one image');
    ok(/^http:\/\/.+\/__mock\/asset\/[0-9a-f]+\.png$/.test(r.data[0].url), `image url ${r.data[0].url}`);
    eq(r.content_filter, [{ role: 'assistant', level: 3 }], 'content_filter');
    const log = await t.log();
    eq(log.length, 1, 'one request');
    jsonRequest(log[0], '/api/paas/v4/images/generations', PARAMS);
  }

  async function imagesGenerateAsyncAndPoll(t) {
    const c = t.client({}, 'polls=2');
    const task = await c.images.generateAsync(PARAMS);
    ok(/^\d{19}$/.test(task.id), `task id ${task.id}`);
    eq(task, { model: 'glm-image', id: task.id, request_id: 'img-req-0001', task_status: 'PROCESSING' }, 'task record');
    const seen = [];
    const r = await c.asyncResult.poll(task.id, { interval: 20, onProgress: (res, p) => seen.push([res.task_status, p.attempt]) });
    eq(seen, [['PROCESSING', 1], ['PROCESSING', 2], ['SUCCESS', 3]], 'progress');
    eq(r.task_status, 'SUCCESS', 'task_status');
    eq(r.model, 'glm-image', 'model');
    eq(r.request_id, 'img-req-0001', 'request_id');
    eq(r.image_result.length, 1, 'one image');
    ok(r.image_result[0].url.endsWith(`/__mock/asset/${task.id}.png`), `image url ${r.image_result[0].url}`);
    ok(!('video_result' in r) && !('choices' in r), 'only the image result');
    const log = await t.log();
    jsonRequest(log[0], '/api/paas/v4/async/images/generations', PARAMS);
    eq(log.slice(1).map((l) => `${l.method} ${l.path}`), Array(3).fill(`GET /api/paas/v4/async-result/${task.id}`), 'three retrieves');
  }

  async function imagesErrors(t) {
    await httpErrors(t, (c) => c.images.generate(PARAMS));
    await httpErrors(t, (c) => c.images.generateAsync(PARAMS));
    // The service's own validation: a model it does not know.
    await t.rejects(t.client().images.generate({ ...PARAMS, model: 'unknown-model' }), 'BadRequestError',
      (e) => eq(e.code, '1211', 'unknown model'));
  }

  async function imagesInvalidParams(t) {
    const gen = (c, p) => c.images.generate(p);
    await invalidParams(t, gen, [
      [{ prompt: 'a cat' }, 'model is required'],
      [{ model: 'glm-image' }, 'prompt is required'],
      [{ model: 'glm-image', prompt: '' }, 'prompt must not be empty'],
      [{ ...PARAMS, quality: 'ultra' }, 'quality must be one of "hd", "standard"'],
      [{ ...PARAMS, size: 1024 }, 'size must be a string'],
      [{ ...PARAMS, user_id: 'u1' }, 'user_id must be 6 to 128 characters long'],
      [{ ...PARAMS, watermark_enabled: 'no' }, 'watermark_enabled must be a boolean'],
      [{ ...PARAMS, stream: true }, 'stream true is not supported by images.generate'],
    ]);
    await invalidParams(t, (c, p) => c.images.generateAsync(p), [
      [{ model: 'glm-image' }, 'prompt is required'],
      [{ ...PARAMS, request_id: 'r' }, 'request_id must be 6 to 64 characters long'],
    ]);
  }

  return { imagesGenerate, imagesGenerateAsyncAndPoll, imagesErrors, imagesInvalidParams };
}
