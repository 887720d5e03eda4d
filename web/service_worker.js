// The app shell's service worker: every file of the app is kept in a cache named after
// this build, so the app starts without a network. At a start with the network the
// browser compares this file with the server's; a new build has a new VERSION (written
// in by web/stamp_service_worker.mjs), whose files are fetched and cached, and the
// old cache is dropped once the new one is complete: the next start runs the new build.
const VERSION = '@VERSION@';
const CACHE = `digicoach-${VERSION}`;
const APP_SHELL = @FILES@;

self.addEventListener('install', (event) => {
  // 'no-cache': checked with the server, never an older build's copy from the HTTP cache;
  // a server that sends validators answers 304 for what the page just downloaded.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(APP_SHELL.map((file) => new Request(file, { cache: 'no-cache' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith('digicoach-') && name !== CACHE)
                                      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET' || new URL(event.request.url).origin !== self.location.origin) return;
  // The app's own files from the cache; the page itself for any address within the app.
  const lookup = event.request.mode === 'navigate' ? 'index.html' : event.request;
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(lookup, { ignoreSearch: true }))
    .then((cached) => cached || fetch(event.request)));
});
