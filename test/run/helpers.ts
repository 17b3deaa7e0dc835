/**
 * Shared by the runner's tests: temporary folders, notebooks written from a few lines of
 * code, the kernel to test with (gradlab when its kernelspec is installed, else Debian's
 * python3, for behaviour that does not depend on the kernel), and a way to run the CLI.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";

export const ROOT = path.resolve(__dirname, "..", "..");

/** tsx's loader, by absolute URL, so that TypeScript runs from any working folder. */
export const TSX = pathToFileURL(require.resolve("tsx", { paths: [ROOT] })).href;

/** A fresh temporary folder; remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tmpDir(prefix = "gradlab-run-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Code snippets for one kernel language. */
export interface TestKernel {
  name: string;
  language: "typescript" | "python";
  print(expr: string): string;
  throws: string;
  /** A cell that never finishes (until interrupted). */
  hangs: string;
  /** A cell that kills the kernel process. */
  dies: string;
  /** A parameters cell defining `n` and `label`. */
  parameters: string;
  /** A cell that prints the kernel's working folder. */
  cwd: string;
}

const TS: Omit<TestKernel, "name"> = {
  language: "typescript",
  print: (e) => `console.log(${e});`,
  throws: `throw new RangeError("bad range " + (6 * 7));`,
  hangs: `await new Promise<void>(() => {});`,
  dies: `process.exit(3);`,
  parameters: `let n = 1;\nlet label = "default";`,
  cwd: `console.log(process.cwd());`,
};

const PY: Omit<TestKernel, "name"> = {
  language: "python",
  print: (e) => `print(${e})`,
  throws: `raise ValueError("bad range " + str(6 * 7))`,
  hangs: `import time\ntime.sleep(1000)`,
  dies: `import os\nos._exit(3)`,
  parameters: `n = 1\nlabel = "default"`,
  cwd: `import os\nprint(os.getcwd())`,
};

let cached: TestKernel | undefined;

/** The installed kernelspecs (names), from `jupyter kernelspec list --json`. */
export function installedKernels(): string[] {
  const r = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8" });
  if (r.status !== 0) return [];
  return Object.keys((JSON.parse(r.stdout) as { kernelspecs: Record<string, unknown> }).kernelspecs);
}

/** gradlab when installed (GRADLAB_TEST_KERNEL=python3 forces Python), else python3. */
export function testKernel(): TestKernel {
  if (cached) return cached;
  const forced = process.env.GRADLAB_TEST_KERNEL;
  const name = forced ?? (installedKernels().includes("gradlab") ? "gradlab" : "python3");
  cached = name === "python3" ? { name, ...PY } : { name, ...TS };
  return cached;
}

/** The Python kernel's snippets (for tests that are about the server, not the kernel). */
export const PYTHON: TestKernel = { name: "python3", ...PY };

export type CellSpec = string | { md: string } | { code: string; tags: string[] };

/** Write a notebook with these cells for `kernel`; returns its path. */
export function writeTestNotebook(dir: string, name: string, cells: CellSpec[], kernel: TestKernel): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const nb = {
    nbformat: 4,
    nbformat_minor: 4, // older minor on purpose: the runner must upgrade to 4.5 with cell ids
    metadata: { kernelspec: { name: kernel.name, display_name: kernel.name, language: kernel.language } },
    cells: cells.map((c) =>
      typeof c === "string"
        ? { cell_type: "code", metadata: {}, source: c, outputs: [], execution_count: null }
        : "md" in c
          ? { cell_type: "markdown", metadata: {}, source: c.md }
          : { cell_type: "code", metadata: { tags: c.tags }, source: c.code, outputs: [], execution_count: null },
    ),
  };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

/** Validate a notebook file with the official nbformat validator; returns the error text or "". */
export function nbformatErrors(file: string): string {
  const code = "import sys, nbformat\nnb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\nnbformat.validate(nb, version=4, version_minor=5)\nprint('ok', nb.nbformat, nb.nbformat_minor)";
  const r = spawnSync("/usr/bin/python3", ["-c", code, file], { encoding: "utf8", env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" } });
  return r.status === 0 && r.stdout.includes("ok 4 5") ? "" : `${r.stdout}\n${r.stderr}`.trim();
}

/** Result of a CLI run. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start `gradlab ARGS` from the TypeScript sources (through tsx) in `cwd`. */
export function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const script = `require(${JSON.stringify(path.join(ROOT, "kernel", "cli.ts"))}).main(process.argv.slice(1)).then((c) => process.exit(c), (e) => { console.error(e); process.exit(99); });`;
  const child = spawn(process.execPath, ["--import", TSX, "-e", script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

/** Run `gradlab ARGS` to the end. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, cwd, env).done;
}

/** Every process below `pid` (children, grandchildren, ...), from /proc. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) (out.push(c), walk(c));
  };
  walk(pid);
  return out;
}

/** True while a process exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Wait until `check()` is true, polling; throws with `what` after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** JUPYTER_PATH with `dir` first, keeping any folders already on it. */
export function jupyterPathWith(dir: string): string {
  return [dir, ...(process.env.JUPYTER_PATH ? [process.env.JUPYTER_PATH] : [])].join(path.delimiter);
}

/** A kernelspec folder (for JUPYTER_PATH) with kernels that cannot start. */
export function brokenKernelspecs(dir: string): string {
  const write = (name: string, argv: string[]) => {
    fs.mkdirSync(path.join(dir, "kernels", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "kernels", name, "kernel.json"), JSON.stringify({ argv, display_name: name, language: "python" }));
  };
  write("missing-exe", ["/nonexistent/gradlab-test-kernel", "{connection_file}"]);
  write("never-answers", ["/bin/sleep", "1000"]);
  return dir;
}
