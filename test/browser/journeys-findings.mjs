// journeys-findings.mjs — an inspector on site with a phone (390×844)
// records a spot-check finding with a photo: the office makes the draw,
// the inspector sent to the first unit opens it, a wrong file is refused
// in Chinese beside the upload with what was typed kept, then the finding
// goes in with the camera's photo, shown as a thumbnail that downloads the
// same bytes; another unit's clerk cannot fetch the photo.
import { deflateSync } from 'node:zlib';
import { base, newPage, login, expect, journey, finish, shot, PHONE } from './lib.mjs';

// A small real PNG (a colour gradient), so the thumbnail shows something.
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8), tail = Buffer.alloc(4);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  tail.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
  return Buffer.concat([head, data, tail]);
}
function png(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0), ihdr.writeUInt32BE(h, 4), ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) raw.set([40 + y * 3, 120, 220 - x * 3], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)),
                        chunk('IEND', Buffer.alloc(0))]);
}
const photo = png(64, 48);

await journey('inspector at phone width records a finding with a photo; the wrong file refused in Chinese', async () => {
  const office = await newPage();
  await login(office, 'office');
  await office.goto(base + '/draws');
  await office.fill('input[name=count]', '2');
  await office.fill('input[name=seed]', 'site-visit');
  await Promise.all([office.waitForNavigation(), office.click('form[action="/draws"] button[type=submit]')]);
  const draw = office.url().match(/\/draws\/(\d+)$/)[1];
  const api = await (await office.context().request.get(base + `/api/v1/draws/${draw}`)).json();
  const unit = api.units[0];
  const inspector = unit.inspectors[0].name;

  const phone = await newPage(PHONE);
  await login(phone, inspector);
  await phone.goto(base + `/draws/${draw}`);
  const form = phone.locator(`form#finding-${unit.unit}`);
  expect(await form.count() === 1, `no finding form for ${unit.name}`);
  expect(await form.locator('input[name=photo][capture=environment]').isVisible(), 'no camera button at phone width');
  expect((await form.innerText()).includes('合计不超过 50 MB'), 'the upload limit is not said');
  // a text file among the photos: refused beside the upload, the text kept
  await form.locator('textarea[name=text]').fill('宣传栏内容未更新');
  await form.locator('input[name=criterion]').fill('2');
  await form.locator('input[name=file]').setInputFiles({ name: '记录.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') });
  await Promise.all([phone.waitForNavigation(), form.locator('button[type=submit]').click()]);
  const again = phone.locator(`form#finding-${unit.unit}`);
  const said = await again.locator('.field-error').first().innerText();
  expect(/不接受 .txt 文件/.test(said) && said.includes('均未保存'), `refusal said: ${said}`);
  expect(!/[A-Za-z]{3,} [a-z]{3,}/.test(said), `refusal in English: ${said}`);
  expect(await again.locator('textarea[name=text]').inputValue() === '宣传栏内容未更新', 'the text typed was lost');
  await shot(phone, 'findings-phone-refused');
  // the camera's photo
  await again.locator('input[name=photo]').setInputFiles({ name: 'camera.png', mimeType: 'image/png', buffer: photo });
  await Promise.all([phone.waitForNavigation(), again.locator('button[type=submit]').click()]);
  expect(phone.url().endsWith(`/draws/${draw}`), `after recording: ${phone.url()}`);
  const thumb = phone.locator('table.findings a.thumb img');
  expect(await thumb.count() === 1, 'no thumbnail in the findings');
  await thumb.scrollIntoViewIfNeeded();
  expect(await thumb.evaluate((img) => img.complete && img.naturalWidth === 64), 'the thumbnail does not show the photo');
  await shot(phone, 'findings-phone-recorded');
  const src = await thumb.getAttribute('src');
  const got = await phone.context().request.get(base + src);
  expect(got.status() === 200, `photo answered ${got.status()}`);
  expect(Buffer.compare(await got.body(), photo) === 0, 'the photo came back changed');
  expect((got.headers()['content-disposition'] || '').includes('attachment'), 'no Content-Disposition');
  // a unit's clerk whose unit was not drawn: nothing
  const clerkName = unit.name === '区审计局' ? 'gongxin' : 'shenji';
  const clerk = await newPage(PHONE);
  await login(clerk, clerkName);
  const denied = await clerk.context().request.get(base + src);
  expect(denied.status() === 404 || denied.status() === 403, `another unit's clerk got ${denied.status()}`);
});

await finish();
