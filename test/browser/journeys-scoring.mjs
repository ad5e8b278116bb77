// journeys-scoring.mjs — an assessor scores a whole unit in the scoring
// grid (/units/{id}/scoring) in at most three page loads; a refused cell
// is marked beside it and nothing is saved; a filled sheet is uploaded,
// previewed and imported. Screenshots at desktop and phone width.
import { base, newPage, login, expect, journey, finish, shot, shots, PHONE } from './lib.mjs';

// 区酒管局 (unit 16) is not assessed in the demo: every cell starts empty.
const UNIT = 16;

await journey('assessor scores a whole unit in the grid in at most 3 page loads', async () => {
  const page = await newPage();
  await login(page, 'assessor1');
  let loads = 0;
  page.on('load', () => loads++);
  // 1: from the dashboard to the unit's grid
  await Promise.all([page.waitForNavigation(),
    page.locator('tr', { has: page.locator('a:text-is("区酒管局")') }).locator('a:text-is("测评打分")').click()]);
  expect(page.url().endsWith(`/units/${UNIT}/scoring`), `landed on ${page.url()}`);
  expect(await page.locator('h1').innerText() === '区酒管局 测评打分', 'grid title');
  const cells = page.locator('table.grid input[data-col="0"]');
  const n = await cells.count();
  expect(n >= 17, `only ${n} cells in the grid`);
  // Full marks everywhere, typed as an assessor does: a value, Enter, the
  // next cell below has the focus (the first in full-width digits, as a
  // Chinese IME may give them).
  await cells.nth(0).click();
  for (let i = 0; i < n; i++) {
    const max = (await cells.nth(i).evaluate((el) => el.closest('tr').cells[2].innerText)).trim();
    const value = i === 0 ? max.replace(/[0-9.]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : max;
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
    if (i + 1 < n) {
      const focused = await page.evaluate(() => document.activeElement.getAttribute('data-row'));
      expect(focused === String(i + 1), `Enter on row ${i} moved to ${focused}`);
    }
  }
  expect(await page.evaluate(() => document.activeElement.id) === 'save', 'Enter on the last cell does not reach 保存');
  await page.locator('input[name="c1_1"]').fill('已成立领导小组');
  await shot(page, 'scoring-grid-desktop');
  // 2: save the whole grid
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  const saved = await page.locator('#saved').innerText();
  expect(saved === `已保存 ${n} 项`, `saved message: ${saved}`);
  expect(await cells.nth(0).inputValue() !== '', 'the first cell is empty after saving');
  // 3: submit the scores, which leads to the unit's sheet
  await Promise.all([page.waitForNavigation(), page.click('button:text-is("提交测评分数")')]);
  expect(page.url().endsWith(`/units/${UNIT}`), `after 提交测评分数 on ${page.url()}`);
  const drafts = await page.locator('td .badge:text-is("草稿"), td:text-is("草稿")').count();
  const submitted = await page.locator('td .badge:text-is("已提交"), td:text-is("已提交")').count();
  expect(drafts === 0 && submitted === n, `after 提交测评分数: ${submitted} submitted, ${drafts} drafts of ${n}`);
  expect(loads <= 3, `${loads} page loads for one unit`);
});

await journey('a refused cell is marked in Chinese beside it and nothing is saved', async () => {
  const page = await newPage();
  await login(page, 'assessor1');
  await page.goto(base + '/units/17/scoring'); // 区石油办: not assessed either
  await page.fill('input[name="p1_1"]', '2');
  await page.fill('input[name="p1_2"]', '5'); // worth 2
  await page.fill('input[name="p2_0"]', '3.5');
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  expect(await page.locator('#refused').count() === 1, 'no refusal shown');
  const why = await page.locator('tr', { has: page.locator('input[name="p1_2"]') }).locator('.cellerr').innerText();
  expect(why === '超出分值范围 0–2', `refusal beside the cell: ${why}`);
  expect(await page.inputValue('input[name="p2_0"]') === '3.5', 'what was typed is lost');
  await shot(page, 'scoring-grid-refused-desktop');
  await page.goto(base + '/units/17/scoring');
  expect(await page.inputValue('input[name="p2_0"]') === '', 'a refused grid stored a cell');
  // 上一单位 / 下一单位 walk the campaign's units
  await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
  expect(page.url().endsWith('/units/18/scoring'), `下一单位 led to ${page.url()}`);
});

await journey('grid on a phone, and a filled sheet uploaded, previewed and imported', async () => {
  const phone = await newPage(PHONE);
  await login(phone, 'assessor1');
  await phone.goto(base + '/units/18/scoring');
  await shot(phone, 'scoring-grid-phone');
  await phone.screenshot({ path: `${shots}/scoring-grid-phone-screen.png` }); // what the phone shows first
  await phone.goto(base + '/scores/import');
  await phone.setInputFiles('input[type=file]', {
    name: '农业产业化中心.csv', mimeType: 'text/csv',
    buffer: Buffer.from('单位,序号,得分,备注\n区农业产业化发展中心,3,2.5,方案具体\n区农业产业化发展中心,8.2,3,\n'),
  });
  await Promise.all([phone.waitForNavigation(), phone.click('button:text-is("预览")')]);
  const preview = await phone.locator('#preview').innerText();
  expect(preview.includes('将导入 2 项分数'), `preview: ${preview}`);
  await shot(phone, 'scoring-import-preview-phone');
  await Promise.all([phone.waitForNavigation(), phone.click('#confirm')]);
  const done = await phone.locator('#imported').innerText();
  expect(done.includes('已导入 2 项分数'), `import: ${done}`);
  await phone.goto(base + '/units/18/scoring');
  expect(await phone.inputValue('input[name="p3_0"]') === '2.5', 'imported score not in the grid');
});

await finish();
