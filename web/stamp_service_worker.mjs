// Writes the service worker into the built app folder with the build's version: a hash
// of every file it caches, so any change to the app gives a new service worker, and an
// unchanged build keeps the phone's cache. Usage: node stamp_service_worker.mjs TEMPLATE APP_DIR
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [template, appDir] = process.argv.slice(2);
const files = fs.readdirSync(appDir)
  .filter((name) => name !== 'sw.js' && fs.statSync(path.join(appDir, name)).isFile())
  .sort();
const hash = crypto.createHash('sha256');
for (const name of files) hash.update(name).update(fs.readFileSync(path.join(appDir, name)));
const worker = fs.readFileSync(template, 'utf8')
  .replace('@VERSION@', hash.digest('hex').slice(0, 16))
  .replace('@FILES@', JSON.stringify(['./', ...files]));
fs.writeFileSync(path.join(appDir, 'sw.js'), worker);
