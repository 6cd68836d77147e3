// The browser benchmark (`make bench-browser`): same server and browser as
// the end-to-end tests, one worker so timings are not shared with a sibling.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config.js";

export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.js",
  outputDir: "../../target/bench-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
});
