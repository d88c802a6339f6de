// The tool runner: `client.chat.completions.runTools(params, options)`, tools that run in the page.
// Its own entry point ('zai-wasm/tools', ~2 KB gzip), so a page that never runs tools does not
// carry it: `install` puts it on the package's `ZaiClient` (scripts/build writes pkg/tools.js as
// `install(await import('./index.js'))`; the browser tests install it on the runtime's classes).
//
// The runner streams each model answer, runs the tools it asks for (in parallel), sends their
// results back as `tool` messages and asks again, until an answer without tool calls, a call of a
// tool without `run`, or `maxSteps` model calls.

let InvalidRequestError;
let APIUserAbortError;
let assistantMessage;

/** Installs `runTools` on `zai.ZaiClient`; returns the runner class. Idempotent. */
export function install(zai) {
  ({ InvalidRequestError, APIUserAbortError, assistantMessage } = zai);
  zai.ZaiClient[Symbol.for('zai-wasm.tools')] = (client, params, options) => new ChatToolRunner(client, params, options);
  return ChatToolRunner;
}

const invalid = (field, problem) => new InvalidRequestError(`${field} ${problem}`, undefined, undefined, undefined, false, undefined);
const messageOf = (e) => {
  try {
    return String(e && e.message !== undefined ? e.message : e);
  } catch {
    return 'an error';
  }
};

/** The runner `client.chat.completions.runTools(params, options)` returns. */
export class ChatToolRunner {
  constructor(client, params, options) {
    this.messages = [];
    this.stopReason = null;
    this._q = [];
    this._wake = null;
    this._over = false;
    this._iterated = false;
    this._ctl = new AbortController();
    this._done = this._run(client, params, options).then((c) => {
      this._over = true;
      return c;
    }, (e) => {
      this._over = true;
      this._err = e;
      throw e;
    }).finally(() => this._emit());
    this._done.catch(() => {}); // reported by iteration and finalChatCompletion()
  }

  /** Stops the model call and every running tool (their `signal`); the runner rejects with APIUserAbortError. */
  abort() {
    this._ctl.abort();
  }

  /** Resolves to the last model answer once the loop is over. */
  finalChatCompletion() {
    return this._done;
  }

  /** The last answer's text. */
  async finalContent() {
    return (await this._done).choices[0]?.message?.content ?? null;
  }

  _emit(event) {
    if (event) this._q.push(event);
    const wake = this._wake;
    this._wake = null;
    if (wake) wake();
  }

