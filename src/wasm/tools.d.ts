// 'zai-wasm/tools': the tool runner, its own entry point. Importing it once makes
// `client.chat.completions.runTools(params, options)` available on every ZaiClient.
import type { ChatToolRunner as Runner } from './index.js';

/** The class of the runners `runTools` returns (for `instanceof`). */
export declare const ChatToolRunner: abstract new (...args: never[]) => Runner;
