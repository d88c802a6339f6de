// Type test of the built package's index.d.ts for the resource namespaces (compile-only, never run):
//   node_modules/.bin/tsc -p tests/types   (see tests/types/tsconfig.json; scripts/test runs it)
// Every `@ts-expect-error` line must fail to type-check, everything else must pass.
import init, { ZaiClient, AgentStream, TranscriptionStream, AsyncResult } from 'zai-wasm';

async function main() {
  await init();
  const client = new ZaiClient({ apiKey: 'id.secret' });
  const img = await client.images.generate({ model: 'glm-image', prompt: 'cat', size: '1280x1280', quality: 'hd' });
  const u: string = img.data[0].url;
  const task = await client.images.generateAsync({ model: 'glm-image', prompt: 'cat' });
  const done: AsyncResult = await client.asyncResult.poll(task.id, {
    interval: 2000, timeout: 60000, signal: new AbortController().signal,
    onProgress: (r, p) => console.log(r.task_status, p.attempt, p.elapsedMs),
  });
  const url: string | undefined = done.image_result?.[0].url;
  const v = await client.videos.generate({ model: 'cogvideox-3', image_url: ['a', 'b'], fps: 60, duration: 10 });
  const v2 = await client.videos.generate({ model: 'viduq1-text', prompt: 'waves' });
  // @ts-expect-error prompt or image_url is required
  await client.videos.generate({ model: 'cogvideox-3' });
  // @ts-expect-error fps is 30 or 60
  await client.videos.generate({ model: 'cogvideox-3', prompt: 'x', fps: 24 });
  const r = await client.asyncResult.retrieve(v.id);
  r.video_result?.[0].cover_image_url;
  const ws = await client.webSearch.search({ search_engine: 'search-prime', search_query: 'q', count: 5 });
  ws.search_result[0].title;
  const a = await client.agents.invoke({ agent_id: 'general_translation', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], custom_variables: { target_lang: 'en' } });
  a.choices?.[0].messages?.[0].content;
  const s: AgentStream = await client.agents.invoke({ agent_id: 'slides_glm_agent', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
  for await (const ch of s) ch.choices[0]?.delta?.content;
  // @ts-expect-error agent image_url is a string
  await client.agents.invoke({ agent_id: 'x', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'u' } }] }] });
  const ar = await client.agents.asyncResult({ agent_id: 'vidu_template_agent', async_id: 'x' });
  ar.status;
  const conv = await client.agents.conversation({ agent_id: 'slides_glm_agent', conversation_id: 'c', custom_variables: { include_pdf: true, pages: [{ position: 1, width: 960, height: 540 }] } });
  conv.choices[0].message[0].content;
  const f = await client.files.create({ file: new File(['x'], 'a.txt'), purpose: 'agent' });
  const n: number = f.bytes;
  const e = await client.embeddings.create({ model: 'embedding-3', input: ['a', 'b'], dimensions: 256 });
  const vec: number[] = e.data[0].embedding;
  const tk = await client.tokenizer.count({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] });
  tk.usage.total_tokens;
  const rd = await client.webReader.read({ url: 'https://x', return_format: 'text', with_links_summary: true });
  rd.reader_result.content;
  const lp = await client.layoutParsing.parse({ model: 'glm-ocr', file: 'https://x/a.pdf', start_page_id: 1 });
  lp.layout_details[0][0].bbox_2d;
  const tr = await client.audio.transcriptions.create({ file: new Blob([]), model: 'glm-asr-2512', hotwords: ['a'] });
  const text: string = tr.text;
  const ts: TranscriptionStream = await client.audio.transcriptions.create({ file_base64: 'AAA', model: 'glm-asr-2512', stream: true });
  for await (const ch of ts) { const t: string = ch.delta; ch.type; }
  // @ts-expect-error file or file_base64 is required
  await client.audio.transcriptions.create({ model: 'glm-asr-2512' });
  // @ts-expect-error prompt is required for images
  await client.images.generate({ model: 'glm-image' });
  // @ts-expect-error quality is 'hd' or 'standard'
  await client.images.generate({ model: 'glm-image', prompt: 'cat', quality: 'ultra' });
  // @ts-expect-error search_query is required
  await client.webSearch.search({ search_engine: 'search-prime' });
  // @ts-expect-error count is a number
  await client.webSearch.search({ search_engine: 'search-prime', search_query: 'q', count: '5' });
  // @ts-expect-error the task id is a string
  await client.asyncResult.retrieve(42);
  // @ts-expect-error onProgress gets (result, { attempt, elapsedMs })
  await client.asyncResult.poll('id', { onProgress: (r: string) => r });
  // @ts-expect-error file is a Blob/File, not a path
  await client.files.create({ file: '/tmp/a.txt', purpose: 'agent' });
  // @ts-expect-error embeddings input is text
  await client.embeddings.create({ model: 'embedding-3', input: [1, 2] });
  // @ts-expect-error the tokenizer needs messages
  await client.tokenizer.count({ model: 'glm-4.6' });
  // @ts-expect-error the reader needs a url
  await client.webReader.read({ return_format: 'text' });
  // @ts-expect-error layout parsing takes a URL or base64 string, not a Blob
  await client.layoutParsing.parse({ model: 'glm-ocr', file: new Blob([]) });
  // @ts-expect-error a typo in a parameter name
  await client.embeddings.create({ model: 'embedding-3', input: 'a', dimension: 256 });
  // @ts-expect-error conversation_id is required
  await client.agents.conversation({ agent_id: 'slides_glm_agent' });
  // @ts-expect-error async_id is required
  await client.agents.asyncResult({ agent_id: 'vidu_template_agent' });
  // @ts-expect-error bbox_2d has 4 numbers
  const bad: [number, number] = lp.layout_details[0][0].bbox_2d;
  return [u, url, v2, n, vec, text, bad];
}
main();
