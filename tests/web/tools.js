// runTools ('zai-wasm/tools', installed by main.rs on the runtime's ZaiClient): the loop against the
// mock, which calls tools like a model (`tools` / `tool-stream`, `;rounds=N`, `;bad=json|schema`)
// and then answers "Tool results: <the tool messages' contents>".
export function scenarios(h) {
  const { USER_HI, eq, ok, sleep } = h;

  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const tool = (name, run) => ({ type: 'function', function: { name, description: `${name} of a city`, parameters: schema, run } });
  const params = (tools, extra = {}) => ({ model: 'glm-4.6', messages: USER_HI, tool_stream: true, tools, ...extra });

  async function events(runner) {
    const out = [];
    for await (const ev of runner) out.push(ev);
    return out;
  }

  async function toolsRunnerLoop(t) {
    const c = t.client({}, 'tool-stream');
    const seen = [];
    const runner = c.chat.completions.runTools(params([
      tool('get_weather', ({ city }) => { seen.push(['weather', city]); return { city, sky: 'clear' }; }),
      tool('get_time', async ({ city }) => { seen.push(['time', city]); return `noon in ${city}`; }),
    ]));
    ok(runner instanceof t.classes.ChatToolRunner, 'a ChatToolRunner');
    const evs = await events(runner);
    const types = [...new Set(evs.map((e) => e.type))];
    eq(types, ['reasoning', 'tool_call', 'step', 'tool_result', 'content'], 'event kinds in order of first appearance');
    eq(seen, [['weather', 'Beijing'], ['time', 'Shanghai']], 'each tool ran once with its parsed arguments');
    const results = evs.filter((e) => e.type === 'tool_result');
    eq(results.map((e) => [e.name, e.content, e.error]), [
      ['get_weather', '{"city":"Beijing","sky":"clear"}', undefined],
      ['get_time', 'noon in Shanghai', undefined],
    ]);
    eq(evs.filter((e) => e.type === 'step').map((e) => e.step), [1, 2], 'two model calls');
    const answer = 'Tool results: {"city":"Beijing","sky":"clear"} | noon in Shanghai';
    eq(evs.filter((e) => e.type === 'content').map((e) => e.delta).join(''), answer);
    eq(await runner.finalContent(), answer);
    eq(runner.stopReason, 'answer');
    const m = runner.messages;
    eq(m.map((x) => x.role), ['user', 'assistant', 'tool', 'tool', 'assistant'], 'the whole conversation');
    eq(m[1].reasoning_content, 'Need the weather tool.', 'reasoning kept with the tool calls (interleaved thinking)');
    eq(m[1].tool_calls.map((x) => x.function.name), ['get_weather', 'get_time']);
    eq([m[2].tool_call_id, m[3].tool_call_id], m[1].tool_calls.map((x) => x.id), 'results answer their calls');
    eq(m[4].content, answer);
    const log = await t.log();
    eq(log.length, 2, 'two requests');
    ok(log.every((e) => e.json.stream === true && e.json.tool_stream === true), 'each streamed, tool_stream as given');
    ok(log.every((e) => e.json.tools.every((x) => !('run' in x.function))), 'run never goes on the wire');
    eq(log[1].json.messages, JSON.parse(JSON.stringify(m.slice(0, 4))), 'the second request carries the calls and results');
  }

  async function toolsRunInParallel(t) {
    const c = t.client({}, 'tool-stream');
    const spans = {};
    const slow = (name) => tool(name, async ({ city }) => {
      spans[name] = [Date.now()];
      await sleep(150);
      spans[name].push(Date.now());
      return city;
    });
    await c.chat.completions.runTools(params([slow('a'), slow('b')])).finalChatCompletion();
    ok(spans.a[0] < spans.b[1] && spans.b[0] < spans.a[1], `the two calls overlapped: ${JSON.stringify(spans)}`);
  }

  async function toolsThrowingTool(t) {
    const boom = () => { throw new Error('no weather service'); };
    let runner = t.client({}, 'tools').chat.completions.runTools(params([tool('get_weather', boom)]));
    eq(await runner.finalContent(), 'Tool results: Error: no weather service', 'the error text went back to the model');
    eq(runner.stopReason, 'answer');
    runner = t.client({}, 'tools').chat.completions.runTools(params([tool('get_weather', async () => { throw new TypeError('x'); })]),
      { onToolError: (e, call) => `${call.function.name} failed (${e.name})` });
    const evs = await events(runner);
    const r = evs.find((e) => e.type === 'tool_result');
    eq([r.content, r.error], ['get_weather failed (TypeError)', 'x']);
    eq(await runner.finalContent(), 'Tool results: get_weather failed (TypeError)');
  }

  async function toolsBadArgumentsAskAgain(t) {
    for (const [bad, problem] of [
      ['json', /^arguments are not valid JSON/],
      ['schema', /^arguments\.city must be a string$/],
    ]) {
      const calls = [];
      const runner = t.client({}, `tools;rounds=2;bad=${bad}`).chat.completions.runTools(
        params([tool('get_weather', ({ city }) => { calls.push(city); return 'sunny'; })]));
      const evs = await events(runner);
      const results = evs.filter((e) => e.type === 'tool_result');
      eq(results.length, 2, `${bad}: two rounds`);
      ok(problem.test(results[0].error), `${bad}: ${results[0].error}`);
      ok(results[0].content.startsWith('Invalid call of get_weather: ') && results[0].content.includes('Call it again'),
        `${bad}: the model is asked again: ${results[0].content}`);
      eq(calls, ['Beijing'], `${bad}: run only with the good arguments`);
      eq(await runner.finalContent(), 'Tool results: sunny', bad);
      const done = evs.filter((e) => e.type === 'tool_call' && e.done);
      eq(done[0].parsed === undefined, bad === 'json', `${bad}: parsed is undefined only for text that is not JSON`);
    }
  }

  async function toolsAbortMidTool(t) {
    const c = t.client({}, 'tool-stream');
    let toolSignal;
    const started = [];
    const hang = tool('get_weather', (args, { signal }) => {
      toolSignal = signal;
      started.push(args.city);
      return new Promise(() => {}); // ignores its signal: abort must not wait for it
    });
    const runner = c.chat.completions.runTools(params([hang]));
    const it = runner[Symbol.asyncIterator]();
    for (;;) {
      const { value } = await it.next();
      if (value.type === 'step') break;
    }
    await sleep(20);
    eq(started.length, 2, 'both calls running');
    runner.abort();
    ok(toolSignal.aborted, "the tools' signal is aborted");
    await t.rejects(runner.finalChatCompletion(), 'APIUserAbortError');
    let err;
    try {
      for (;;) if ((await it.next()).done) break;
    } catch (e) {
      err = e;
    }
    eq(err?.name, 'APIUserAbortError', 'iteration rejects too');
    eq((await t.log()).length, 1, 'no second model call');
  }

  async function toolsAbortSignalAndBreak(t) {
    // The caller's signal aborts the model call itself.
    const ac = new AbortController();
    const c = t.client({}, 'tool-stream;delay;ms=80');
    const runner = c.chat.completions.runTools(params([tool('get_weather', () => 'x')]), { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await t.rejects(runner.finalChatCompletion(), 'APIUserAbortError');
    // `break` out of the events stops the runner.
    const r2 = t.client({}, 'tool-stream;delay;ms=30').chat.completions.runTools(params([tool('get_weather', () => 'x')]));
    for await (const ev of r2) if (ev.type === 'reasoning') break;
    await t.rejects(r2.finalChatCompletion(), 'APIUserAbortError');
  }

  async function toolsPartialArguments(t) {
    // The mock samples an enum's first value and sends arguments in 8-character pieces.
    const city = 'San Francisco, California';
    const long = { type: 'object', properties: { city: { type: 'string', enum: [city] } }, required: ['city'] };
    const runner = t.client({}, 'tool-stream').chat.completions.runTools(params([
      { type: 'function', function: { name: 'get_weather', parameters: long, run: () => 'ok' } },
    ]));
    const evs = await events(runner);
    const first = evs.filter((e) => e.type === 'tool_call' && e.index === 0 && e.step === 1);
    const pieces = first.filter((e) => !e.done);
    ok(pieces.length >= 3, `arguments arrived in pieces (${pieces.length})`);
    for (let i = 1; i < pieces.length; i++) ok(pieces[i].arguments.startsWith(pieces[i - 1].arguments), 'each piece extends the last');
    const cities = pieces.map((e) => e.parsed?.city).filter((x) => x !== undefined);
    const partial = cities.filter((x) => x.length > 0 && x !== city && city.startsWith(x));
    ok(partial.length >= 2, `partial values were readable as they arrived: ${JSON.stringify(cities)}`);
    eq(first.at(-1), { ...first.at(-1), done: true, parsed: { city } }, 'then the complete call');
    eq(pieces[0].id.length > 0 && pieces[0].name, 'get_weather', 'id and name from the first piece');
  }

  async function toolsStopsAtMaxStepsOrWithoutRun(t) {
    const c = t.client({}, 'tools;rounds=100');
    let runs = 0;
    const runner = c.chat.completions.runTools(params([tool('get_weather', () => ++runs)]), { maxSteps: 3 });
    const final = await runner.finalChatCompletion();
    eq([runner.stopReason, runs, (await t.log()).length], ['max_steps', 2, 3], 'three model calls, the last one\'s tools not run');
    eq(final.choices[0].finish_reason, 'tool_calls');
    // A tool without `run` is the page's to handle: the loop ends with its call.
    const plain = { type: 'function', function: { name: 'get_weather', parameters: schema } };
    const r2 = t.client({}, 'tools').chat.completions.runTools(params([plain]));
    const f2 = await r2.finalChatCompletion();
    eq([r2.stopReason, f2.choices[0].message.tool_calls[0].function.name], ['no_run', 'get_weather']);
    eq(r2.messages.at(-1).tool_calls.length, 1, 'the call is the last message');
  }

  async function toolsBadInput(t) {
    const c = t.client({}, 'tools');
    const cases = [
      [() => c.chat.completions.runTools(null), 'params must be an object'],
      [() => c.chat.completions.runTools(params([]), { maxSteps: 0 }), 'maxSteps must be an integer from 1 to 100'],
      [() => c.chat.completions.runTools(params([]), { onToolError: 'x' }), 'onToolError must be a function'],
      [() => c.chat.completions.runTools({ model: 'glm-4.6', tools: [] }), 'messages must be an array'],
      [() => c.chat.completions.runTools(params([]), { signal: new AbortController() }),
        'signal must be an AbortSignal (pass controller.signal, not the controller)'],
      [() => c.chat.completions.runTools(params([tool('get_weather', () => 1)], { temperature: 7 })), 'temperature must be between 0 and 1'],
    ];
    for (const [run, message] of cases) {
      await t.rejects(run().finalChatCompletion(), 'InvalidRequestError', (e) => ok(e.message.startsWith(message), e.message));
    }
    eq((await t.log()).length, 0, 'nothing was sent');
  }

  return {
    toolsRunnerLoop, toolsRunInParallel, toolsThrowingTool, toolsBadArgumentsAskAgain, toolsAbortMidTool,
    toolsAbortSignalAndBreak, toolsPartialArguments, toolsStopsAtMaxStepsOrWithoutRun, toolsBadInput,
  };
}
