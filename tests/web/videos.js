// Video generation (async) against the mock: submit, poll to the result, errors.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { eq, ok, httpErrors, invalidParams, jsonRequest } = h;

  // zai-api.md §3.3: first and last frame.
  const COG = {
    model: 'cogvideox-3',
    image_url: ['https://example.com/first.png', 'https://example.com/last.png'],
    prompt: 'Make the picture move',
    quality: 'speed',
    with_audio: true,
    size: '1920x1080',
    fps: 30,
    duration: 5,
    request_id: 'vid-req-0001',
    user_id: 'user-42abc',
  };

  async function videosGenerateAndPoll(t) {
    const c = t.client({}, 'polls=2');
    const task = await c.videos.generate(COG);
    ok(/^\d{19}-\d{19}$/.test(task.id), `task id ${task.id}`);
    eq(task, { model: 'cogvideox-3', id: task.id, request_id: 'vid-req-0001', task_status: 'PROCESSING' }, 'task record');
    const progress = [];
    const r = await c.asyncResult.poll(task.id, { interval: 20, onProgress: (res, p) => progress.push([res.task_status, p.attempt]) });
    eq(progress, [['PROCESSING', 1], ['PROCESSING', 2], ['SUCCESS', 3]], 'progress');
    eq(r.task_status, 'SUCCESS', 'task_status');
    eq(r.request_id, 'vid-req-0001', 'request_id');
    eq(r.video_result.length, 1, 'one video');
    ok(r.video_result[0].url.endsWith(`/__mock/asset/${task.id}.mp4`), `video url ${r.video_result[0].url}`);
    ok(r.video_result[0].cover_image_url.endsWith(`/__mock/asset/${task.id}_cover.png`), 'cover url');
    const log = await t.log();
    eq(log.length, 4, 'submit + three retrieves');
    jsonRequest(log[0], '/api/paas/v4/videos/generations', COG);
  }

  async function videosGenerateVidu(t) {
    const c = t.client();
    const cases = [
      // image -> video: image_url is a plain string (a data URI here)
      { model: 'vidu2-image', image_url: 'data:image/png;base64,iVBORw0KGgo=', duration: 4, size: '1280x720', movement_amplitude: 'small', with_audio: true },
      // text -> video
      { model: 'viduq1-text', prompt: 'Waves at dusk, 海浪', style: 'anime', aspect_ratio: '9:16', duration: 5, size: '1920x1080', movement_amplitude: 'auto' },
      // reference -> video: up to three images
      { model: 'vidu2-reference', image_url: ['https://x.test/a.png', 'https://x.test/b.png', 'https://x.test/c.png'], prompt: 'Together', aspect_ratio: '1:1' },
    ];
    for (const params of cases) {
      const task = await c.videos.generate(params);
      eq(task.model, params.model, 'model');
      eq(task.task_status, 'PROCESSING', 'task_status');
      eq(task.request_id, task.id, 'request_id defaults to the id');
    }
    const log = await t.log();
    cases.forEach((params, i) => jsonRequest(log[i], '/api/paas/v4/videos/generations', params));
  }

  async function videosErrors(t) {
    await httpErrors(t, (c) => c.videos.generate(COG));
  }

  async function videosInvalidParams(t) {
    await invalidParams(t, (c, p) => c.videos.generate(p), [
      [{ prompt: 'x' }, 'model is required'],
      [{ model: 'cogvideox-3' }, 'prompt or image_url is required'],
      [{ model: 'cogvideox-3', prompt: null, image_url: null }, 'prompt or image_url is required'],
      [{ ...COG, prompt: 'x'.repeat(513) }, 'prompt must be at most 512 characters long'],
      [{ ...COG, quality: 'fast' }, 'quality must be one of "speed", "quality"'],
      [{ ...COG, fps: 24 }, 'fps must be one of 30, 60'],
      [{ ...COG, duration: 6 }, 'duration must be one of 4, 5, 10'],
      [{ ...COG, duration: '5' }, 'duration must be a number'],
      [{ ...COG, image_url: [] }, 'image_url must not be empty'],
      [{ ...COG, image_url: ['a', 'b', 'c', 'd'] }, 'image_url has too many items'],
      [{ ...COG, image_url: { url: 'https://x' } }, 'image_url must be a string or an array'],
      [{ ...COG, image_url: ['https://x', 2] }, 'image_url[1] must be a string'],
      [{ ...COG, with_audio: 1 }, 'with_audio must be a boolean'],
      [{ ...COG, aspect_ratio: '4:3' }, 'aspect_ratio must be one of "16:9", "9:16", "1:1"'],
      [{ ...COG, user_id: 'short' }, 'user_id must be 6 to 128 characters long'],
      [{ ...COG, stream: true }, 'stream true is not supported by videos.generate'],
    ]);
  }

  return { videosGenerateAndPoll, videosGenerateVidu, videosErrors, videosInvalidParams };
}
