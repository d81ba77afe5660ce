// Starting headless Chromium for the browser tests (a11y.mjs, search.mjs,
// serve.mjs), and the ok/FAIL lines they print.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.PLAINSIGHT_CHROMIUM || "/usr/bin/chromium";

// The network is closed and the profile is throwaway: keep Chromium from
// phoning home, updating components or syncing. Playwright adds --headless
// (headless: true) and its own fresh --user-data-dir in a temp folder; it
// refuses a --user-data-dir in args, so the temp parent is set via TMPDIR.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Launches Chromium with its profile in a private temp folder. `close()`
// closes the browser and removes the folder. Throws if Chromium cannot start.
export async function launch(name) {
  const profileParent = mkdtempSync(path.join(tmpdir(), `plainsight-${name}-`));
  process.env.TMPDIR = profileParent;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  } catch (e) {
    rmSync(profileParent, { recursive: true, force: true });
    throw new Error(`cannot start Chromium at ${CHROMIUM}: ${e.message}`);
  }
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profileParent, { recursive: true, force: true });
    },
  };
}

// A list of checks: `check(ok, what)` prints "ok" or "FAIL" and the check;
// `finish()` prints "NAME: all passed" (what tests/common/mod.rs looks for)
// or how many failed, and exits 0 or 1.
export function checklist(name) {
  const failures = [];
  return {
    check(ok, what) {
      console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
      if (!ok) failures.push(what);
    },
    finish() {
      console.log(failures.length ? `${name}: ${failures.length} failed` : `${name}: all passed`);
      process.exit(failures.length ? 1 : 0);
    },
  };
}
