// Draws the browser build's screenshots on the demo data: Today, the help request form
// and the participant list at a phone's (390×844) and a tablet's (820×1180) size, into
// docs/screenshots/web-<screen>-<w>x<h>.png. Look at them before committing.
//   node screenshots.mjs BUILD/web/app docs/screenshots
import path from 'node:path';
import { serveFolder } from './static_server.mjs';
import { AppPage, startBrowser } from './app_driver.mjs';

const [appFolder, outFolder] = process.argv.slice(2).map((p) => path.resolve(p));
const sizes = [[390, 844], [820, 1180]];

const server = await serveFolder(appFolder);
let failed = false;
try {
  for (const [width, height] of sizes) {
    // A fresh profile each: a new database filled with the demo data.
    const { browser, close } = await startBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width, height, hasTouch: true, isMobile: width < 600 });
      const app = new AppPage(page);
      // Taps, as a finger does: nothing stays lit as hovered (web/shell/touch.js).
      const shoot = async (screen) => {
        await app.frames(5);
        await page.screenshot({ path: path.join(outFolder, `web-${screen}-${width}x${height}.png`) });
      };
      await app.open(`${server.url}?demo`);
      await app.type('first_start.passphrase', 'demo wachtzin 2024');
      await app.type('first_start.passphrase_repeat', 'demo wachtzin 2024');
      await app.tap('first_start.protect');
      await app.waitFor('today.new_help_request');  // the shell starts once the demo data is in
      await shoot('today');
      await app.tap('today.new_help_request');
      await app.waitFor('help.category.');
      await app.pressEscape();  // leaves the search field the form opens in
      await shoot('help_request_form');
      await app.tap('help.cancel');
      await app.tap((await app.items('nav.short.participants')).length ? 'nav.short.participants' : 'nav.participants');
      await app.waitFor('participants.row.');
      await shoot('participants');
    } finally {
      await close();
    }
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await server.close();
}
process.exit(failed ? 1 : 0);
