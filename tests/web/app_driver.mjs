// Drives the Digicoach page like a person: finds items by their stable probe names
// (app/ui_probe.hpp, exported by web/app_exports.cpp) and clicks and types at them.
// Every wait is for a condition, with a time limit, never for a fixed time.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const kWaitMs = 30000;

export async function startBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digicoach-browser-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,  // kept across reloads within a run: IndexedDB lives here
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run'],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export class AppPage {
  constructor(page) {
    this.page = page;
    this.problems = [];
    page.on('pageerror', (error) => this.problems.push(error.stack || error.message));
  }

  // Loads (or reloads) the page and waits for the app to draw with its probe on.
  async open(url) {
    if (url) await this.page.goto(url);
    else await this.page.reload();
    await this.page.waitForFunction(() => typeof Module !== 'undefined' && Module.calledRun && Module._dc_probe_enable,
                                    { timeout: kWaitMs });
    await this.page.evaluate(() => Module._dc_probe_enable());
  }

  async items(prefix) {
    return JSON.parse(await this.page.evaluate((p) => Module.ccall('dc_probe_items', 'string', ['string'], [p]), prefix));
  }

  // Waits until an item whose name starts with `prefix` is drawn, and returns it. The app
  // draws only when something changes, so the wait nudges it with a pointer move.
  async waitFor(prefix, { visible = false } = {}) {
    const deadline = Date.now() + kWaitMs;
    for (;;) {
      const found = (await this.items(prefix)).find((item) => !visible || item.visible);
      if (found) return found;
      if (Date.now() > deadline) {
        const shown = (await this.items('')).map((item) => item.name).join(', ');
        throw new Error(`"${prefix}" did not appear; shown: ${shown}\n${this.problems.join('\n')}`);
      }
      await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await this.page.mouse.move(1, 1);
    }
  }

  // Scrolls the screen until `name` is in view (a long form on a phone).
  async scrollTo(name) {
    for (let attempt = 0; attempt < 40; ++attempt) {
      const item = (await this.items(name)).find((i) => i.name === name);
      if (item && item.visible) return item;
      // A finger's drag upwards, as on a phone (the app drags lists and forms to scroll).
      const size = this.page.viewport();
      const x = size.width / 2;
      await this.page.mouse.move(x, size.height * 0.6);
      await this.page.mouse.down();
      await this.frames(2);
      for (let step = 1; step <= 6; ++step) {
        await this.page.mouse.move(x, size.height * (0.6 - 0.05 * step));
        await this.frames(1);
      }
      await this.page.mouse.up();
      await this.frames(3);
    }
    throw new Error(`could not scroll "${name}" into view: ${JSON.stringify(await this.items(name))}`);
  }

  // Lets the app draw `count` frames (it draws a few after every input).
  async frames(count) {
    await this.page.evaluate((n) => new Promise((resolve) => {
      const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
      step();
    }), count);
  }

  async click(name) {
    const item = await this.waitFor(name, { visible: true });
    await this.page.mouse.click((item.minX + item.maxX) / 2, (item.minY + item.maxY) / 2);
    await this.frames(3);
  }

  async tap(name) {
    const item = await this.waitFor(name, { visible: true });
    await this.page.touchscreen.tap((item.minX + item.maxX) / 2, (item.minY + item.maxY) / 2);
    await this.frames(3);
  }

  // Clicks a text field, waits for the phone keyboard's field to take the focus, types.
  async type(name, text) {
    await this.click(name);
    await this.page.waitForFunction(() => document.activeElement && document.activeElement.id === 'keyboard',
                                    { timeout: kWaitMs });
    await this.page.keyboard.type(text);
    await this.frames(3);
  }

  async textBeingEdited() {
    return this.page.evaluate(() => Module.ccall('dc_text_being_edited', 'string', [], []));
  }

  async pressEscape() {
    await this.page.keyboard.press('Escape');
    await this.frames(3);
  }
}
