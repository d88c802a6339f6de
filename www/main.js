// The zai-wasm demo: plain ES modules, no framework, no bundler. scripts/dev-server.mjs serves this
// directory at /, the built package at /pkg/ and the API at /api: the bundled mock, or a proxy to
// Z.AI that adds the API key server-side. No key is ever in this page; the only thing kept is the
// video tasks' ids and statuses (IndexedDB, through 'zai-wasm/tasks'), so a reload can resume them.
import init, { ZaiClient, ZaiError } from '/pkg/index.js';
import '/pkg/tools.js'; // client.chat.completions.runTools
import '/pkg/tasks.js'; // { persist: true } and client.tasks

const $ = (id) => document.getElementById(id);

/** Which API the server gives us: "mock" (fault injection available) or "proxy". */
async function detectMode() {
  try {
    const res = await fetch('/demo-config.json', { cache: 'no-store' });
    if (res.ok) return (await res.json()).mode ?? 'proxy';
  } catch {
    // Served by some other static server: assume a proxy, offer no mock controls.
  }
  return 'proxy';
}

const [mode] = await Promise.all([detectMode(), init()]);
const isMock = mode === 'mock';

// The mock accepts any bearer token; with the proxy, the server adds the real key and drops ours.
// maxConcurrency: the demo's tabs share 3 running calls per model (Web Locks); more wait in line.
const client = new ZaiClient({
  baseURL: `${location.origin}/api`, apiKey: isMock ? 'mock-token' : undefined, maxConcurrency: 3,
});

$('mode').textContent = isMock
  ? 'Mock Z.AI API (offline, no account)'
  : 'Real Z.AI API through the local proxy (the key stays on the server)';
$('mode').dataset.mode = mode;
$('simulate-box').hidden = !isMock;

/**
 * Per-call request options: in mock mode, the `x-mock-scenario` header (the Simulate menu plus any
 * scenario the panel needs to show its feature) and no retries when a fault is simulated.
 */
function callOptions(extra = {}, ...panelScenarios) {
  const options = { ...extra };
  if (!isMock) return options;
  const simulated = $('simulate').value;
  const scenario = [simulated, ...panelScenarios].filter(Boolean).join('+');
  if (scenario) options.headers = { 'x-mock-scenario': scenario };
  if (simulated) options.maxRetries = 0;
  return options;
}

// ------------------------------------------------------------------------------------------ errors

function showError(call, err) {
  const e = err ?? {};
  $('error-empty').hidden = true;
  $('error-box').hidden = false;
  const name = e instanceof ZaiError ? e.name : `${e.name ?? 'Error'} (not a ZaiError)`;
  $('err-name').textContent = name;
  $('err-call').textContent = call;
  const fields = {
    'err-name-field': e.name,
    'err-status': e.status,
    'err-code': e.code,
    'err-request-id': e.requestId,
    'err-retryable': e.retryable,
    'err-message': e.message ?? String(err),
  };
  for (const [id, value] of Object.entries(fields)) {
    $(id).textContent = value === undefined ? '—' : String(value);
  }
  $('error-panel').dataset.error = e.name ?? 'Error';
}

$('error-clear').addEventListener('click', () => {
  $('error-box').hidden = true;
  $('error-empty').hidden = false;
  delete $('error-panel').dataset.error;
});

/** Runs a panel action with its button disabled; errors go to the status line and the error panel. */
async function run(button, status, call, action) {
  button.disabled = true;
  try {
    await action();
  } catch (err) {
    status.textContent = `${err?.name ?? 'Error'}: ${err?.message ?? err}`;
    status.dataset.state = 'error';
    showError(call, err);
  } finally {
    button.disabled = false;
  }
}

