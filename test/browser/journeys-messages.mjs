// journeys-messages.mjs — in-app messages (站内消息) and the office's batch
// actions: the office returns a self-assessment and the unit's clerk sees
// the unread count go up, opens the message list and follows the message;
// the office opens two cases at once from the rules' proposals.
import { base, newPage, login, expect, shot, journey, finish, PHONE } from './lib.mjs';

// The unread count in the header (0 when there is no badge).
async function unread(page) {
  const badge = page.locator('header #unread');
  return (await badge.count()) ? parseInt(await badge.innerText(), 10) : 0;
}

await journey('office returns a self-assessment; the clerk sees the count, the list, and follows the message', async () => {
  const clerk = await newPage();
  await login(clerk, 'shenji');
  await clerk.goto(base + '/units/3');
  const before = await unread(clerk);
  await Promise.all([clerk.waitForNavigation(), clerk.click('a:text-is("提交自评…")')]);
  await Promise.all([clerk.waitForNavigation(), clerk.click('button:text-is("确认提交自评")')]);
  expect((await clerk.locator('#submission').innerText()) === '已提交', 'self-assessment not submitted');

  const office = await newPage();
  await login(office, 'office');
  await office.goto(base + '/units/3');
  await office.fill('form[action="/units/3/return"] input[name=reason]', '第2项佐证材料不清晰，请重新上传');
  await Promise.all([office.waitForNavigation(), office.click('form[action="/units/3/return"] button')]);
  expect((await office.content()).includes('第2项佐证材料不清晰'), 'the office does not see the return');

  await clerk.goto(base + '/units/3');
  const after = await unread(clerk);
  expect(after === before + 1, `unread count went from ${before} to ${after}, not up by one`);
  await Promise.all([clerk.waitForNavigation(), clerk.click('header a.messages')]);
  expect(clerk.url().endsWith('/messages'), `the badge led to ${clerk.url()}`);
  const first = clerk.locator('table.messages tr.unread').first();
  expect((await first.innerText()).includes('办公室退回了区审计局的自评，原因：第2项佐证材料不清晰'),
    'the newest unread message is not the return');
  expect((await first.locator('td').nth(1).innerText()).trim() === '自评退回', 'kind not in words');
  await shot(clerk, 'messages-list-desktop');
  await Promise.all([clerk.waitForNavigation(), first.locator('a').click()]);
  expect(clerk.url().endsWith('/units/3'), `the message led to ${clerk.url()}, not the unit page`);
  expect((await clerk.content()).includes('退回原因：第2项佐证材料不清晰'), 'the unit page does not show the reason');
  expect(await unread(clerk) === before, 'following the message did not mark it read');

  // Another unit's clerk got nothing of it.
  const other = await newPage();
  await login(other, 'gongxin');
  await other.goto(base + '/messages');
  expect(!(await other.content()).includes('第2项佐证材料不清晰'), 'another unit sees the message');

  // 全部标为已读, on a phone.
  const phone = await newPage(PHONE);
  await login(phone, 'shenji');
  await phone.goto(base + '/messages');
  await shot(phone, 'messages-list-phone');
  if (await phone.locator('button:text-is("全部标为已读")').count()) {
    await Promise.all([phone.waitForNavigation(), phone.click('button:text-is("全部标为已读")')]);
  }
  expect(await unread(phone) === 0, 'messages still unread after 全部标为已读');
  expect(await phone.locator('table.messages tr.unread').count() === 0, 'rows still marked unread');
});

await journey('the office opens two cases at once from the proposals (批量立案)', async () => {
  const office = await newPage();
  await login(office, 'office');
  await office.goto(base + '/cases');
  const rowsBefore = await office.locator('table').first().locator('tr').count();
  const ticks = office.locator('input[name=pick]');
  const proposals = await ticks.count();
  expect(proposals >= 2, `only ${proposals} proposals`);
  const units = [];
  for (const i of [0, 1]) {
    const row = office.locator('table.proposals tr').nth(i + 1);
    units.push((await row.locator('td').nth(1).innerText()).trim());
    await ticks.nth(i).check();
  }
  await shot(office, 'cases-batch-desktop');
  await Promise.all([office.waitForNavigation(), office.click('button:text-is("批量立案（所选各项）")')]);
  expect(office.url().endsWith('/cases'), `batch went to ${office.url()}`);
  const rowsAfter = await office.locator('table').first().locator('tr').count();
  expect(rowsAfter === rowsBefore + 2, `cases table went from ${rowsBefore} to ${rowsAfter} rows, not two more`);
  const cases = await office.locator('table').first().innerText();
  for (const u of units) expect(cases.includes(u), `no case for ${u}`);
  expect(await office.locator('input[name=pick]').count() === proposals - 2, 'the opened proposals are still proposed');

  // 一键催办 from the deadline page.
  await office.goto(base + '/due');
  await Promise.all([office.waitForNavigation(), office.click('button:text-is("一键催办")')]);
  expect(await office.locator('#reminded').count() === 1, 'no word that reminders went out');
  await shot(office, 'due-reminded-desktop');
  const clerk = await newPage();
  await login(clerk, 'gongxin');
  await clerk.goto(base + '/messages');
  expect((await clerk.content()).includes('办公室催办：区工信局有'), 'the clerk did not get the 催办');
});

await finish();
