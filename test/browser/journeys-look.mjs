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

// Under 600 px every data table shows as cards: rows as blocks, the
// header row hidden, each cell with its column's label before it.
async function tablesAreCards(page, what) {
  // look.js labels them in the browser: every data table is marked, and
  // every data cell of its rows carries its column's name
  const { tables, cards, unlabelled } = await page.evaluate(() => {
    const all = [...document.querySelectorAll('main table:not(.nocards)')];
    const marked = all.filter((t) => t.classList.contains('cards'));
    const bare = marked.flatMap((t) => [...t.querySelectorAll('tr:not(.head) td:not([data-label])')]);
    return { tables: all.length, cards: marked.length, unlabelled: bare.map((c) => c.textContent.slice(0, 40)) };
  });
  if (tables) expect(cards > 0, `${what}: ${tables} tables, none shown as cards`);
  expect(!unlabelled.length, `${what}: card cells without a label: ${unlabelled.join(' | ')}`);
  for (const table of await page.locator('table.cards').all()) {
    if (!(await table.isVisible())) continue;
    const row = table.locator('tr:not(.head)').filter({ has: page.locator('td') }).first();
    if (!(await row.count())) continue;
    expect(await row.evaluate((e) => getComputedStyle(e).display) === 'grid', `${what}: a table row is not a card`);
    const head = table.locator('tr.head, thead').first();
    if (await head.count()) expect(!(await head.isVisible()), `${what}: the header row shows above the cards`);
    const label = await row.locator('td[data-label]:not(:first-child)').first()
      .evaluate((e) => getComputedStyle(e, '::before').content).catch(() => 'none');
    expect(label !== 'none' && label !== '""', `${what}: a card cell without its label`);
  }
}

// Buttons, inputs, selects and menu entries a finger can hit: 44 px.
async function touchTargets(page, what) {
  for (const el of await page.locator('main button, main select, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), header .nav-button').all()) {
    if (!(await el.isVisible())) continue;
    const box = await el.boundingBox();
    expect(box.height >= 44, `${what}: a ${await el.evaluate((e) => e.tagName.toLowerCase())} only ${box.height} px tall`);
  }
  for (const el of await page.locator('main input[type=checkbox]').all()) {
    if (!(await el.isVisible())) continue;
    const box = await el.boundingBox();
    expect(box.height >= 24, `${what}: a checkbox only ${box.height} px`);
  }
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
        await tablesAreCards(page, path);
        await touchTargets(page, path);
      } else {
        // the desktop shows the menu and the search box without a button
        expect(await page.locator('header nav').isVisible(), `${path}: no menu on the desktop`);
        expect(await page.locator('header input[name=q]').isVisible(), `${path}: no search box on the desktop`);
        expect(!(await page.locator('header .nav-button').isVisible()), `${path}: 菜单 button on the desktop`);
      }
      // short cells never wrap: a state badge and a deadline stay on one line
      for (const cell of await page.locator('td .badge, td.d, td:not(.t) > a[href^="/units/"]').all()) {
        if (!(await cell.isVisible())) continue;
        const lines = await cell.evaluate((e) => {
          const r = document.createRange();
          r.selectNodeContents(e);
          return new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.bottom))).size;
        });
        expect(lines <= 1, `${path}: "${await cell.innerText()}" wraps over ${lines} lines`);
      }
    }
  });
}