function setStatus(el, text, state = '') {
  el.textContent = text;
  el.dataset.state = state;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// -------------------------------------------------------------------------------------------- chat

// Tools that run in this page (runTools): the answer streams, the model's calls run here, their
// results go back, and the model answers with them.
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string', description: 'City name, e.g. Beijing' } },
        required: ['city'],
      },
      // A stand-in for your weather service (the demo has none).
      run: async ({ city }, { signal }) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        signal.throwIfAborted();
        return { city, sky: 'clear', celsius: 20 + (city.length % 7), source: 'demo data' };
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_selection',
      description: 'The text the user has selected on this page',
      parameters: { type: 'object', properties: {} },
      run: () => String(getSelection()) || '(nothing is selected)',
    },
  },
];

let chatController = null;

$('chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('chat-status');
  const thinking = $('thinking').checked;
  const withTools = $('tools').checked;
  chatController = new AbortController();
  $('send').disabled = true;
  $('stop').disabled = false;
  $('answer').textContent = '';
  $('reasoning').textContent = '';
  $('reasoning-box').hidden = !thinking;
  $('tool-calls').replaceChildren();
  $('tool-box').hidden = true;
  $('usage').textContent = '';
  setStatus(status, 'Connecting…', 'busy');

  const params = {
    model: $('model').value,
    // One turn: the panel keeps no conversation, so there is no next turn to hand
    // stream.assistantMessage() to (preserved thinking, README "Thinking that carries over").
    messages: [{ role: 'user', content: $('prompt').value }],
    thinking: { type: thinking ? 'enabled' : 'disabled' },
    stream: true,
  };
  // The mock only "thinks" or calls tools when asked to by a scenario; the real API decides itself.
  const options = callOptions({ signal: chatController.signal }, thinking && 'reasoning', withTools && 'tool-stream');

  const call = withTools ? 'chat.completions.runTools' : 'chat.completions.create';
  try {
    if (withTools) await runTools({ ...params, stream: undefined, tools: TOOLS, tool_stream: true }, options, status);
    else await streamChat(params, options, status);
  } catch (err) {
    const aborted = err?.name === 'APIUserAbortError';
    setStatus(status, aborted ? 'Stopped (APIUserAbortError)' : `${err?.name ?? 'Error'}: ${err?.message}`, aborted ? 'stopped' : 'error');
    showError(call, err);
  } finally {
    chatController = null;
    $('send').disabled = false;
    $('stop').disabled = true;
  }
});

/** The streamed chat: chunks drive the panel (reasoning, answer, usage). */
async function streamChat(params, options, status) {
  const stream = await client.chat.completions.create(params, options);
  setStatus(status, 'Streaming…', 'busy');
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    const delta = chunk.choices[0]?.delta ?? {};
    if (delta.reasoning_content) {
      $('reasoning-box').hidden = false;
      $('reasoning').textContent += delta.reasoning_content;
    }
    if (delta.content) $('answer').textContent += delta.content;
    if (delta.tool_calls) setStatus(status, 'Streaming tool-call arguments…', 'busy');
    if (chunk.usage) showUsage(chunk.usage);
  }
  // After iteration, finalChatCompletion() resolves at once to the accumulated completion.
  const final = await stream.finalChatCompletion();
  const choice = final.choices[0];
  if (final.usage) showUsage(final.usage);
  const rid = stream.requestId ? `, request id ${stream.requestId}` : '';
  setStatus(status, `Done: ${chunks} chunks, finish_reason ${choice?.finish_reason ?? '—'}${rid}`, 'done');
}