  [Symbol.asyncIterator]() {
    if (this._iterated) throw invalid('runner', 'can be iterated once');
    this._iterated = true;
    let i = 0;
    const next = async () => {
      for (;;) {
        if (i < this._q.length) {
          const value = this._q[i];
          this._q[i++] = undefined; // delivered: nothing keeps it
          return { value, done: false };
        }
        if (this._over) {
          if (this._err) throw this._err;
          return { value: undefined, done: true };
        }
        await new Promise((r) => { this._wake = r; });
      }
    };
    return {
      next,
      // `break` stops the runner, as it cancels a stream.
      return: async () => {
        this.abort();
        this._over = true;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  async _run(client, params, options) {
    await null; // a mistake in the arguments rejects, never throws from runTools()
    if (params === null || typeof params !== 'object') throw invalid('params', 'must be an object');
    if (options != null && typeof options !== 'object') throw invalid('options', 'must be an object');
    // Own members, read once (a throwing getter rejects the runner, naming nothing it cannot).
    const p = { ...params };
    const o = { ...options };
    const maxSteps = o.maxSteps ?? 10;
    if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > 100) {
      throw invalid('maxSteps', 'must be an integer from 1 to 100');
    }
    if (o.onToolError !== undefined && typeof o.onToolError !== 'function') throw invalid('onToolError', 'must be a function');
    if (!Array.isArray(p.messages)) throw invalid('messages', 'must be an array');
    const runs = new Map();
    const tools = Array.isArray(p.tools) ? p.tools.map((t) => {
      const f = t?.function;
      if (t?.type !== 'function' || typeof f?.run !== 'function') return t;
      runs.set(f.name, f);
      const { run, ...wire } = f;
      return { ...t, function: wire };
    }) : p.tools;
    this.messages = [...p.messages];
    const signal = this._ctl.signal;
    const user = o.signal;
    if (user != null && typeof user.addEventListener !== 'function') {
      throw invalid('signal', 'must be an AbortSignal (pass controller.signal, not the controller)');
    }
    if (user) {
      if (user.aborted) this.abort();
      else user.addEventListener('abort', () => this.abort(), { once: true });
    }
    const { maxSteps: _m, onToolError: _e, ...rest } = o;
    const call = { ...rest, signal };
    for (let step = 1; ; step++) {
      const stream = await client.chat.completions.create({ ...p, messages: this.messages, tools, stream: true }, call);
      const partial = [];
      for await (const chunk of stream) {
        const d = chunk.choices?.[0]?.delta;
        if (!d) continue;
        if (d.reasoning_content) this._emit({ type: 'reasoning', step, delta: d.reasoning_content });
        if (d.content) this._emit({ type: 'content', step, delta: d.content });
        for (const tc of d.tool_calls ?? []) {
          const c = partial[tc.index ?? 0] ??= { id: '', name: '', arguments: '' };
          c.id ||= tc.id ?? '';
          c.name ||= tc.function?.name ?? '';
          c.arguments += tc.function?.arguments ?? '';
          this._emit({ type: 'tool_call', step, index: tc.index ?? 0, id: c.id, name: c.name,
            arguments: c.arguments, parsed: parsePartial(c.arguments), done: false });
        }
      }
      const completion = await stream.finalChatCompletion();
      const message = completion.choices?.[0]?.message ?? { role: 'assistant', content: '' };
      const calls = message.tool_calls ?? [];
      // The package's rule for reasoning_content (kept with tool calls or preserved thinking).
      const turn = assistantMessage({ choices: [{ message }] }, p);
      turn.content ??= '';
      this.messages.push(turn);
      this._emit({ type: 'step', step, completion });
      if (!calls.length) this.stopReason = 'answer';
      else if (calls.some((c) => !runs.has(c.function?.name))) this.stopReason = 'no_run';
      else if (step >= maxSteps) this.stopReason = 'max_steps';
      if (this.stopReason) return completion;
      const results = await Promise.all(calls.map((c, index) => this._runTool(runs.get(c.function.name), c, index, step, o.onToolError)));
      calls.forEach((c, i) => this.messages.push({ role: 'tool', tool_call_id: c.id, content: results[i] }));
    }
  }

  /** Runs one tool call; resolves to the `tool` message's content (a result, an error, a retry). */
  async _runTool(f, toolCall, index, step, onToolError) {
    const signal = this._ctl.signal;
    const name = toolCall.function.name;
    let args;
    let problem;
    try {
      args = JSON.parse(toolCall.function.arguments || '{}');
      problem = schemaProblem(args, f.parameters, 'arguments');
    } catch (e) {
      problem = `arguments are not valid JSON (${messageOf(e)})`;
    }
    this._emit({ type: 'tool_call', step, index, id: toolCall.id, name, arguments: toolCall.function.arguments,
      parsed: args, done: true });
    let content;
    let error;
    if (problem) {
      error = problem;
      content = `Invalid call of ${name}: ${problem}. Call it again with arguments that fit its parameters schema.`;
    } else {
      try {
        // Abort rejects at once, whether or not the tool watches its signal.
        const aborted = new Promise((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        aborted.catch(() => {});
        const out = await Promise.race([f.run(args, { signal, toolCall }), aborted]);
        content = typeof out === 'string' ? out : JSON.stringify(out) ?? '';
      } catch (e) {
        if (signal.aborted) {
          throw new APIUserAbortError('Request was aborted', undefined, undefined, undefined, false, undefined);
        }
        error = messageOf(e);
        content = onToolError ? String(onToolError(e, toolCall)) : `Error: ${error}`;
      }
    }
    this._emit({ type: 'tool_result', step, index, id: toolCall.id, name, content, error });
    return content;
  }
}

const TYPES = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null' };

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v;
}

/** The first way `v` does not fit the JSON Schema subset tools use (type, enum, required, properties, items), or undefined. */
function schemaProblem(v, s, path) {
  if (!s || typeof s !== 'object') return;
  const want = [].concat(s.type ?? []);
  const got = typeOf(v);
  if (want.length && !want.some((t) => t === got || (t === 'number' && got === 'integer'))) {
    return `${path} must be ${want.map((t) => TYPES[t] ?? t).join(' or ')}`;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    return `${path} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  if (got === 'object') {
    for (const k of s.required ?? []) if (!(k in v)) return `${path}.${k} is required`;
    for (const k of Object.keys(v)) {
      const sub = s.properties?.[k];
      if (sub) {
        const problem = schemaProblem(v[k], sub, `${path}.${k}`);
        if (problem) return problem;
      } else if (s.additionalProperties === false) return `${path}.${k} is not a known parameter`;
    }
  }
  if (got === 'array' && s.items) {
    for (let i = 0; i < v.length; i++) {
      const problem = schemaProblem(v[i], s.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
}

/**
 * As much of a JSON text that is still arriving as can be read: an open string or container is
 * closed, an unfinished member dropped (`{"city":"Bei` reads as `{ city: 'Bei' }`).
 */
function parsePartial(text) {
  let t = text;
  for (let tries = 0; tries < 4 && t; tries++) {
    let str = false;
    let esc = false;
    let cut = 0;
    const open = [];
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (str) {
        if (esc) esc = false;
        else if (c === '\\') esc = true;
        else if (c === '"') str = false;
      } else if (c === '"') str = true;
      else if (c === '{' || c === '[') {
        open.push(c === '{' ? '}' : ']');
        cut = i + 1;
      } else if (c === '}' || c === ']') open.pop();
      else if (c === ',') cut = i;
    }
    try {
      return JSON.parse((esc ? t.slice(0, -1) : t) + (str ? '"' : '') + open.reverse().join(''));
    } catch {
      t = t.slice(0, cut);
    }
  }
}
