// journeys-clerk.mjs — the unit clerk's night before the material deadline,
// at desktop and phone width: the to-do list's first row leads to what is
// due first; a wrong file is refused in Chinese beside the upload, on the
// same page; the right one goes in; the ledger form names each criterion;
// 提交自评 asks first, listing what submitting freezes, then says it is done.
import { base, newPage, login, expect, journey, finish, shot, PHONE } from './lib.mjs';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  await journey(`clerk's night (${name}): to-do first, refused upload said in Chinese, ledger, confirm submit`, async () => {
    const clerk = await newPage(viewport);
    await login(clerk, name === 'desktop' ? 'shenji' : 'gongxin');
    const unit = clerk.url().match(/\/units\/(\d+)/)[1];
    // 最先要办: in the order things are due, each with a link to fix it
    const items = clerk.locator('ol.next li');
    expect(await items.count() > 0, 'no 最先要办 list');
    const days = (await items.allInnerTexts()).map((t) => t.match(/(\d{4}-\d{2}-\d{2})前/)[1]);
    for (let i = 1; i < days.length; i++) expect(days[i - 1] <= days[i], `to-do out of order: ${days}`);
    await shot(clerk, `clerk-${name}-unit`);
    const first = items.first().locator('a');
    const href = await first.getAttribute('href');
    await Promise.all([clerk.waitForNavigation(), first.click()]);
    expect(clerk.url().endsWith(href), `the first to-do link went to ${clerk.url()}`);
    if (!href.includes('/criteria/')) await clerk.goto(base + `/units/${unit}/criteria/4`);
    // a text file: refused beside the upload, still on the criterion's page
    const upload = clerk.locator('form[enctype="multipart/form-data"]');
    if (await upload.count()) {
      await upload.locator('input[name=file]').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await Promise.all([clerk.waitForNavigation(), upload.locator('button[type=submit]').click()]);
      const said = await clerk.locator('.field-error').first().innerText();
      expect(/不接受 .txt 文件/.test(said), `refusal said: ${said}`);
      expect(!/[A-Za-z]+ [a-z]+ [a-z]+/.test(said), `refusal in English: ${said}`);
      await shot(clerk, `clerk-${name}-refused`);
      await clerk.locator('form[enctype="multipart/form-data"] input[name=file]').setInputFiles({ name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: pdf });
      await Promise.all([clerk.waitForNavigation(), clerk.locator('form[enctype="multipart/form-data"] button[type=submit]').click()]);
      expect(await clerk.locator('a:text-is("会议纪要.pdf")').count() === 1, 'the PDF is not listed');
    }
    // the ledger form names its criteria, not only their numbers
    await clerk.goto(base + `/units/${unit}/ledger`);
    const label = await clerk.locator('fieldset.criteria label').first().innerText();
    expect(/^\s*\d+ \S{2,}/.test(label), `ledger criterion label: ${label}`);
    // 提交自评 asks first
    await clerk.goto(base + `/units/${unit}`);
    await Promise.all([clerk.waitForNavigation(), clerk.click('a:text-is("提交自评…")')]);
    expect((await clerk.content()).includes('将被锁定'), 'the confirmation does not say what submitting freezes');
    await shot(clerk, `clerk-${name}-confirm`);
    await Promise.all([clerk.waitForNavigation(), clerk.click('button:text-is("确认提交自评")')]);
    expect((await clerk.locator('.ok').innerText()).includes('自评已提交'), 'no success message');
    expect((await clerk.locator('#submission').innerText()) === '已提交', 'not submitted');
  });
}

await finish();