/** The chat with tools: runTools events drive the panel (partial arguments, results, answer). */
async function runTools(params, options, status) {
  const rows = new Map();
  const row = (step, index) => {
    const key = `${step}.${index}`;
    if (!rows.has(key)) {
      const li = el('li', { class: 'tool-call' }, el('code'), ' ', el('span', { class: 'muted' }));
      rows.set(key, li);
      $('tool-calls').append(li);
      $('tool-box').hidden = false;
    }
    return rows.get(key);
  };
  const runner = client.chat.completions.runTools(params, options);
  setStatus(status, 'Streaming…', 'busy');
  for await (const ev of runner) {
    if (ev.type === 'reasoning') {
      $('reasoning-box').hidden = false;
      $('reasoning').textContent += ev.delta;
    } else if (ev.type === 'content') {
      $('answer').textContent += ev.delta;
    } else if (ev.type === 'tool_call') {
      // Arguments as far as they have arrived (`parsed`), then complete.
      const li = row(ev.step, ev.index);
      li.dataset.id = ev.id;
      li.firstChild.textContent = `${ev.name}(${JSON.stringify(ev.parsed ?? {})})`;
      li.lastChild.textContent = ev.done ? `id ${ev.id}: running…` : 'arguments arriving…';
      setStatus(status, ev.done ? `Running ${ev.name} in the page…` : 'Streaming tool-call arguments…', 'busy');
    } else if (ev.type === 'tool_result') {
      row(ev.step, ev.index).lastChild.textContent = `id ${ev.id} → ${ev.error ? `error: ${ev.error}` : ev.content}`;
    } else if (ev.type === 'step' && ev.completion.usage) {
      showUsage(ev.completion.usage);
    }
  }
  const final = await runner.finalChatCompletion();
  const steps = runner.messages.filter((m) => m.role === 'assistant').length;
  setStatus(status, `Done: ${steps} model calls, stop reason ${runner.stopReason}, finish_reason ${final.choices[0]?.finish_reason ?? '—'}`, 'done');
}

$('stop').addEventListener('click', () => chatController?.abort());

$('prompt').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !$('send').disabled) {
    event.preventDefault();
    $('chat-form').requestSubmit();
  }
});

function showUsage(u) {
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  $('usage').textContent =
    `Usage: ${u.prompt_tokens} prompt + ${u.completion_tokens} completion = ${u.total_tokens} tokens` +
    (reasoning ? ` (${reasoning} reasoning)` : '');
}

// ------------------------------------------------------------------------------------------- images

$('image-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const status = $('image-status');
  const prompt = $('image-prompt').value;
  $('image-result').replaceChildren();
  setStatus(status, 'Generating…', 'busy');
  run($('image-go'), status, 'images.generate', async () => {
    const res = await client.images.generate(
      { model: $('image-model').value, prompt, size: $('image-size').value },
      callOptions(),
    );
    const url = res.data?.[0]?.url;
    if (!url) throw new Error('the answer has no image URL');
    const img = el('img', { src: url, alt: `Generated image: ${prompt}`, width: 256, height: 256 });
    $('image-result').replaceChildren(
      el('figure', {}, img, el('figcaption', {}, el('a', { href: url, target: '_blank', rel: 'noopener' }, 'Open the image'))),
    );
    await img.decode().catch(() => {});
    setStatus(status, `Done (created ${new Date(res.created * 1000).toLocaleString()})`, 'done');
  });
});

// ------------------------------------------------------------------------------------------- videos

let videoController = null;

$('video-form').addEventListener('submit', (event) => {
  event.preventDefault();
  followVideo(async (status, log) => {
    // persist: the task is stored, so a reload can find it in client.tasks and resume it.
    const task = await client.videos.generate(
      { model: $('video-model').value, prompt: $('video-prompt').value },
      callOptions({ signal: videoController.signal, persist: true }),
    );
    setStatus(status, `Task ${task.id}: ${task.task_status}`, 'busy');
    log.append(el('li', {}, `submitted: ${task.task_status}`));
    renderTasks();
    return task.id;
  });
});

/**
 * Runs a video task to its end in the panel: `start` submits one (or names a stored one) and
 * resolves to its id; polling shows live progress and updates the stored task.
 */
