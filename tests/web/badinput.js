// Bad input from the caller: wrong types, missing required fields, unknown enum values, values
// JSON cannot carry, huge inputs. Each must reject with an InvalidRequestError whose message
// starts with the offending field's path, send nothing, and leave the client usable.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, eq, ok } = h;

  const BASE = { model: 'glm-4.6', messages: USER_HI };
  const msg = (m) => ({ ...BASE, messages: [m] });
  const tool = (fn) => ({ ...BASE, tools: [{ type: 'function', function: fn }] });

  /** Each `[params, field, re?]`: InvalidRequestError, message starting with `field `, matching `re`. */
  async function rejectAll(t, c, cases) {
    for (const [params, field, re] of cases) {
      for (const stream of [false, true]) {
        const p = params && typeof params === 'object' && !Array.isArray(params) ? { ...params, stream } : params;
        // Validation is synchronous work: a call that neither resolves nor rejects is a bug.
        const hung = new Promise((_, reject) => setTimeout(() => reject(new Error(
          `no answer within 3 s for ${field} (stream: ${stream})`)), 3000));
        await t.rejects(Promise.race([c.chat.completions.create(p), hung]), 'InvalidRequestError', (e) => {
          ok(e.message.startsWith(`${field} `), `"${e.message}" names ${field}`);
          if (re) ok(re.test(e.message), `${re} matches "${e.message}"`);
          eq(e.status, undefined, 'no status');
          eq(e.retryable, false, 'not retryable');
        });
      }
    }
  }

  async function stillWorks(c) {
    const r = await c.chat.completions.create(BASE);
    eq(r.choices[0].message.content, REPLY, 'the client still answers');
  }

  async function badInputWrongTypes(t) {
    const c = t.client();
    await rejectAll(t, c, [
      [{ ...BASE, messages: 'Hi' }, 'messages', /must be an array/],
      [{ ...BASE, messages: { role: 'user', content: 'Hi' } }, 'messages', /must be an array/],
      [msg('Hi'), 'messages[0]', /must be an object/],
      [msg({ role: 'user', content: 42 }), 'messages[0].content'],
      [{ ...BASE, temperature: '0.5' }, 'temperature', /must be a number/],
      [{ ...BASE, max_tokens: 1.5 }, 'max_tokens', /must be an integer/],
      [{ ...BASE, do_sample: 1 }, 'do_sample', /must be a boolean/],
      [{ ...BASE, thinking: 'enabled' }, 'thinking', /must be an object/],
      [{ ...BASE, tools: {} }, 'tools', /must be an array/],
      [tool({ name: 7 }), 'tools[0].function.name', /must be a string/],
      [{ ...BASE, stop: 'END' }, 'stop'],
      ['glm-4.6', 'params', /must be an object/],
      [[BASE], 'params', /must be an object/],
    ]);
    eq((await t.log()).length, 0, 'nothing was sent');
    await stillWorks(c);
  }

  async function badInputMissingFields(t) {
    const c = t.client();
    await rejectAll(t, c, [
      [{ messages: USER_HI }, 'model', /is required/],
      [{ ...BASE, model: null }, 'model', /is required/],
      [{ model: 'glm-4.6' }, 'messages', /is required/],
      [msg({ content: 'Hi' }), 'messages[0].role', /is required/],
      [tool({ description: 'no name' }), 'tools[0].function.name', /is required/],
      [{ ...BASE, response_format: {} }, 'response_format.type', /is required/],
    ]);
    eq((await t.log()).length, 0, 'nothing was sent');
    await stillWorks(c);
  }

  async function badInputUnknownEnumValues(t) {
    const c = t.client();
    await rejectAll(t, c, [
      [msg({ role: 'robot', content: 'x' }), 'messages[0].role', /must be one of/],
      [{ ...BASE, thinking: { type: 'maybe' } }, 'thinking.type', /must be one of "enabled", "disabled"/],
      [{ ...BASE, tool_choice: 'sometimes' }, 'tool_choice', /must be one of "auto"/],
      [{ ...BASE, response_format: { type: 'xml' } }, 'response_format.type', /must be one of "text", "json_object"/],
    ]);
    eq((await t.log()).length, 0, 'nothing was sent');
    await stillWorks(c);
  }

  async function badInputNotJson(t) {
    const c = t.client();
    const cyclicParams = { type: 'object', properties: {} };
    cyclicParams.properties.self = cyclicParams;
    const cyclicTop = { ...BASE };
    cyclicTop.self = cyclicTop;
    await rejectAll(t, c, [
      [{ ...BASE, max_tokens: 10n }, 'max_tokens', /not a JSON value/],
      [{ ...BASE, temperature: NaN }, 'temperature', /not a JSON value/],
      [{ ...BASE, top_p: Infinity }, 'top_p', /not a JSON value/],
      [msg({ role: 'user', content: 1n }), 'messages[0].content', /not a JSON value/],
      [msg({ role: Symbol('user'), content: 'x' }), 'messages[0].role', /not a JSON value/],
      [msg({ role: 42, content: 'x' }), 'messages[0].role', /must be a string/],
      [{ ...BASE, model: () => 'glm-4.6' }, 'model', /must be a string/],
      [{ ...BASE, model: Symbol('glm') }, 'model', /not a JSON value/],
      // Values no schema describes: JSON.stringify finds them, and the message names the field.
      // (rejectAll spreads the params, so the cycle closes one level down: self.self)
      [cyclicTop, 'self.self', /cannot be serialised to JSON/],
      [tool({ name: 'f', parameters: cyclicParams }), 'tools[0].function.parameters.properties.self', /cannot be serialised to JSON/],
      // Values no schema describes are not silently dropped or nulled on the way to the wire.
      [{ ...BASE, custom: { big: 1n } }, 'custom.big', /not a JSON value/],
      [{ ...BASE, custom: { n: NaN } }, 'custom.n', /not a JSON value/],
      [{ ...BASE, custom: [1, () => 2] }, 'custom[1]', /not a JSON value/],
      // ... nor inside what a toJSON() returns (the plain JSON.stringify would drop it unseen).
      [{ ...BASE, custom: new (class { toJSON() { return { f: () => 1 }; } })() }, 'custom.f', /not a JSON value/],
    ]);
    eq((await t.log()).length, 0, 'nothing was sent');
    await stillWorks(c);
  }

  async function badInputHugeContent(t) {
    // A 20 MB message is valid input: the client sends it (the service decides on length) and
    // nothing breaks; the same client then answers small calls.
    const c = t.client();
    const big = 'x'.repeat(20 * 1024 * 1024);
    const r = await c.chat.completions.create({ ...BASE, messages: [{ role: 'user', content: big }] });
    eq(r.choices[0].message.content, REPLY, 'answered');
    const s = await c.chat.completions.create({ ...BASE, messages: [{ role: 'user', content: big }], stream: true });
    let n = 0;
    for await (const _ of s) n++;
    ok(n > 0, 'streamed');
    // Huge but bad input is still caught before sending, with the field named.
    const many = Array(100000).fill({ role: 'user', content: 'x' });
    await t.rejects(c.chat.completions.create({ ...BASE, messages: [...many, { role: 'x' }] }),
      'InvalidRequestError', (e) => ok(e.message.startsWith('messages[100000].role '), e.message));
    const l = await t.log(); // one fetch: each entry carries the 20 MB body
    eq(l.length, 2, 'the two valid calls were sent, the bad one was not');
    ok(l.every((r) => r.status === 200 && r.body.length > 20 * 1024 * 1024), 'both answered 200, the whole body received');
    await stillWorks(c);
  }

  /**
   * Caller mistakes and odd-but-legal objects that once escaped as uncaught exceptions (the call
   * never settled, and every later call hung). Each must reject promptly with an
   * InvalidRequestError naming the option, send nothing, and leave the client (and any other
   * client) working.
   */
  async function badInputNeverHangs(t) {
    const c = t.client();
    const other = t.client();
    const getterThrows = { ...BASE };
    Object.defineProperty(getterThrows, 'model', { enumerable: true, get() { throw new Error('getter boom'); } });
    const { proxy: revoked, revoke } = Proxy.revocable({ ...BASE }, {});
    revoke();
    const throwingHeaders = { get 'x-a'() { throw new Error('header boom'); } };
    const optionsGetter = {};
    Object.defineProperty(optionsGetter, 'timeout', { get() { throw new Error('options boom'); } });
    const cases = [
      ['signal = an AbortController', () => c.chat.completions.create(BASE, { signal: new AbortController() }), /^signal must be an AbortSignal/],
      ['signal = a plain object', () => c.chat.completions.create(BASE, { signal: { aborted: false } }), /^signal must be an AbortSignal/],
      ['a params getter that throws', () => c.chat.completions.create(getterThrows), /^params cannot be read \(getter boom\)/],
      ['a revoked Proxy as params', () => c.chat.completions.create(revoked), /^params cannot be read/],
      ['a revoked Proxy as options', () => c.chat.completions.create(BASE, revoked), /^signal cannot be read/],
      ['an options getter that throws', () => c.chat.completions.create(BASE, optionsGetter), /^timeout cannot be read \(options boom\)/],
      ['headers that throw', () => c.chat.completions.create(BASE, { headers: throwingHeaders }), /^headers cannot be read \(header boom\)/],
      ['a multipart getter that throws', () => c.files.create(getterThrows), /^params cannot be read/],
      ['poll options that are a controller', () => c.asyncResult.poll('task-1', { signal: new AbortController() }), /^signal must be an AbortSignal/],
    ];
    for (const [what, call, re] of cases) {
      const hung = new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within 3 s: ${what}`)), 3000));
      await t.rejects(Promise.race([call(), hung]), 'InvalidRequestError', (e) => ok(re.test(e.message), `${what}: ${re} matches "${e.message}"`));
    }
    // apiKey providers that throw synchronously, reject, or return something that is not a string.
    for (const apiKey of [() => { throw new Error('no key'); }, async () => { throw new Error('no key'); }, () => 42, () => ({})]) {
      await t.rejects(t.client({ apiKey }).chat.completions.create(BASE), 'InvalidRequestError',
        (e) => ok(/^apiKey provider must return a non-empty string/.test(e.message), e.message));
    }
    // A custom fetch that throws or resolves to something that is not a Response.
    await t.rejects(t.client({ fetch: () => undefined }).chat.completions.create(BASE), 'InvalidRequestError',
      (e) => ok(/^fetch must resolve to a Response/.test(e.message), e.message));
    // A freed client rejects its calls; the others are untouched.
    const freed = t.client();
    freed.free();
    await t.rejects(freed.chat.completions.create(BASE), 'InvalidRequestError', (e) => ok(/^client has been freed/.test(e.message), e.message));
    eq((await t.log()).length, 0, 'nothing was sent');
    await stillWorks(c);
    await stillWorks(other);
  }

  /** Options come from the caller's own properties: a polluted Object.prototype is ignored. */
  async function badInputInheritedOptionsIgnored(t) {
    const names = ['baseURL', 'apiKey', 'timeout', 'signal', 'headers', 'fetch'];
    Object.prototype.baseURL = 'http://127.0.0.1:9/attacker';
    Object.prototype.apiKey = 'stolen';
    Object.prototype.timeout = 1;
    Object.prototype.signal = AbortSignal.abort();
    Object.prototype.headers = { 'x-injected': '1' };
    Object.prototype.fetch = () => { throw new Error('inherited fetch'); };
    try {
      const base = t.client();
      const r = await base.chat.completions.create(BASE, {});
      eq(r.choices[0].message.content, REPLY, 'answered by the mock, not the inherited baseURL');
      const [entry] = await t.log();
      eq(entry.headers['x-injected'], undefined, 'no inherited header');
    } finally {
      for (const n of names) delete Object.prototype[n];
    }
  }

  return { badInputNeverHangs, badInputInheritedOptionsIgnored, badInputWrongTypes, badInputMissingFields, badInputUnknownEnumValues, badInputNotJson, badInputHugeContent };
}
