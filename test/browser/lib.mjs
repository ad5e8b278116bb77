// lib.mjs — what every browser journey file shares: the browser (Debian's
// chromium through playwright-core), log-in, checks, screenshots, and the
// summary line test/run.sh counts ("browser: N passed, M failed").
// A journey file: `import { ... } from './lib.mjs'`, `await journey(name, fn)`
// for each journey, then `await finish()`. run.sh gives each file its own
// fresh demo store and server, so files never see each other's changes.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const base = process.argv[2];
export const password = 'kaoping-demo-2024';
// Screenshots are test artefacts, not committed: $KAOPING_SHOTS, else build/screenshots.
export const shots = process.env.KAOPING_SHOTS || new URL('../../build/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

const results = [];

export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// A page in a context of its own (its own cookies), at VIEWPORT (desktop by default).
export async function newPage(viewport = DESKTOP) {
  const opts = { locale: 'zh-CN', viewport };
  if (viewport.width < 600) Object.assign(opts, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  return page;
}

export async function login(page, name) {
  await page.goto(base + '/login');
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (page.url().includes('/login')) throw new Error(`log-in of ${name} failed`);
}

export function expect(cond, what) {
  if (!cond) throw new Error(what);
}

// Saves a full-page screenshot of PAGE as NAME.png in the artefacts folder.
export async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

export async function journey(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push(false);
    console.log(`FAIL ${name}: ${err.message}`);
  }
}

export async function finish() {
  await browser.close();
  const passed = results.filter(Boolean).length;
  console.log(`browser: ${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}