function followVideo(start) {
  const status = $('video-status');
  const log = $('video-log');
  const progress = $('video-progress');
  $('video-result').replaceChildren();
  log.replaceChildren();
  videoController = new AbortController();
  $('video-cancel').disabled = false;
  progress.hidden = false;
  setStatus(status, 'Submitting…', 'busy');
  return run($('video-go'), status, 'videos.generate / asyncResult.poll', async () => {
    try {
      const id = await start(status, log);
      const pollOptions = {
        // The mock finishes after two polls; a real video takes minutes.
        interval: isMock ? 600 : 5000,
        timeout: 15 * 60_000,
        signal: videoController.signal,
        persist: true,
        onProgress: (r, { attempt, elapsedMs }) => {
          setStatus(status, `Task ${id}: ${r.task_status} (poll ${attempt}, ${(elapsedMs / 1000).toFixed(1)} s)`, 'busy');
          log.append(el('li', {}, `poll ${attempt}: ${r.task_status}`));
        },
      };
      // (Mock scenarios such as task-fail are read when the task is submitted.)
      const result = await client.asyncResult.poll(id, pollOptions);
      const video = result.video_result?.[0];
      if (!video?.url) throw new Error('the finished task has no video_result');
      showVideo(video);
      setStatus(status, `Task ${id}: ${result.task_status}`, 'done');
    } finally {
      progress.hidden = true;
      $('video-cancel').disabled = true;
      videoController = null;
      renderTasks();
    }
  });
}

/** The stored video tasks (they survive a reload): each can be resumed (or shown) and removed. */
async function renderTasks() {
  const list = $('video-tasks');
  let tasks;
  try {
    tasks = (await client.tasks.list()).filter((t) => t.kind === 'video');
  } catch (err) {
    list.replaceChildren(el('li', {}, `Stored tasks unavailable: ${err.message}`));
    return;
  }
  list.replaceChildren(...tasks.map((t) => {
    const resume = el('button', { type: 'button', class: 'resume' }, t.status === 'SUCCESS' ? 'Show' : 'Resume');
    resume.disabled = videoController !== null || t.status === 'FAIL';
    resume.addEventListener('click', () => followVideo(async () => t.id));
    const remove = el('button', { type: 'button', class: 'remove' }, 'Remove');
    remove.addEventListener('click', async () => {
      await client.tasks.remove(t.id);
      renderTasks();
    });
    const when = new Date(t.created).toLocaleString();
    return el('li', { 'data-id': t.id, 'data-status': t.status },
      el('span', {}, `${t.model} · ${t.status} · ${when} · `), el('code', {}, t.id), ' ', resume, ' ', remove);
  }));
  $('video-tasks-empty').hidden = tasks.length > 0;
}
renderTasks();

$('video-cancel').addEventListener('click', () => videoController?.abort());

/** The cover image with links; "Play here" swaps in a <video> player (nothing is loaded before). */
function showVideo(video) {
  const link = (href, label) => el('a', { href, target: '_blank', rel: 'noopener' }, label);
  const cover = video.cover_image_url
    ? el('img', { src: video.cover_image_url, alt: 'Cover image of the generated video', width: 320, height: 180, class: 'cover' })
    : null;
  const play = el('button', { type: 'button', class: 'play' }, 'Play here');
  const figure = el('figure', {}, cover,
    el('figcaption', {}, play, ' ', link(video.url, 'Open the video'), cover ? ' · ' : null,
      cover ? link(video.cover_image_url, 'cover image') : null));
  play.addEventListener('click', () => {
    const player = el('video', { controls: true, autoplay: true, src: video.url, width: 320, height: 180, 'aria-label': 'Generated video' });
    if (video.cover_image_url) player.poster = video.cover_image_url;
    (cover ?? play).replaceWith(player);
    if (cover) play.remove();
    player.focus();
  });
  $('video-result').replaceChildren(figure);
}

// --------------------------------------------------------------------------------------- web search

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const status = $('search-status');
  const list = $('search-results');
  list.replaceChildren();
  setStatus(status, 'Searching…', 'busy');
  run($('search-go'), status, 'webSearch.search', async () => {
    const res = await client.webSearch.search(
      { search_engine: 'search_pro_jina', search_query: $('search-query').value, count: Number($('search-count').value) || 4 },
      callOptions(),
    );
    const results = res.search_result ?? [];
    list.replaceChildren(
      ...results.map((r) =>
        el('li', { class: 'result' },
          el('a', { href: r.link, target: '_blank', rel: 'noopener' }, r.title || r.link),
          el('p', { class: 'muted' }, [r.media, r.publish_date].filter(Boolean).join(' · ')),
          el('p', {}, r.content ?? ''))),
    );
    setStatus(status, `${results.length} result${results.length === 1 ? '' : 's'}`, 'done');
  });
});

