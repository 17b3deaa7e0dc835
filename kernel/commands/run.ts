/** `gradlab run`: execute notebooks headlessly through a Jupyter server. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Command } from "../cli";
import { checkParamName, inferParam, ParamValue } from "../run/params";
import { failureReport, ProgressPrinter, summaryTable } from "../run/progress";
import { RunnerOptions, runNotebooks, RunUsageError } from "../run/runner";
import { ServerError } from "../run/server";

const USAGE = `gradlab run [paths...] [options]

Executes notebooks (files, or folders searched recursively) cell by cell through a Jupyter
server and writes executed copies with outputs, errors and per-cell timing.

Options:
  --out DIR             folder for executed copies (default: out/); the sources are not touched
  --inplace             replace each source notebook, atomically, when its run passes
                        (a failing notebook's copy still goes to --out)
  --timeout S           seconds a cell may run; then the kernel is interrupted, the notebook
                        fails and the next one starts (default: no limit)
  --jobs N              notebooks run in parallel (default: number of cores, ${os.availableParallelism()})
  --kernel NAME         kernel to use (default: the notebook's kernelspec, else gradlab)
  --allow-errors        keep running after a cell error; the notebook still passes
  -p NAME VALUE         a parameter, injected after the cell tagged 'parameters' (papermill's
                        convention); numbers, true/false and null are typed, the rest are strings
  --report FILE.json    also write the run's report (statuses, failing cells, tracebacks) as JSON
  --server-url URL      use this Jupyter server instead of starting one
  --token T             its token (default: $JUPYTER_TOKEN)
  --startup-timeout S   seconds a kernel may take to start (default: 60)

Without --server-url, gradlab starts its own Jupyter server on 127.0.0.1 (a free port, a
random token) and always stops it afterwards, also on Ctrl-C.
Exit code: 0 when every notebook passed, 1 when one did not, 2 for a usage or server error,
130 when stopped with Ctrl-C.`;

/** Parsed command line of `gradlab run`. */
export interface RunArgs {
  paths: string[];
  options: RunnerOptions;
  reportFile?: string;
}

function number(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n < min) throw new Error(`${flag} needs a number >= ${min}, got ${v === undefined ? "nothing" : `'${v}'`}`);
  return n;
}

/** Parse `gradlab run` arguments; throws an Error naming the bad option. */
export function parseRunArgs(args: string[]): RunArgs {
  const paths: string[] = [];
  const params: Record<string, ParamValue> = {};
  const options: RunnerOptions = { jobs: os.availableParallelism(), params };
  let reportFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      if (eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--out": options.outDir = value(); break;
      case "--inplace": options.inplace = true; break;
      case "--timeout": options.timeout = number(flag, value(), 0); break;
      case "--jobs": options.jobs = Math.floor(number(flag, value(), 1)); break;
      case "--kernel": options.kernel = value(); break;
      case "--allow-errors": options.allowErrors = true; break;
      case "--report": reportFile = value(); break;
      case "--server-url": options.serverUrl = value(); break;
      case "--token": options.token = value(); break;
      case "--startup-timeout": options.startupTimeout = number(flag, value(), 1); break;
      case "-p":
      case "--parameter": {
        const name = args[++i];
        const v = args[++i];
        if (name === undefined || v === undefined) throw new Error(`${flag} needs a name and a value, e.g. -p steps 100`);
        checkParamName(name);
        params[name] = inferParam(v);
        break;
      }
      default:
        if (a.startsWith("-") && a !== "-") throw new Error(`unknown option '${a}'; see 'gradlab help run'`);
        paths.push(a);
    }
  }
  if (options.token !== undefined && !options.serverUrl) throw new Error("--token is only used with --server-url");
  if (options.serverUrl && options.token === undefined) options.token = process.env.JUPYTER_TOKEN ?? "";
  return { paths, options, reportFile };
}

export const command: Command = {
  summary: "execute notebooks headlessly through a Jupyter server",
  usage: USAGE,
  async run(args) {
    let parsed: RunArgs;
    try {
      parsed = parseRunArgs(args);
    } catch (e) {
      process.stderr.write(`gradlab run: ${(e as Error).message}\n`);
      return 2;
    }
    if (parsed.paths.length === 0) {
      process.stderr.write("gradlab run: no notebooks given; pass files or folders, e.g. gradlab run notebooks/\n");
      return 2;
    }
    const stop = new AbortController();
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      if (++signals > 1) {
        process.stderr.write(`gradlab run: ${sig} again: stopping now\n`);
        process.exit(130); // the server's process group is killed by its 'exit' hook
      }
      process.stderr.write(`\ngradlab run: ${sig}: interrupting the running cells and shutting the server down (press Ctrl-C again to force)\n`);
      stop.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
    let printer: ProgressPrinter | null = null;
    try {
      const { expandNotebookPaths } = await import("../run/files");
      const count = expandNotebookPaths(parsed.paths, [path.resolve(parsed.options.outDir ?? "out")]).length;
      if (count === 0) {
        process.stderr.write(`gradlab run: no .ipynb files found in ${parsed.paths.join(", ")}\n`);
        return 2;
      }
      printer = new ProgressPrinter(process.stderr, count);
      const p = printer;
      const report = await runNotebooks(parsed.paths, { ...parsed.options, signal: stop.signal, onProgress: (e) => p.handle(e) });
      printer.stop();
      process.stdout.write("\n" + summaryTable(report));
      const failures = failureReport(report);
      if (failures) process.stdout.write("\n" + failures);
      if (parsed.reportFile) {
        fs.mkdirSync(path.dirname(path.resolve(parsed.reportFile)), { recursive: true });
        fs.writeFileSync(parsed.reportFile, JSON.stringify(report, null, 2) + "\n");
        process.stdout.write(`report written to ${parsed.reportFile}\n`);
      }
      if (stop.signal.aborted) return 130;
      return report.ok ? 0 : 1;
    } catch (e) {
      printer?.stop();
      if (e instanceof ServerError || e instanceof RunUsageError) {
        process.stderr.write(`gradlab run: ${e.message}\n`);
        return stop.signal.aborted ? 130 : 2;
      }
      throw e;
    } finally {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      process.removeListener("SIGHUP", onSignal);
    }
  },
};
