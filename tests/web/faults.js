// SSE framing the service (or a proxy) may send: every variant must yield the same chunks.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, textOf } = h;

  async function streamText(t, scenario, extra = {}) {
    const c = t.client({}, scenario);
    const s = await c.chat.completions.create({ model: 'glm-4.6', messages: USER_HI, stream: true, ...extra });
    const chunks = await collect(s);
    return { chunks, text: textOf(chunks), final: await s.finalChatCompletion() };
  }

  async function faultSplitOneByte(t) {
    const plain = await streamText(t, undefined);
    const split = await streamText(t, 'split;bytes=1');
    eq(split.text, REPLY, 'content split into 1-byte writes (inside UTF-8 characters)');
    eq(split.chunks.length, plain.chunks.length, 'same number of chunks');
    const odd = await streamText(t, 'split;bytes=7');
    eq(odd.text, REPLY, '7-byte writes');
  }

  async function faultCrlfAndCr(t) {
    eq((await streamText(t, 'crlf')).text, REPLY, 'CRLF line ends');
    eq((await streamText(t, 'cr')).text, REPLY, 'CR line ends');
    eq((await streamText(t, 'crlf+split;bytes=1')).text, REPLY, 'CRLF split between CR and LF');
  }

  async function faultComments(t) {
    eq((await streamText(t, 'comments')).text, REPLY, 'comment lines are ignored');
  }

  async function faultBom(t) {
    eq((await streamText(t, 'bom')).text, REPLY, 'leading BOM');
    eq((await streamText(t, 'bom+split;bytes=1')).text, REPLY, 'BOM split across reads');
  }

  async function faultMultiline(t) {
    const r = await streamText(t, 'multiline');
    eq(r.text, REPLY, 'payload spread over several data: lines');
    eq(r.final.choices[0].message.content, REPLY, 'accumulated the same');
  }

  async function faultNoFinalBlank(t) {
    eq((await streamText(t, 'no-final-blank')).text, REPLY, 'last event without its blank line');
  }

  async function faultU2028(t) {
    const r = await streamText(t, 'u2028');
    ok(r.text.includes('\u2028') && r.text.includes('\u2029'), 'U+2028/U+2029 survive');
    eq(r.final.choices[0].message.content, r.text, 'accumulated the same');
  }

  async function faultLeadingNewline(t) {
    const r = await streamText(t, 'leading-newline');
    eq(r.chunks[0].choices[0].delta.content, '\n', 'first content chunk is a newline');
    eq(r.text, '\n' + REPLY, 'content');
  }

  async function faultMalformedChunk(t) {
    const c = t.client({}, 'malformed-chunk');
    const s = await c.chat.completions.create({ model: 'glm-4.6', messages: USER_HI, stream: true });
    await t.rejects(collect(s), 'APIError', (e) => {
      ok(/not valid JSON/.test(e.message), 'message says the chunk is not JSON');
      ok(typeof e.body === 'string', 'the raw chunk is kept in body');
    });
  }

  return { faultSplitOneByte, faultCrlfAndCr, faultComments, faultBom, faultMultiline, faultNoFinalBlank, faultU2028, faultLeadingNewline, faultMalformedChunk };
}