// ------------------------------------------------------------------------------------------- agent

$('agent-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const status = $('agent-status');
  $('agent-output').textContent = '';
  setStatus(status, 'Translating…', 'busy');
  run($('agent-go'), status, 'agents.invoke', async () => {
    const res = await client.agents.invoke(
      {
        agent_id: 'general_translation',
        messages: [{ role: 'user', content: [{ type: 'text', text: $('agent-text').value }] }],
        custom_variables: { source_lang: 'auto', target_lang: $('agent-target').value },
      },
      callOptions(),
    );
    $('agent-output').textContent = agentText(res);
    setStatus(status, `Done (${res.status ?? 'ok'})`, 'done');
  });
});

/** The text parts of an agent answer: choices[].messages[].content (an object or an array of parts). */
function agentText(res) {
  const out = [];
  for (const choice of res.choices ?? []) {
    for (const message of choice.messages ?? (choice.message ? [choice.message] : [])) {
      const parts = Array.isArray(message.content) ? message.content : [message.content];
      for (const part of parts) {
        if (typeof part === 'string') out.push(part);
        else if (part?.text) out.push(part.text);
      }
    }
  }
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------- files

$('file-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const status = $('file-status');
  const file = $('file-input').files[0];
  $('file-output').textContent = '';
  if (!file) return;
  setStatus(status, `Uploading ${file.name} (${file.size} bytes)…`, 'busy');
  run($('file-go'), status, 'files.create', async () => {
    const fileObject = await client.files.create({ file, purpose: $('file-purpose').value }, callOptions());
    $('file-output').textContent = JSON.stringify(fileObject, null, 2);
    setStatus(status, `Uploaded as ${fileObject.id}`, 'done');
    await listFiles();
  });
});

/** Shows the uploaded files (newest first), each with a Delete button. */
async function listFiles() {
  const status = $('file-list-status');
  setStatus(status, 'Listing…', 'busy');
  const page = await client.files.list({ limit: 20, order: 'desc' }, callOptions());
  $('file-list').replaceChildren(...page.data.map((f) => {
    const del = el('button', { type: 'button', textContent: 'Delete', 'aria-label': `Delete ${f.filename}` });
    del.addEventListener('click', () => run(del, status, 'files.delete', async () => {
      await client.files.delete(f.id, callOptions());
      setStatus(status, `Deleted ${f.id}`, 'done');
      await listFiles();
      setStatus(status, `Deleted ${f.id}`, 'done');
    }));
    return el('li', { 'data-id': f.id }, el('code', {}, f.id), ` ${f.filename} (${f.bytes} bytes, ${f.purpose}) `, del);
  }));
  setStatus(status, page.data.length ? `${page.data.length} file(s)${page.has_more ? ', more exist' : ''}` : 'No files', 'done');
}

$('file-refresh').addEventListener('click', () => run($('file-refresh'), $('file-list-status'), 'files.list', listFiles));

// --------------------------------------------------------------------------------- text to speech

let ttsUrl = null;

$('tts-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const status = $('tts-status');
  setStatus(status, 'Speaking…', 'busy');
  run($('tts-go'), status, 'audio.speech.create', async () => {
    // The answer is the fetch Response (status already checked): play its bytes.
    const res = await client.audio.speech.create(
      { model: 'glm-tts', input: $('tts-text').value, voice: $('tts-voice').value, response_format: 'wav' },
      callOptions(),
    );
    const blob = await res.blob();
    if (ttsUrl) URL.revokeObjectURL(ttsUrl);
    ttsUrl = URL.createObjectURL(blob);
    const audio = $('tts-audio');
    audio.src = ttsUrl;
    audio.hidden = false;
    audio.play().catch(() => { /* autoplay refused: the controls are there */ });
    setStatus(status, `${blob.size} bytes of ${blob.type || 'audio'}`, 'done');
  });
});

document.body.dataset.ready = 'true';
