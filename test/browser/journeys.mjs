// journeys.mjs — the main user journeys of kaoping in a real browser
// (Playwright driving Debian's chromium) against a real `kaoping serve`.
// Usage: node journeys.mjs BASE_URL   (test/browser/run.sh starts the server;
// every journeys*.mjs file runs against its own fresh demo store)
import { base, newPage, login, expect, journey, finish } from './lib.mjs';

// Points of a unit in the ranking table, as the leader sees them.
async function rankingPoints(page, unit) {
  await page.goto(base + '/ranking');
  const row = page.locator('tr', { has: page.locator(`a:text-is("${unit}")`) });
  return (await row.locator('td').nth(2).innerText()).trim();
}

// The grade cell (等级) of a unit in the ranking table.
async function rankingGrade(page, unit) {
  await page.goto(base + '/ranking');
  const row = page.locator('tr', { has: page.locator(`a:text-is("${unit}")`) });
  return (await row.locator('td').nth(5).innerText()).trim();
}

// The assessor total (测评合计) at the foot of a unit's page.
async function assessedTotal(page, id) {
  await page.goto(base + '/units/' + id);
  const m = (await page.locator('body').innerText()).match(/测评合计 ([0-9.]+)/);
  return m ? parseFloat(m[1]) : NaN;
}

