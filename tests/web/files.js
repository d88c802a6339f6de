// File upload (multipart) against the mock: the exact parts on the wire, the file object back.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { eq, ok, httpErrors, invalidParams, KEY } = h;

  const NAME = 'résumé 简历.pdf';
  const TEXT = '%PDF-1.4 glossary: 你好 = hello 🌍\n';

  /** Checks the multipart request line and headers; returns its parts. */
  function multipart(req) {
    eq(req.method, 'POST', 'method');
    eq(req.path, '/api/paas/v4/files', 'path');
    eq(req.headers.authorization, `Bearer ${KEY}`, 'authorization');
    ok(/^multipart\/form-data; boundary=\S+$/.test(req.headers['content-type']), `multipart content-type (${req.headers['content-type']})`);
    eq(req.headers.accept, 'application/json', 'accept');
    eq(req.json, null, 'not JSON');
    return req.parts;
  }

  async function filesCreate(t) {
    const c = t.client();
    const file = new File([TEXT], NAME, { type: 'application/pdf' });
    const size = new TextEncoder().encode(TEXT).length;
    const r = await c.files.create({ file, purpose: 'agent' });
    ok(/^file-\d{14}-[0-9a-f]{6}$/.test(r.id), `id ${r.id}`);
    eq(r.object, 'file', 'object');
    eq(r.bytes, size, 'bytes');
    eq(r.filename, NAME, 'filename (non-ASCII) round-trips');
    eq(r.purpose, 'agent', 'purpose');
    ok(Number.isInteger(r.created_at), 'created_at');
    const log = await t.log();
    eq(log.length, 1, 'one request');
    eq(multipart(log[0]), [
      { name: 'file', filename: NAME, contentType: 'application/pdf', size, text: TEXT },
      { name: 'purpose', filename: null, contentType: null, size: 5, text: 'agent' },
    ], 'parts');
  }

  async function filesCreateBlob(t) {
    const c = t.client();
    // A Blob has no name: the part is called "file"; binary bytes arrive intact.
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const r = await c.files.create({ purpose: 'user_data', file: new Blob([bytes]) });
    eq(r.bytes, 256, 'bytes');
    eq(r.filename, 'file', 'filename');
    eq(r.purpose, 'user_data', 'purpose');
    const parts = multipart((await t.log())[0]);
    eq(parts.map((p) => p.name), ['purpose', 'file'], 'parts in the order given');
    eq(parts[1].filename, 'file', 'filename');
    eq(parts[1].contentType, 'application/octet-stream', 'content type');
    eq(parts[1].size, 256, 'size');
    ok(!('text' in parts[1]), 'binary (not UTF-8)');
    // Awkward names survive too (browsers escape `"` in the header).
    const odd = await c.files.create({ file: new File(['x'], 'a "quoted" name;.txt', { type: 'text/plain' }), purpose: 'agent' });
    eq(odd.filename, 'a "quoted" name;.txt', 'quotes and semicolons');
  }

  async function filesErrors(t) {
    await httpErrors(t, (c) => c.files.create({ file: new File(['x'], 'a.txt'), purpose: 'agent' }));
  }

  async function filesInvalidParams(t) {
    const file = new File(['x'], 'a.txt');
    await invalidParams(t, (c, p) => c.files.create(p), [
      [{ purpose: 'agent' }, 'file or upload_detail is required'],
      [{ file: 'a.txt', purpose: 'agent' }, 'file must be a Blob or File'],
      [{ file: { name: 'a.txt' }, purpose: 'agent' }, 'file must be a Blob or File'],
      [{ file }, 'purpose is required'],
      [{ file, purpose: '' }, 'purpose must not be empty'],
      [{ file, purpose: 1 }, 'purpose must be a string'],
      [{ file, purpose: 'agent', stream: true }, 'stream true is not supported by files.create'],
      [file, 'params must be an object'],
    ]);
  }

  return { filesCreate, filesCreateBlob, filesErrors, filesInvalidParams };
}