await journey('the phone menu opens behind 菜单 and searches; the clerk uploads a photo from the camera input', async () => {
  const page = await newPage(PHONE);
  await login(page, 'shenji');
  expect(!(await page.locator('header nav').isVisible()), 'the menu is open before 菜单 is pressed');
  await page.click('header .nav-button');
  expect(await page.locator('header nav').isVisible(), '菜单 does not open the menu');
  await page.locator('header nav a').first().boundingBox().then((b) => expect(b.height >= 44, `menu entry ${b.height} px`));
  await page.screenshot({ path: `${shots}/look-phone-menu-top.png` });
  await page.fill('header input[name=q]', '专题研究');
  await Promise.all([page.waitForNavigation(), page.click('header form.search button')]);
  expect(page.url().includes('/search?q='), `search went to ${page.url()}`);
  expect(await page.locator('h2:has-text("台账")').count() === 1, 'the ledger hits are not listed');
  expect(await page.locator('a[href^="/units/6/"]').count() === 0, 'the clerk finds another unit\'s ledger');
  await page.screenshot({ path: `${shots}/look-phone-search-top.png` });
  // the camera input shows on the phone; an iPhone photo goes in through it
  await page.goto(base + '/units/3/criteria/2');
  expect(await page.locator('input[name=photo][capture=environment]').isVisible(), 'no camera button on the phone');
  await page.setInputFiles('input[name=photo]', {
    name: 'IMG_0420.HEIC', mimeType: 'image/heic',
    buffer: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64, 7)]),
  });
  await page.setInputFiles('input[name=file]', [
    { name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    { name: '签到表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n') },
  ]);
  await Promise.all([page.waitForNavigation(), page.click('button:text-is("上传")')]);
  for (const name of ['IMG_0420.HEIC', '会议纪要.pdf', '签到表.pdf'])
    expect(await page.locator(`a:text-is("${name}")`).count() === 1, `${name} is not listed after the upload`);
  expect((await page.content()).includes('苹果手机照片'), 'no note that a HEIC photo may not show');
  await noSidewaysScroll(page, '/units/3/criteria/2');
  await page.screenshot({ path: `${shots}/look-phone-upload-done-top.png` });
});

await journey('look.js labels data tables and leaves the others as they are', async () => {
  const page = await newPage(PHONE);
  await page.setContent(`<main>
    <table id="plain"><thead><tr><th>单位</th><th colspan="2">得<b>分</b></th><th>状态</th></tr></thead>
      <tbody><tr><td><a href="/units/3">区审计局</a></td><td>1</td><td>2</td><td>草稿</td></tr>
      <tr><th>合计</th><td colspan="2">3</td><td data-label="x">y</td></tr></tbody></table>
    <table id="two"><thead><tr><th rowspan="2">单位</th><th colspan="2">任务</th><th rowspan="2">备注</th></tr>
      <tr><th>逾期</th><th>将到期</th></tr></thead><tr><td>区审计局</td><td>1</td><td>2</td><td>-</td></tr></table>
    <table id="kv"><tr><th>单位</th><td>区审计局</td></tr><tr><th>状态</th><td>整改中</td></tr></table>
    <table id="deep"><tr><th rowspan="3">单位</th><th colspan="2">任务</th></tr><tr><th>红</th><th>黄</th></tr>
      <tr><td>a</td><td>1</td><td>2</td></tr></table>
    <table id="short"><tr><th rowspan="2">单位</th><th colspan="2">任务</th></tr><tr><th>红</th></tr>
      <tr><td>a</td><td>1</td><td>2</td></tr></table>
    <table id="opt" class="nocards"><tr><th>a</th></tr><tr><td>1</td></tr></table>
    <table id="cls" class="listing"><tr><th>"序号"</th></tr><tr><td>1</td></tr></table>
  </main><script src="${base}/assets/look.js"></script>`);
  const got = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('table')].map((t) => [t.id, {
    cls: t.className, head: [...t.rows].filter((r) => r.classList.contains('head')).length,
    labels: [...t.querySelectorAll('td')].map((c) => c.getAttribute('data-label')),
  }])));
  const want = {
    plain: { cls: 'cards', head: 1, labels: ['单位', '得分', '得分', '状态', '得分', 'x'] },
    two: { cls: 'cards', head: 2, labels: ['单位', '任务 逾期', '任务 将到期', '备注'] },
    kv: { cls: '', head: 0, labels: [null, null] },
    deep: { cls: '', head: 0, labels: [null, null, null] },
    short: { cls: '', head: 0, labels: [null, null, null] },
    opt: { cls: 'nocards', head: 0, labels: [null] },
    cls: { cls: 'listing cards', head: 1, labels: ['"序号"'] },
  };
  for (const id of Object.keys(want))
    expect(JSON.stringify(got[id]) === JSON.stringify(want[id]), `table ${id}: ${JSON.stringify(got[id])}, not ${JSON.stringify(want[id])}`);
});

await finish();
