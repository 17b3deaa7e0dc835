/**
 * The benchmark harness shared by every bench/*.bench.ts file. Each file exports
 * `benchmarks: Benchmark[]`; `npm run bench` runs them, prints a table and, with
 * `-- --json FILE`, writes the figures. Figures are compared with a reference measured
 * in the same run (PyTorch/numpy/SymPy via /usr/bin/python3), since these machines are noisy.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Measurement {
  /** gradlab's figure in `unit`. */
  gradlab: number;
  /** The reference's figure in `unit` (null when the reference could not run). */
  reference: number | null;
  referenceName: string;
  /** True for throughput (GFLOP/s), false for times (µs, ms, s). */
  higherIsBetter: boolean;
  /** Anything else worth recording (memory, sizes, accuracy). */
  extra?: Record<string, unknown>;
}

export interface Benchmark {
  /** A name from the issue's list, e.g. "autograd-overhead". */
  name: string;
  unit: string;
  run(): Promise<Measurement> | Measurement;
}

export interface Row {
  name: string;
  unit: string;
  gradlab: number;
  reference: number | null;
  referenceName: string;
  /** > 1 means gradlab is better. */
  speedup: number | null;
  extra?: Record<string, unknown>;
}

export function toRow(b: Benchmark, m: Measurement): Row {
  const speedup = m.reference === null || m.reference === 0 || m.gradlab === 0 ? null : m.higherIsBetter ? m.gradlab / m.reference : m.reference / m.gradlab;
  return { name: b.name, unit: b.unit, gradlab: m.gradlab, reference: m.reference, referenceName: m.referenceName, speedup, extra: m.extra };
}

/**
 * Time `fn` (synchronous): warm up (1 s), then repeat batches until `minMs` has passed, and
 * return the median time per call in microseconds over the batches.
 */
export function timeit(fn: () => void, opts: { minMs?: number; warmup?: number; warmupMs?: number; batches?: number } = {}): number {
  const minMs = opts.minMs ?? 400;
  const batches = opts.batches ?? 7;
  // warm up (1 s by default) so V8 has optimised the hot paths: interpreted code is 10-30×
  // slower, a cost a notebook pays once per kernel session, not per call
  const warmStart = process.hrtime.bigint();
  const warmNs = (opts.warmupMs ?? 1000) * 1e6;
  for (let i = 0; i < (opts.warmup ?? 3) || Number(process.hrtime.bigint() - warmStart) < warmNs; i++) fn();
  // calibrate the batch size so one batch takes about minMs / batches
  let n = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms >= minMs / batches || n >= 1 << 24) break;
    n *= 2;
  }
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    per.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)];
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Run a Python reference script from bench/py with Debian's /usr/bin/python3; it prints
 * one JSON object on its last line of stdout. Returns null (with the reason on stderr)
 * when Python or its packages are missing, so the gradlab figure is still reported.
 */
export function python<T = Record<string, number>>(script: string, args: string[] = [], env: Record<string, string> = {}): T | null {
  const file = path.join(__dirname, "py", script);
  const r = spawnSync("/usr/bin/python3", [file, ...args], {
    encoding: "utf8",
    env: { ...process.env, OPENBLAS_NUM_THREADS: "2", OMP_NUM_THREADS: "2", ...env },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    process.stderr.write(`[bench] ${script} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || "").trim().split("\n").slice(-3).join(" | ")}\n`);
    return null;
  }
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Where this process writes transpiled task files (removed on exit), and what it wrote there. */
let taskDir: string | null = null;
const transpiled = new Map<string, string>();

/**
 * bench/<name>.ts as JavaScript in this process's task directory, with the files it imports
 * from "./" beside it (task-lib.ts): the path of the file to run.
 */
function transpileTask(file: string): string {
  let js = transpiled.get(file);
  if (js !== undefined) return js;
  if (taskDir === null) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    taskDir = dir;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require("typescript") as typeof import("typescript");
  const out = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  }).outputText;
  js = path.join(taskDir, `${path.basename(file, ".ts")}.js`);
  transpiled.set(file, js);
  fs.writeFileSync(js, out);
  for (const m of out.matchAll(/require\("\.\/([\w-]+)"\)/g)) transpileTask(path.join(path.dirname(file), `${m[1]}.ts`));
  return js;
}

/**
 * Run a task file of the benchmark (TypeScript whose only runtime imports are Node's own,
 * sibling task files imported with "./" and gradlab's built package, found through
 * GRADLAB_ROOT) in a fresh plain `node`, as users run gradlab, and return the JSON of its
 * last line of output. The file is transpiled to JavaScript here first: under tsx's loader
 * (which also turns source maps on) the 200-iteration logistic-regression loop took
 * 1.08–1.10 times as long.
 */
export function runTask(file: string, args: readonly string[], env: Record<string, string> = {}): Record<string, any> {
  const js = transpileTask(file);
  const root = path.resolve(__dirname, "..");
  const r = spawnSync(process.execPath, [js, ...args], {
    encoding: "utf8", cwd: __dirname, maxBuffer: 1 << 26, env: { ...process.env, ...env, GRADLAB_ROOT: root },
  });
  if (r.status !== 0) throw new Error(`bench task ${path.basename(file)} ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}
