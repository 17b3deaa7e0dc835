#!/usr/bin/env node
// Sets up what gradlab needs, idempotently: npm dependencies, Debian packages (when run as
// root; otherwise it says what to install), the build, and the `gradlab` kernelspec.
//   node scripts/setup.js            what `npm test` and `npm start` need
//   node scripts/setup.js --bench    also PyTorch, SymPy and OpenBLAS (benchmarks, fixture scripts)
//   node scripts/setup.js --wasm     also clang-19/lld-19 (only to rebuild the committed .wasm)
"use strict";
const { execSync, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const args = new Set(process.argv.slice(2));
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

const APT = {
  test: ["jupyter-notebook", "jupyter-client", "python3-nbclient", "jupyter-nbconvert", "python3-ipykernel", "chromium"],
  bench: ["python3-torch", "python3-sympy", "python3-numpy", "libopenblas0-pthread"],
  wasm: ["clang-19", "lld-19"],
};

function run(cmd, opts = {}) {
  log(`$ ${cmd}`);
  execSync(cmd, { stdio: "inherit", cwd: root, ...opts });
}

function npmDeps() {
  const lock = path.join(root, "package-lock.json");
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const stale = !fs.existsSync(marker) || fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
  if (stale) run("npm ci --no-audit --no-fund");
}

function missingDebs(pkgs) {
  return pkgs.filter((p) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", p], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

function debs(pkgs) {
  const missing = missingDebs(pkgs);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    log(`missing Debian packages: ${missing.join(" ")}`);
    log(`install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}`);
    process.exit(1);
  }
  run("apt-get update -q", { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  run(`apt-get install -y -q --no-install-recommends ${missing.join(" ")}`, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function build() {
  run("npx tsc -p tsconfig.build.json");
}

function kernelspec() {
  const launcher = path.join(root, "dist", "kernel", "launcher.js");
  if (!fs.existsSync(launcher)) return; // the kernel is not built yet
  run(`node ${JSON.stringify(path.join(root, "bin", "gradlab.js"))} install-kernel --quiet`);
}

npmDeps();
debs(APT.test);
if (args.has("--bench")) debs(APT.bench);
if (args.has("--wasm")) debs(APT.wasm);
if (!args.has("--no-build")) {
  build();
  kernelspec();
}
