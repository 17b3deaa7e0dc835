/**
 * run-notebooks: wall time of `gradlab run` over a folder of notebooks with --jobs 1 and
 * --jobs 2, against `jupyter nbconvert --execute` on the same notebooks one after another, in
 * the same run. The notebooks are notebooks/ when it has any, else a small generated set
 * (for the gradlab kernel when it is installed, else Debian's python3 kernel).
 * Each tool is timed from its command line to its exit, so start-up costs count on both sides.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { Benchmark } from "./harness";

const ROOT = path.resolve(__dirname, "..");

function kernelspecs(): string[] {
  const r = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8" });
  return r.status === 0 ? Object.keys(JSON.parse(r.stdout).kernelspecs) : [];
}

/** A few small notebooks: some arithmetic, a loop, printing; `n` of them. */
function generateNotebooks(dir: string, kernel: string, n: number): void {
  const ts = kernel !== "python3";
  const cells = ts
    ? ["let total = 0;\nfor (let i = 0; i < 200000; i++) total += Math.sin(i) ** 2;\ntotal", "const xs = Array.from({ length: 1000 }, (_, i) => i / 1000);\nxs.reduce((a, b) => a + b, 0)", 'console.log("derivative of x^2 at 3:", (9.000001 - 8.999999) / 0.000002)', "JSON.stringify({ ok: true })"]
    : ["total = 0\nimport math\nfor i in range(200000): total += math.sin(i) ** 2\ntotal", "xs = [i / 1000 for i in range(1000)]\nsum(xs)", 'print("derivative of x^2 at 3:", (9.000001 - 8.999999) / 0.000002)', "import json\njson.dumps({'ok': True})"];
  for (let i = 0; i < n; i++) {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: kernel, display_name: kernel, language: ts ? "typescript" : "python" } },
      cells: [{ cell_type: "markdown", id: `m${i}`, metadata: {}, source: `# Bench ${i}` }, ...cells.map((source, j) => ({ cell_type: "code", id: `c${i}-${j}`, metadata: {}, source, outputs: [], execution_count: null }))],
    };
    fs.writeFileSync(path.join(dir, `bench-${String(i).padStart(2, "0")}.ipynb`), JSON.stringify(nb));
  }
}

function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function check(what: string, r: ReturnType<typeof spawnSync>): void {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${String(r.stderr ?? "").trim().split("\n").slice(-5).join(" | ")}`);
}

export const benchmarks: Benchmark[] = [
  {
    name: "run-notebooks",
    unit: "s",
    run() {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-run-"));
      try {
        const own = path.join(ROOT, "notebooks");
        const real = fs.existsSync(own) && fs.readdirSync(own).some((f) => f.endsWith(".ipynb"));
        const kernel = kernelspecs().includes("gradlab") ? "gradlab" : "python3";
        const src = real ? own : path.join(tmp, "notebooks");
        if (!real) {
          fs.mkdirSync(src);
          generateNotebooks(src, kernel, 6);
        }
        const files = fs.readdirSync(src).filter((f) => f.endsWith(".ipynb")).sort();
        const env = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
        const nbconvert = seconds(() => {
          for (const f of files) {
            const r = spawnSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--output-dir", path.join(tmp, "nbconvert"), path.join(src, f)], { encoding: "utf8", env });
            check(`nbconvert ${f}`, r);
          }
        });
        // the built command, as users run it (npm run bench builds first); else the sources through tsx
        const built = fs.existsSync(path.join(ROOT, "dist", "kernel", "commands", "run.js"));
        const tsx = pathToFileURL(require.resolve("tsx", { paths: [ROOT] })).href;
        const script = `require(${JSON.stringify(path.join(ROOT, "kernel", "cli.ts"))}).main(process.argv.slice(1)).then((c) => process.exit(c));`;
        const command = built ? [path.join(ROOT, "bin", "gradlab.js")] : ["--import", tsx, "-e", script];
        const gradlab = (jobs: number) =>
          seconds(() => {
            const r = spawnSync(process.execPath, [...command, "run", src, "--out", path.join(tmp, `out-${jobs}`), "--jobs", String(jobs)], { encoding: "utf8", env, cwd: tmp });
            check(`gradlab run --jobs ${jobs}`, r);
          });
        const jobs1 = gradlab(1);
        const jobs2 = gradlab(2);
        return {
          gradlab: jobs2,
          reference: nbconvert,
          referenceName: "nbconvert --execute, sequential",
          higherIsBetter: false,
          extra: { notebooks: files.length, kernel, source: real ? "notebooks/" : "generated", command: built ? "bin/gradlab.js" : "tsx kernel/cli.ts", jobs1Seconds: jobs1, jobs2Seconds: jobs2, speedupJobs1: nbconvert / jobs1, speedupJobs2: nbconvert / jobs2, cores: os.availableParallelism() },
        };
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  },
];
