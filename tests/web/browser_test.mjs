// The browser test of Digicoach's web build, in headless Chromium at a phone's size
// (390×844): a new coach chooses a passphrase, logs a help request with the network
// off, reloads, unlocks and finds the request again; typed "é" and "ş" reach the app;
// and with the network off the app starts from the service worker's cache.
//   node browser_test.mjs BUILD/web/app
// Starts its own static server on 127.0.0.1 (a free port) and its own browser profile,
// and stops and removes both, whatever happens.
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveFolder } from './static_server.mjs';
import { AppPage, startBrowser } from './app_driver.mjs';

const appFolder = path.resolve(process.argv[2] || '');
const passphrase = 'lange wachtzin 2024';

async function test(name, body) {
  process.stdout.write(`- ${name} ... `);
  await body();
  console.log('ok');
}

const server = await serveFolder(appFolder);
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

  assert.deepEqual(app.problems, []);
} catch (error) {
  failed = true;
  console.log('FAILED');
  console.error(error);
} finally {
  await close();
  await server.close();
}
process.exit(failed ? 1 : 0);
