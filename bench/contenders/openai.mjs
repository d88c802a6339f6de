// The `openai` npm client (pinned in package.json), pointed at the bench server through baseURL.
import OpenAI from 'openai';

let client;

export function setup(origin) {
  // The OpenAI-compatible root: the client appends /chat/completions.
  client = new OpenAI({ apiKey: 'bench', baseURL: origin + '/api/paas/v4', maxRetries: 0, dangerouslyAllowBrowser: true });
}

/** An async iterable of chunks. */
export function open(params) {
  return client.chat.completions.create(params);
}

export function complete(params) {
  return client.chat.completions.create(params);
}