await journey('clerk uploads evidence and submits; assessor scores; leader sees the ranking change', async () => {
  const leader = await newPage();
  await login(leader, 'leader');
  // The demo's 区审计局 is scored in drafts only: 未完成测评, no points.
  const before = await rankingPoints(leader, '区审计局');
  expect(before === '-', `a unit scored in drafts shows points ${before}`);
  const draftTotal = await assessedTotal(leader, 3);

  const clerk = await newPage();
  await login(clerk, 'shenji');
  expect(clerk.url().endsWith('/units/3'), `clerk landed on ${clerk.url()}, not the unit page`);
  expect(await clerk.locator('h1').innerText() === '区审计局 测评表', 'unit page title');
  await clerk.click('a:text-is("2")');
  await clerk.setInputFiles('input[name=file]', {
    name: '经费保障机制.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await Promise.all([clerk.waitForNavigation(), clerk.click('button:text-is("上传")')]);
  expect(await clerk.locator('a:text-is("经费保障机制.pdf")').count() === 1, 'uploaded file is not listed');
  await clerk.goto(base + '/units/3');
  await Promise.all([clerk.waitForNavigation(), clerk.click('a:text-is("提交自评…")')]);
  await Promise.all([clerk.waitForNavigation(), clerk.click('button:text-is("确认提交自评")')]);
  expect((await clerk.locator('#submission').innerText()) === '已提交', 'self-assessment not submitted');
  // The clerk cannot reach another unit.
  const other = await clerk.goto(base + '/units/6');
  expect(other.status() === 403, `another unit's page answered ${other.status()}`);

  const assessor = await newPage();
  await login(assessor, 'assessor1');
  await assessor.goto(base + '/units/3/criteria/2');
  expect(await assessor.locator('a:text-is("经费保障机制.pdf")').count() === 1, 'assessor does not see the evidence');
  const form = assessor.locator('form[action$="/score"]');
  await form.locator('input[name=points0]').fill('0.5');
  await form.locator('input[name=comment]').fill('经费未落实');
  await Promise.all([assessor.waitForNavigation(), form.locator('button[type=submit]').click()]);
  expect(await assessor.locator('.ok').count() === 1, 'score not saved');

  // Still a draft: the ranking does not move.
  expect(await rankingPoints(leader, '区审计局') === '-', 'a draft score made a result');
  expect((await rankingGrade(leader, '区审计局')).startsWith('未完成测评 18/18'), 'not shown as 未完成测评');
  // The assessor submits the unit's scores: now it has a result.
  await assessor.goto(base + '/units/3');
  await Promise.all([assessor.waitForNavigation(), assessor.click('button:text-is("提交测评分数")')]);
  const after = await rankingPoints(leader, '区审计局');
  expect(after !== '-', `no result after submitting: ${after}`);
  expect(Math.abs(draftTotal - parseFloat(after) - 3.5) < 1e-6,
         `expected 3.5 points less (criterion 2 was 4, now 0.5): ${draftTotal} -> ${after}`);
  // The leader reads but has no forms.
  await leader.goto(base + '/units/3/criteria/2');
  expect(await leader.locator('form[action$="/score"]').count() === 0, 'leader sees a scoring form');
});

await journey('office draws a spot check and publishes it; opens a case from a proposal; the unit reports; the office closes it', async () => {
  const office = await newPage();
  await login(office, 'office');
  await office.goto(base + '/draws');
  await office.fill('input[name=title]', '第三季度随机抽查');
  await office.fill('input[name=count]', '3');
  await office.fill('input[name=seed]', 'journey-2026-q3');
  await Promise.all([office.waitForNavigation(), office.click('button:text-is("抽取")')]);
  const drawUrl = office.url();
  expect(/\/draws\/\d+$/.test(drawUrl), `draw made, landed on ${drawUrl}`);
  expect((await office.content()).includes('journey-2026-q3'), 'the seed is not shown with the draw');
  await Promise.all([office.waitForNavigation(), office.click('button:text-is("公开这次抽查")')]);
  // Anyone, without logging in, sees the published draw and its seed.
  const publicPage = await newPage();
  await publicPage.goto(base + '/public/draws');
  expect((await publicPage.content()).includes('journey-2026-q3'), 'published draw missing from the public page');

  // A rule proposes a case for 区工信局 (criteria without evidence after the
  // material deadline); the office opens it with one click.
  await office.goto(base + '/cases');
  const proposal = office.locator('tr', { has: office.locator('td:text-is("区工信局")') })
    .filter({ has: office.locator('button:text-is("立案")') }).first();
  await Promise.all([office.waitForNavigation(), proposal.locator('button:text-is("立案")').click()]);

  const clerk = await newPage();
  await login(clerk, 'gongxin');
  await clerk.goto(base + '/units/6/cases');
  const report = clerk.locator('form[action*="/report"]').first();
  const action = await report.getAttribute('action');
  const caseId = action.match(/\/cases\/(\d+)\/report/)[1];
  await report.locator('textarea[name=text]').fill('已补齐全部测评内容的佐证材料，并建立台账。');
  await report.locator('input[name=file]').setInputFiles({
    name: '整改报告.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await Promise.all([clerk.waitForNavigation(), report.locator('button:text-is("提交整改报告")').click()]);
  expect((await clerk.content()).includes('整改报告.pdf'), 'the report file is not listed');
  // The clerk cannot see another unit's cases.
  const other = await clerk.goto(base + '/units/3/cases');
  expect(other.status() === 403, `another unit's cases answered ${other.status()}`);

  await office.goto(base + `/cases/${caseId}`);
  expect((await office.content()).includes('已补齐全部测评内容的佐证材料'), 'office does not see the report');
  await office.fill('input[name=note]', '已现场核实');
  await Promise.all([office.waitForNavigation(), office.click('button:text-is("核实销号")')]);
  expect((await office.content()).includes('已销号'), 'case not closed');
});

await journey('pages print on A4 without navigation', async () => {
  const page = await newPage();
  await login(page, 'office');
  await page.goto(base + '/ranking');
  await page.emulateMedia({ media: 'print' });
  expect(!(await page.locator('header nav').isVisible()), 'navigation printed');
  expect(!(await page.locator('header').isVisible()), 'header printed');
  expect(!(await page.locator('button').first().isVisible()), 'a button printed');
  // the ranking's chart prints, within the A4 width (180 mm at 96 dpi:
  // 680 px; emulateMedia keeps the screen's width, so take the page's)
  await page.setViewportSize({ width: 680, height: 960 });
  const chart = page.locator('.chart svg').first();
  expect(await chart.isVisible(), 'ranking chart not printed');
  const box = await chart.boundingBox();
  expect(box && box.width <= 680, `chart wider than the page: ${box && box.width}`);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.length > 1000, 'no PDF produced');
  // the deadline page's heat map prints; its links to the reminder sheets do not
  await page.goto(base + '/due');
  expect(await page.locator('svg.chart-heatmap').isVisible(), 'heat map not printed');
  expect(!(await page.locator('a[href="/due.csv"]').isVisible()), 'export link printed');
});

await finish();
