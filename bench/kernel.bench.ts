/**
 * Kernel latency, measured with jupyter_client (Debian's /usr/bin/python3) like any Jupyter
 * front end: start to the first cell's result, and the median of 20 trivial cells after
 * warm-up. The reference is plain tslab (the same pinned tslab, `tslab kernel`) in the same
 * run and in the same notebook folder, one that has @types/node, so both compile cells
 * against the same typings. Each kernel starts three times; the medians are reported.
 * (Plain tslab in a folder without @types/node starts faster only because it then has no
 * Node typings at all: `console` does not even type-check. That figure goes in `extra`.)
 * gradlab starts from its startup snapshot, which install-kernel builds (README, "Start-up");
 * one start without it (GRADLAB_NO_SNAPSHOT=1) goes in `extra` too.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Benchmark, python } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const RUNS = 3;

interface Latency {
  first_cell_s: number;
  /** CPU time of the kernel process until the first result (load disturbs it much less). */
  first_cell_cpu_s: number;
  cell_median_ms: number;
  cell_p90_ms: number;
  cell_cpu_ms: number;
  import_cell_ms?: number;
  /** Trivial cells once `gradlab` is imported (its typings are then part of every compile). */
  imported_cell_median_ms?: number;
  imported_cell_cpu_ms?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let measured: Promise<Record<string, Latency[]>> | undefined;

function measure(): Promise<Record<string, Latency[]>> {
  measured ??= (async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bench-kernel-"));
    try {
      const install = spawnSync(process.execPath, [path.join(ROOT, "bin", "gradlab.js"), "install-kernel", "--prefix", tmp, "--quiet"], { encoding: "utf8" });
      if (install.status !== 0) throw new Error(`install-kernel failed: ${install.stderr} (run npm run build first)`);
      const kernels = path.join(tmp, "share", "jupyter", "kernels");
      fs.mkdirSync(path.join(kernels, "tslab-plain"), { recursive: true });
      const tslabBin = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
      fs.writeFileSync(
        path.join(kernels, "tslab-plain", "kernel.json"),
        JSON.stringify({ argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript (plain tslab)", language: "typescript" }),
      );
      // the notebook folder: @types/node available to both kernels
      const typed = path.join(tmp, "typed");
      fs.mkdirSync(path.join(typed, "node_modules", "@types"), { recursive: true });
      fs.symlinkSync(path.dirname(require.resolve("@types/node/package.json")), path.join(typed, "node_modules", "@types", "node"));
      const bare = path.join(tmp, "bare");
      fs.mkdirSync(bare);
      const env = { JUPYTER_PATH: path.join(tmp, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
      const out: Record<string, Latency[]> = { gradlab: [], tslab: [], tslabBare: [], gradlabNoSnapshot: [] };
      const one = (name: string, cwd: string, imp?: string, extraEnv: Record<string, string> = {}) => {
        const r = python<Latency>("kernel_latency.py", [name, "20", cwd, ...(imp ? [imp] : [])], { ...env, ...extraEnv });
        if (!r) throw new Error(`kernel ${name} could not be measured (see the message above)`);
        return r;
      };
      for (let i = 0; i < RUNS; i++) {
        // interleaved, so that load changes hit both kernels alike
        out.gradlab.push(one("gradlab", typed, `import { tensor } from "gradlab"; tensor([1, 2]).sum().item()`));
        out.tslab.push(one("tslab-plain", typed));
      }
      out.tslabBare.push(one("tslab-plain", bare));
      out.gradlabNoSnapshot.push(one("gradlab", typed, undefined, { GRADLAB_NO_SNAPSHOT: "1" }));
      return out;
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  })();
  return measured;
}

const pick = (rs: Latency[], key: keyof Latency) => median(rs.map((r) => Number(r[key] ?? NaN)));

export const benchmarks: Benchmark[] = [
  {
    name: "kernel-first-cell",
    unit: "s",
    async run() {
      const m = await measure();
      return {
        gradlab: pick(m.gradlab, "first_cell_s"),
        reference: pick(m.tslab, "first_cell_s"),
        referenceName: "plain tslab 1.0.22",
        higherIsBetter: false,
        extra: {
          runs: { gradlab: m.gradlab.map((r) => r.first_cell_s), tslab: m.tslab.map((r) => r.first_cell_s) },
          kernelCpuS: { gradlab: pick(m.gradlab, "first_cell_cpu_s"), tslab: pick(m.tslab, "first_cell_cpu_s") },
          gradlabFirstImportCellMs: pick(m.gradlab, "import_cell_ms"),
          tslabWithoutNodeTypesS: m.tslabBare[0].first_cell_s,
          gradlabWithoutSnapshotS: m.gradlabNoSnapshot[0].first_cell_s,
        },
      };
    },
  },
  {
    name: "kernel-cell",
    unit: "ms",
    async run() {
      const m = await measure();
      return {
        gradlab: pick(m.gradlab, "cell_median_ms"),
        reference: pick(m.tslab, "cell_median_ms"),
        referenceName: "plain tslab 1.0.22",
        higherIsBetter: false,
        extra: {
          p90: { gradlab: pick(m.gradlab, "cell_p90_ms"), tslab: pick(m.tslab, "cell_p90_ms") },
          kernelCpuMsPerCell: { gradlab: pick(m.gradlab, "cell_cpu_ms"), tslab: pick(m.tslab, "cell_cpu_ms") },
          withGradlabImported: { medianMs: pick(m.gradlab, "imported_cell_median_ms"), cpuMs: pick(m.gradlab, "imported_cell_cpu_ms") },
          tslabWithoutNodeTypesMs: m.tslabBare[0].cell_median_ms,
        },
      };
    },
  },
];
