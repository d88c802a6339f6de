// Headless Chromium for every browser-driving script (browser tests, demo e2e, runtimes, bench):
// Debian's /usr/bin/chromium (ZAI_CHROMIUM overrides), with the flags it needs as root on this
// kind of machine and the ones that keep it from dialling out.
export const CHROMIUM = process.env.ZAI_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]);

/** CHROMIUM_ARGS plus `gc()` in pages (soak and memory figures force collections). */
export const CHROMIUM_ARGS_WITH_GC = Object.freeze([...CHROMIUM_ARGS, '--js-flags=--expose-gc']);
