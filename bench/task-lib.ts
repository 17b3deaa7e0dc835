/**
 * What gradlab's side of a benchmark task (nn-tasks.ts, matmul-task.ts) shares: the built
 * package and a median. Task files run as plain JavaScript in a fresh process (harness.ts
 * `runTask` transpiles a task and the files it imports with "./"), so this file, like them,
 * imports only Node's own modules at run time.
 */
import * as path from "path";
import type * as G from "../lib/index";

/** The middle value (the upper of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The built package, as users load it (GRADLAB_ROOT: the checkout, set by the benchmark). */
export function lib(): typeof G {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(path.join(process.env.GRADLAB_ROOT ?? path.join(__dirname, ".."), "dist", "lib", "index"));
}
