// The demo: plain ES modules, no bundler. The package is served at /pkg/ by scripts/dev-server.mjs.
import init, { ZaiClient, ZaiError } from '/pkg/index.js';

await init();

// No apiKey: the local server adds it (proxy mode) or the mock accepts anything.
const client = new ZaiClient({ baseURL: `${location.origin}/api`, apiKey: 'demo.key' });
const $ = (id) => document.getElementById(id);
let controller = null;

$('chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  controller = new AbortController();
  $('send').disabled = true;
  $('stop').disabled = false;
  $('answer').textContent = '';
  $('reasoning').textContent = '';
  $('reasoning-box').hidden = true;
  $('usage').textContent = '';
  $('error').hidden = true;
  try {
    const stream = await client.chat.completions.create({
      model: $('model').value,
      messages: [{ role: 'user', content: $('prompt').value }],
      thinking: { type: $('thinking').checked ? 'enabled' : 'disabled' },
      stream: true,
    }, { signal: controller.signal });
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta ?? {};
      if (delta.reasoning_content) {
        $('reasoning-box').hidden = false;
        $('reasoning').textContent += delta.reasoning_content;
      }
      if (delta.content) $('answer').textContent += delta.content;
      if (chunk.usage) {
        const u = chunk.usage;
        $('usage').textContent = `${u.prompt_tokens} prompt + ${u.completion_tokens} completion = ${u.total_tokens} tokens`;
      }
    }
  } catch (err) {
    showError(err);
  } finally {
    $('send').disabled = false;
    $('stop').disabled = true;
  }
});

$('stop').addEventListener('click', () => controller?.abort());

function showError(err) {
  const box = $('error');
  box.hidden = false;
  box.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = err instanceof ZaiError ? err.name : 'Error';
  const list = document.createElement('dl');
  for (const [k, v] of Object.entries({ message: err.message, status: err.status, code: err.code, requestId: err.requestId, retryable: err.retryable })) {
    if (v === undefined) continue;
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    list.append(dt, dd);
  }
  box.append(title, list);
}
