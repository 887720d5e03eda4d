// A real digicoach-hub for the browser test: a SQLite hub in its own temporary folder,
// serving the web app's files (--web) and the sync protocol on 127.0.0.1 at a port the
// system hands out. stop() ends the process and removes the folder, whatever happened.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const kStartMs = 30000;

export async function startHub(hubBinary, webFolder) {
  if (!hubBinary || !fs.existsSync(hubBinary))
    throw new Error(`no digicoach-hub at "${hubBinary}": build the native release first (scripts/build release)`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'digicoach-hub-'));
  const database = path.join(folder, 'hub.db');
  const token = (coach, role) =>
    execFileSync(hubBinary, ['token', 'add', '--db', database, '--coach', coach, '--role', role]).toString().trim();
  const coachToken = token('web-coach', 'coach');
  const coordinatorToken = token('coordinator', 'coordinator');
  const hub = spawn(hubBinary, ['serve', '--db', database, '--listen', '127.0.0.1:0', '--web', webFolder],
                    { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (hub.exitCode === null && hub.signalCode === null) {
      const ended = new Promise((resolve) => hub.once('exit', resolve));
      hub.kill('SIGTERM');
      await ended;
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('digicoach-hub did not start listening')), kStartMs);
      let printed = '';
      hub.stdout.on('data', (chunk) => {
        printed += chunk.toString();
        const listening = printed.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      });
      hub.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`digicoach-hub ended with ${code} before listening`));
      });
    });
    // Every record the hub holds, as a coordinator pulls them.
    const records = async () => {
      const found = [];
      for (let since = 0; ;) {
        const answer = await fetch(`${url}/v1/pull?since=${since}`, {
          headers: { Authorization: `Bearer ${coordinatorToken}` },
        });
        if (!answer.ok) throw new Error(`the hub answered ${answer.status} to a coordinator's pull`);
        const page = await answer.json();
        found.push(...page.records);
        if (!page.more) return found;
        since = page.next;
      }
    };
    return { url, coachToken, records, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
