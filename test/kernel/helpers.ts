/**
 * Shared set-up of the kernel tests: the built kernel, a kernelspec installed by the real
 * `gradlab install-kernel` into a temporary prefix (found through JUPYTER_PATH), and a
 * jupyter_client driver (Debian's /usr/bin/python3), so every test talks to the kernel the
 * way Jupyter does.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PYTHON = "/usr/bin/python3";

/** Fail early, with the fix, when dist/ is missing or older than the kernel/display/plot sources. */
export function assertBuilt(): void {
  const launcher = path.join(ROOT, "dist", "kernel", "launcher.js");
  if (!fs.existsSync(launcher)) throw new Error(`${launcher} is missing: run \`npm run build\` before the kernel tests`);
  const stale: string[] = [];
  for (const dir of ["kernel/launcher", "lib/display", "lib/plot"]) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) {
      if (!f.endsWith(".ts")) continue;
      const src = path.join(ROOT, dir, f);
      const out = path.join(ROOT, "dist", dir, f.replace(/\.ts$/, ".js"));
      if (!fs.existsSync(out) || fs.statSync(out).mtimeMs + 1000 < fs.statSync(src).mtimeMs) stale.push(`${dir}/${f}`);
    }
  }
  if (stale.length) throw new Error(`dist/ is older than ${stale.join(", ")}: run \`npm run build\` before the kernel tests`);
}

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Install the kernelspec with the CLI into `<prefix>/share/jupyter/kernels`; returns the JUPYTER_PATH entry. */
export function installKernel(prefix: string, extra: string[] = []): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "gradlab.js"), "install-kernel", "--prefix", prefix, "--quiet", ...extra], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`install-kernel failed (${r.status}): ${r.stderr}`);
  return path.join(prefix, "share", "jupyter");
}

/** Environment for Jupyter tools that see only our temporary kernelspecs first. */
export function jupyterEnv(jupyterPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1", ...extra };
}

export interface Message {
  msg_type: string;
  content: any;
}
export interface Exchange {
  reply: Message;
  iopub: Message[];
}
export type Request = { type?: "execute" | "complete" | "inspect" | "kernel_info" | "comm_info"; code?: string; stop_on_error?: boolean; silent?: boolean; cursor_pos?: number; interrupt_after?: number };
export type Step = Request | { batch: Request[] };

/** Start the kernel with jupyter_client, run the steps, shut it down; one Exchange per request. */
export function drive(jupyterPath: string, cwd: string, steps: Step[], kernel = "gradlab"): Exchange[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-drive-")), "out.json");
  const r = spawnSync(PYTHON, [path.join(__dirname, "fixtures", "drive.py")], {
    input: JSON.stringify({ kernel, cwd, steps, out }),
    encoding: "utf8",
    env: jupyterEnv(jupyterPath),
    timeout: 240_000,
    maxBuffer: 256 << 20,
  });
  try {
    if (r.status !== 0) throw new Error(`drive.py failed (${r.status ?? r.signal}): ${r.stderr.slice(-3000)}`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as Exchange[];
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** The iopub messages of one type. */
export function ofType(ex: Exchange, type: string): Message[] {
  return ex.iopub.filter((m) => m.msg_type === type);
}

/** ANSI colour codes removed. */
export function plain(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}
