// Starts serve.mjs on a free port for one spec, so that a test can serve its
// own build (a sub-path build, a copy it changes) or take the host away.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Serves `root` under `base` on 127.0.0.1. Resolves to `{ url, stop }`
 * once the server listens; `url` ends with `base`.
 */
export function startServer(root, base = "/") {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "serve.mjs"), root, "0", base], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve.mjs did not start for ${root}`));
    }, 10_000);
    child.on("error", reject);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+\S*)/);
      if (!m) return;
      clearTimeout(timer);
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once("exit", () => done());
          child.kill();
        });
      resolve({ url: m[1], stop });
    });
  });
}
