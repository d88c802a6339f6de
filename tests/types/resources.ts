// Type test of src/wasm/index.d.ts for the resource namespaces (compile-only, never run):
//   node_modules/.bin/tsc --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler \
//     --lib es2022,dom,dom.iterable,dom.asynciterable tests/types/resources.ts
// Every `@ts-expect-error` line must fail to type-check, everything else must pass.
import init, { ZaiClient, AgentStream, TranscriptionStream, AsyncResult } from '../../src/wasm/index';

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
  return [u, url, v2, n, vec, text];
}
main();
