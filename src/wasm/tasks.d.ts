// 'zai-wasm/tasks': the task store, its own entry point. Importing it once makes `{ persist: true }`
// (on videos.generate, images.generateAsync, chat.completions.createAsync and asyncResult.poll) and
// `client.tasks` available on every ZaiClient. The types (`StoredTask`, `Tasks`) are in 'zai-wasm'.
export {};
