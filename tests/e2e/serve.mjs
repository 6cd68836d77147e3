// A plain static file server for the end-to-end tests: serves dist/ on
// 127.0.0.1 like any static host. Unknown paths get 404.html when the build
// has one (as GitHub Pages does), else index.html (single-page fallback).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const root = resolve(process.argv[2] ?? "../../dist");
const port = Number(process.argv[3] ?? process.env.E2E_PORT ?? 8181);
// Serve the build under a sub-path (e.g. /some/sub/path/) when asked.
const base = process.argv[4] ?? "/";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

async function file(path) {
  try {
    const s = await stat(path);
    return s.isFile() ? path : null;
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  let path = decodeURIComponent(url.pathname);
  if (!path.startsWith(base)) {
    res.writeHead(404).end("not under " + base);
    return;
  }
  path = "/" + path.slice(base.length);
  const candidate = normalize(join(root, path));
  if (!candidate.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  let found = await file(candidate);
  if (!found && path.endsWith("/")) found = await file(join(candidate, "index.html"));
  let status = 200;
  if (!found) {
    found = (await file(join(root, "404.html"))) ?? (await file(join(root, "index.html")));
    status = found?.endsWith("404.html") ? 404 : 200;
  }
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  const body = await readFile(found);
  res.writeHead(status, {
    "content-type": types[extname(found)] ?? "application/octet-stream",
    "cache-control": "no-cache",
  });
  res.end(body);
}).listen(port, "127.0.0.1", function () {
  // Port 0 picks a free port; say which, for tests/e2e/static-server.js.
  console.log(`serving ${root} on http://127.0.0.1:${this.address().port}${base}`);
});
