// Preflight's service worker: the app works offline after its first load.
//
// tools/post-build.mjs fills in BUILD (an id of this build's files) and
// PRECACHE (every file of the build, relative to this script) when Trunk
// builds; this source file as it stands precaches nothing.
//
// - install: precache the build in a cache named after the scope and the
//   build, then take over at once (the files are content-hashed, so an open
//   page of the previous build keeps working from the network or HTTP cache);
// - activate: delete this scope's caches of other builds, claim the open
//   pages, and tell them which build is now active;
// - fetch: page loads (navigations) go to the network first, so a new release
//   is picked up on the next load, and fall back to the cached index.html, so
//   deep links work offline; everything else comes from the cache first.
//
// Nothing here logs: a failed network request offline is expected.

const BUILD = "dev";
const PRECACHE = [];

const SCOPE = self.registration.scope;
const PREFIX = `preflight ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const INDEX = new URL("index.html", SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // "no-cache": revalidate with the server, never a stale HTTP-cache copy.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      // Only this app's own old caches: another app on the origin keeps its own.
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
      const pages = await self.clients.matchAll({ type: "window" });
      for (const page of pages) page.postMessage({ type: "preflight-activated", build: BUILD });
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch {
    const cache = await caches.open(CACHE);
    return (await cache.match(INDEX)) ?? Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch {
    return Response.error();
  }
}
