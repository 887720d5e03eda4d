// The browser test of Digicoach's web build, in headless Chromium at a phone's size
// (390×844): a new coach chooses a passphrase, logs a help request with the network
// off, reloads, unlocks and finds the request again; typed "é" and "ş" reach the app;
// with the network off the app starts from the service worker's cache; back online, the
// request syncs to the hub that serves the app.
//   node browser_test.mjs BUILD/web/app PATH/TO/digicoach-hub
// Starts its own digicoach-hub (serve --web) on 127.0.0.1 at a free port and its own
// browser profile, and stops and removes both, whatever happens.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHub } from './hub_process.mjs';
import { AppPage, startBrowser } from './app_driver.mjs';

const appFolder = path.resolve(process.argv[2] || '');
const hubBinary = process.argv[3] || process.env.DIGICOACH_HUB;
const passphrase = 'lange wachtzin 2024';

async function test(name, body) {
  process.stdout.write(`- ${name} ... `);
  await body();
  console.log('ok');
}

const server = await startHub(hubBinary, appFolder);
const { browser, close } = await startBrowser();
let failed = false;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, hasTouch: true, isMobile: true });
  const app = new AppPage(page);

  await test('a new coach chooses a passphrase and reaches Today', async () => {
    await app.open(server.url);
    await app.type('first_start.passphrase', passphrase);
    await app.type('first_start.passphrase_repeat', passphrase);
    await app.click('first_start.protect');
    await app.waitFor('today.new_help_request');
  });

  await test('a help request logged with the network off is saved, with "é" and "ş" as typed', async () => {
    await page.setOfflineMode(true);
    await app.tap('today.new_help_request');
    await app.waitFor('help.category.');
    await app.click((await app.items('help.category.'))[0].name);
    await app.scrollTo('help.notes');
    await app.type('help.notes', 'Uitleg over itsme, café en Ayşe');
    assert.equal(await app.textBeingEdited(), 'Uitleg over itsme, café en Ayşe');
    await app.pressEscape();
    await app.click('help.save');
    await app.waitFor('today.new_help_request');
    assert.equal((await app.items('help_requests.row.')).length, 1);
  });

  await test('after a reload the unlock prompt appears and the request is still there', async () => {
    await page.setOfflineMode(false);
    await app.open();
    await app.type('unlock.passphrase', passphrase);
    await app.click('unlock.submit');
    await app.waitFor('help_requests.row.');
    assert.equal((await app.items('help_requests.row.')).length, 1);
  });

  await test('with the network off the app starts from its cache and unlocks', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 30000 });
    await page.setOfflineMode(true);
    await app.open();
    await app.type('unlock.passphrase', passphrase);
    await app.click('unlock.submit');
    await app.waitFor('help_requests.row.');
    await page.setOfflineMode(false);
  });

  await test('back online, the request goes to the hub through fetch, "é" and "ş" as typed', async () => {
    const [row] = await app.items('help_requests.row.');
    const id = row.name.slice('help_requests.row.'.length);
    await app.tap('nav.short.more');
    await app.click('more.nav.sync');
    await app.type('sync.endpoint', server.url);
    await app.type('sync.token', server.coachToken);
    await app.pressEscape();
    await app.click('sync.save_connection');
    const deadline = Date.now() + 30000;
    for (;;) {
      const onHub = (await server.records()).find((record) => record.type === 'help_requests' && record.id === id);
      if (onHub) {
        assert.equal(onHub.data.notes, 'Uitleg over itsme, café en Ayşe');
        break;
      }
      if (Date.now() > deadline) throw new Error(`request ${id} did not reach the hub\n${app.problems.join('\n')}`);
      await app.frames(10);
    }
  });

  assert.deepEqual(app.problems, []);
} catch (error) {
  failed = true;
  console.log('FAILED');
  console.error(error);
} finally {
  await close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
