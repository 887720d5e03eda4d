// The browser build's budget, measured in headless Chromium at a phone's size (390×844):
// the bytes of the page, the first frame after navigation, an offline start up to the
// unlock prompt (from the service worker's cache), and the CPU time of frames on the
// list screens while a finger scrolls them, on the demo data.
//   node bench/web_budget.mjs build/web/app
// (puppeteer-core comes from tests/web: `scripts/setup web` installs it.)
import fs from 'node:fs';
import path from 'node:path';
import { serveFolder } from '../tests/web/static_server.mjs';
import { AppPage, startBrowser } from '../tests/web/app_driver.mjs';

const appFolder = path.resolve(process.argv[2] || 'build/web/app');
const kPageBudgetBytes = 5 * 1024 * 1024;
const passphrase = 'budget wachtzin 2024';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const firstFrameMs = (page) => page.waitForFunction(() => Module.digicoachFirstFrameMs, { timeout: 60000 })
  .then((handle) => handle.jsonValue());

// Drags the screen's list upwards a few times, recording each frame's CPU time.
async function scrollFrameTimes(app, page) {
  await page.evaluate(() => { Module.digicoachFrameTimesMs = []; });
  for (let drag = 0; drag < 4; ++drag) {
    await page.mouse.move(195, 650);
    await page.mouse.down();
    for (let step = 1; step <= 15; ++step) {
      await page.mouse.move(195, 650 - step * 25);
      await app.frames(1);
    }
    await page.mouse.up();
    await app.frames(5);
  }
  return page.evaluate(() => { const times = Module.digicoachFrameTimesMs; Module.digicoachFrameTimesMs = null; return times; });
}

const pageBytes = fs.readdirSync(appFolder)
  .reduce((sum, name) => sum + fs.statSync(path.join(appFolder, name)).size, 0);

const server = await serveFolder(appFolder);
const { browser, close } = await startBrowser();
const rows = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, hasTouch: true, isMobile: true });
  const app = new AppPage(page);

  await app.open(`${server.url}?demo`);
  rows.push(['first frame after navigation (first visit, network)', `${Math.round(await firstFrameMs(page))} ms`]);
  await app.type('first_start.passphrase', passphrase);
  await app.type('first_start.passphrase_repeat', passphrase);
  await app.tap('first_start.protect');
  await app.waitFor('today.new_help_request');  // the shell starts once the demo data is in
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 60000 });
  rows.push(['bytes served on the first visit (page, then the service worker\'s copy)', `${server.bytesServed()}`]);

  for (const [tab, rowPrefix, label] of [['nav.short.participants', 'participants.row.', 'participants (400)'],
                                         ['nav.short.help_requests', 'help_requests.row.', 'a day\'s help requests']]) {
    await app.tap(tab);
    // The demo data has nothing dated today: the help requests list steps back to a day with some.
    for (let day = 0; day < 30 && (await app.items(rowPrefix)).length === 0; ++day)
      await app.tap('help_requests.previous_day');
    await app.waitFor(rowPrefix);
    const times = await scrollFrameTimes(app, page);
    rows.push([`median frame CPU while scrolling ${label}`, `${median(times).toFixed(1)} ms (${times.length} frames, slowest ${Math.max(...times).toFixed(1)} ms)`]);
  }

  await page.setOfflineMode(true);
  await app.open();
  await app.waitFor('unlock.passphrase');
  rows.push(['offline start to the unlock prompt (first frame, from the cache)', `${Math.round(await firstFrameMs(page))} ms`]);
  await page.setOfflineMode(false);
} finally {
  await close();
  await server.close();
}

console.log(`| what | measured |\n|---|---|`);
console.log(`| the app's files (build/web/app), budget ${kPageBudgetBytes} | ${pageBytes} bytes |`);
for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
process.exit(pageBytes <= kPageBudgetBytes ? 0 : 1);
