#!/usr/bin/env node
// Runs the type check and every test/**/*.test.ts with node's test runner (TypeScript via tsx).
// Pass file or folder paths to run a subset: node scripts/test.js test/autograd
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const skipTypecheck = args.includes("--no-typecheck");
const targets = args.filter((a) => !a.startsWith("--"));

function walk(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(p).sort()) if (e !== "fixtures" && e !== "node_modules") walk(path.join(p, e), out);
  } else if (p.endsWith(".test.ts")) out.push(p);
  return out;
}

const files = (targets.length ? targets : ["test"]).flatMap((t) => walk(path.resolve(root, t), []));
if (!skipTypecheck) {
  process.stderr.write("[test] type check (tsc -p tsconfig.json)\n");
  const tc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
  if (tc.status !== 0) process.exit(tc.status ?? 1);
}
process.stderr.write(`[test] ${files.length} test files\n`);
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, GRADLAB_TEST: "1" } },
);
process.exit(r.status ?? 1);
