// Type test of the task store (`persist`, `client.tasks`; compile-only, never run):
//   node_modules/.bin/tsc -p tests/types   (see tests/types/tsconfig.json; scripts/test runs it)
// Every `@ts-expect-error` line must fail to type-check, everything else must pass.
import init, { ZaiClient, AsyncResult, StoredTask, TaskStatus } from 'zai-wasm';
import 'zai-wasm/tasks';
import { ChatToolRunner } from 'zai-wasm/tools';

async function main() {
  await init();
  const client = new ZaiClient({ apiKey: 'id.secret' });
  const video = await client.videos.generate({ model: 'cogvideox-3', prompt: 'waves' }, { persist: true, timeout: 30000 });
  await client.images.generateAsync({ model: 'glm-image', prompt: 'cat' }, { persist: true });
  await client.chat.completions.createAsync({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] }, { persist: false });
  await client.asyncResult.poll(video.id, { persist: true, interval: 2000 });
  // @ts-expect-error persist is a boolean
  await client.videos.generate({ model: 'cogvideox-3', prompt: 'waves' }, { persist: 'yes' });
  // @ts-expect-error persist is an option of the task submissions and poll only
  await client.chat.completions.create({ model: 'glm-4.6', messages: [] }, { persist: true });

  const tasks: StoredTask[] = await client.tasks.list();
  for (const t of tasks) {
    const s: TaskStatus = t.status;
    const kind: 'video' | 'image' | 'chat' | null = t.kind;
    const when: number = t.created + t.updated;
    const model: string | null = t.model;
    if (t.status === 'PROCESSING') {
      const done: AsyncResult = await client.tasks.resume(t.id, { interval: 5000, signal: new AbortController().signal });
      console.log(done.video_result?.[0].url, s, kind, when, model);
    }
  }
  const one: StoredTask | undefined = await client.tasks.get(video.id);
  const removed: boolean = await client.tasks.remove(video.id);
  // @ts-expect-error the store is read-only
  client.tasks = client.tasks;
  // @ts-expect-error resume takes poll options
  await client.tasks.resume(video.id, { maxRetries: 2 });
  const r: typeof ChatToolRunner = ChatToolRunner;
  console.log(one, removed, r);
}
main();
