// Stand-alone web search against the mock (zai-api.md §5).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { eq, ok, httpErrors, invalidParams, jsonRequest } = h;

  const PARAMS = {
    search_engine: 'search-prime',
    search_query: 'GLM-4.6 release date 发布日期',
    count: 5,
    search_domain_filter: 'www.example.com',
    search_recency_filter: 'oneYear',
    content_size: 'high',
    search_intent: true,
    request_id: 'ws-req-0001',
    user_id: 'user-42abc',
  };

  async function webSearchSearch(t) {
    const c = t.client();
    const r = await c.webSearch.search(PARAMS);
    ok(typeof r.id === 'string' && r.id.length > 0, 'id');
    ok(Number.isInteger(r.created), 'created');
    eq(r.request_id, 'ws-req-0001', 'request_id echoed');
    eq(r.search_intent, [{ query: PARAMS.search_query, intent: 'SEARCH_ALL', keywords: PARAMS.search_query }], 'search_intent is an array');
    eq(r.search_result.length, 5, 'count results');
    const first = r.search_result[0];
    eq(Object.keys(first), ['title', 'content', 'link', 'media', 'icon', 'refer', 'publish_date'], 'result fields');
    ok(first.title.includes(PARAMS.search_query), 'title');
    eq(first.link, 'https://example.com/search/1', 'link');
    const [req] = await t.log();
    jsonRequest(req, '/api/paas/v4/web_search', PARAMS);
  }

  async function webSearchMinimal(t) {
    const c = t.client();
    const params = { search_engine: 'search_pro_sogou', search_query: 'weather' };
    const r = await c.webSearch.search(params);
    eq(r.search_result.length, 10, 'the service default count');
    eq(r.request_id, r.id, 'request_id defaults to the id');
    jsonRequest((await t.log())[0], '/api/paas/v4/web_search', params);
  }

  async function webSearchErrors(t) {
    await httpErrors(t, (c) => c.webSearch.search(PARAMS));
  }

  async function webSearchInvalidParams(t) {
    await invalidParams(t, (c, p) => c.webSearch.search(p), [
      [{ search_query: 'q' }, 'search_engine is required'],
      [{ search_engine: 'search-prime' }, 'search_query is required'],
      [{ search_engine: 'search-prime', search_query: '' }, 'search_query must not be empty'],
      [{ ...PARAMS, count: 0 }, 'count must be between 1 and 50'],
      [{ ...PARAMS, count: 51 }, 'count must be between 1 and 50'],
      [{ ...PARAMS, count: 2.5 }, 'count must be an integer'],
      [{ ...PARAMS, search_recency_filter: 'oneHour' }, 'search_recency_filter must be one of "oneDay", "oneWeek", "oneMonth", "oneYear", "noLimit"'],
      [{ ...PARAMS, content_size: 'low' }, 'content_size must be one of "medium", "high"'],
      [{ ...PARAMS, search_intent: 'yes' }, 'search_intent must be a boolean'],
      [{ ...PARAMS, search_domain_filter: ['a.com'] }, 'search_domain_filter must be a string'],
      [{ ...PARAMS, request_id: 'r1' }, 'request_id must be 6 to 64 characters long'],
      [{ ...PARAMS, stream: true }, 'stream true is not supported by webSearch.search'],
    ]);
  }

  return { webSearchSearch, webSearchMinimal, webSearchErrors, webSearchInvalidParams };
}
