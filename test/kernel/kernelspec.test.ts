/**
 * `gradlab install-kernel`: where the kernelspec goes (jupyter_core's rules), what kernel.json
 * holds, idempotence, and that Jupyter itself (`jupyter kernelspec list`) finds it.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, assertBuilt, jupyterEnv, tempDir } from "./helpers";
import { jupyterSysPrefix, kernelsDir, userDataDir } from "../../kernel/kernelspec";

const tmp = tempDir("gradlab-kernelspec-");
after(() => tmp.cleanup());

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin", "gradlab.js"), "install-kernel", ...args], { encoding: "utf8" });

test("the user's data folder follows jupyter_core (JUPYTER_DATA_DIR, XDG_DATA_HOME, per OS)", () => {
  assert.equal(userDataDir({ JUPYTER_DATA_DIR: "/j" }, "linux", "/home/u"), "/j");
  assert.equal(userDataDir({}, "linux", "/home/u"), "/home/u/.local/share/jupyter");
  assert.equal(userDataDir({ XDG_DATA_HOME: "/x" }, "linux", "/home/u"), "/x/jupyter");
  assert.equal(userDataDir({}, "darwin", "/Users/u"), "/Users/u/Library/Jupyter");
});

test("default: system-wide as root, the user's folder otherwise; options choose explicitly", () => {
  assert.equal(kernelsDir({}, true).dir, "/usr/local/share/jupyter/kernels");
  assert.equal(kernelsDir({}, false).dir, path.join(userDataDir(), "kernels"));
  assert.equal(kernelsDir({ user: true }, true).dir, path.join(userDataDir(), "kernels"));
  assert.equal(kernelsDir({ prefix: "/opt/p" }, true).dir, "/opt/p/share/jupyter/kernels");
  assert.throws(() => kernelsDir({ user: true, prefix: "/p" }), /at most one of --user, --prefix and --sys-prefix/);
});

test("the system folder and --sys-prefix are data folders Jupyter searches", () => {
  const prefix = jupyterSysPrefix();
  const paths = JSON.parse(spawnSync("jupyter", ["--paths", "--json"], { encoding: "utf8", env: jupyterEnv("") }).stdout);
  assert.ok(paths.data.includes(path.join(prefix, "share", "jupyter")), `${prefix} not in ${paths.data}`);
  assert.ok(paths.data.includes(path.dirname(kernelsDir({}, true).dir)), `${paths.data}`);
});

test("install-kernel --prefix writes kernel.json with absolute node, the built launcher and the connection file", () => {
  assertBuilt();
  const r = cli("--prefix", tmp.dir);
  assert.equal(r.status, 0, r.stderr);
  // (a line about the startup snapshot may come first, when its inputs changed since it was made)
  assert.match(r.stdout, /^Installed kernelspec 'gradlab'/m);
  const file = path.join(tmp.dir, "share", "jupyter", "kernels", "gradlab", "kernel.json");
  const spec = JSON.parse(fs.readFileSync(file, "utf8"));
  // through /bin/sh, which execs this node on the launcher, from the startup snapshot when it fits
  const launcher = path.join(ROOT, "dist", "kernel", "launcher.js");
  assert.deepEqual([spec.argv[0], spec.argv[1], spec.argv[3], spec.argv[4]], ["/bin/sh", "-c", "gradlab-kernel", "{connection_file}"]);
  const script: string = spec.argv[2];
  assert.ok(script.includes(`exec '${process.execPath}' '${launcher}' "$1"`), script);
  const blob = /--snapshot-blob '([^']+)'/.exec(script)?.[1];
  assert.ok(blob && fs.existsSync(blob), `the snapshot blob in ${script}`);
  assert.ok(fs.existsSync(launcher));
  // --no-snapshot: node on the launcher directly
  const plain = cli("--prefix", tmp.dir, "--name", "gradlab-plain", "--no-snapshot", "--quiet");
  assert.equal(plain.status, 0, plain.stderr);
  const plainSpec = JSON.parse(fs.readFileSync(path.join(tmp.dir, "share", "jupyter", "kernels", "gradlab-plain", "kernel.json"), "utf8"));
  assert.deepEqual(plainSpec.argv, [process.execPath, launcher, "{connection_file}"]);
  assert.equal(spec.display_name, "TypeScript (gradlab)");
  assert.equal(spec.language, "typescript");
  // large freed blocks are kept for reuse (see MALLOC_ENV): a number of bytes, at least 1 MiB
  for (const k of ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]) assert.ok(Number(spec.env[k]) >= 2 ** 20, `${k} in the kernel's env`);
  // idempotent: a second run changes nothing
  const before = fs.statSync(file).mtimeMs;
  const again = cli("--prefix", tmp.dir);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /^Up to date: kernelspec 'gradlab'/);
  assert.equal(fs.statSync(file).mtimeMs, before);
  assert.equal(cli("--prefix", tmp.dir, "--quiet").stdout, "");
});

test("jupyter kernelspec list finds it", () => {
  assertBuilt();
  cli("--prefix", tmp.dir, "--quiet");
  const r = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8", env: jupyterEnv(path.join(tmp.dir, "share", "jupyter")) });
  assert.equal(r.status, 0, r.stderr);
  const specs = JSON.parse(r.stdout).kernelspecs;
  assert.equal(specs.gradlab.resource_dir, path.join(tmp.dir, "share", "jupyter", "kernels", "gradlab"));
  assert.equal(specs.gradlab.spec.display_name, "TypeScript (gradlab)");
});

test("--name and --display-name; bad options print the usage", () => {
  assertBuilt();
  assert.equal(cli("--prefix", tmp.dir, "--name", "gradlab-dev", "--display-name", "gradlab (dev)", "--quiet").status, 0);
  const spec = JSON.parse(fs.readFileSync(path.join(tmp.dir, "share", "jupyter", "kernels", "gradlab-dev", "kernel.json"), "utf8"));
  assert.equal(spec.display_name, "gradlab (dev)");
  const bad = cli("--frobnicate");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option '--frobnicate'[\s\S]*gradlab install-kernel \[--user/);
  assert.match(cli("--name", "a/b", "--prefix", tmp.dir).stderr, /may only hold letters/);
});
