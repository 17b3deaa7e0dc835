/**
 * Baseline code from a function's first call.
 *
 * V8 runs a new function in its interpreter (Ignition) and compiles it to baseline machine
 * code (Sparkplug) only once it has spent a budget of calls and loop turns there, and to
 * optimised code (TurboFan) later still. A training loop's first tens of iterations
 * therefore run gradlab's tensor code interpreted: in logistic regression on 10,000 × 100,
 * the first 20 iterations after five warm-up steps took 650–760 µs each against 490–500
 * with `--always-sparkplug`, which compiles every function to baseline code on its first
 * call (200 iterations: 111 → 108 ms, medians of 16 interleaved runs; with the flag on
 * node's command line 117.5 → 109 ms over 20). Sparkplug compiles straight from bytecode,
 * without optimising, so this costs little time; the price is baseline code for functions
 * that run only once.
 *
 * The flag is process-wide and applies to functions compiled after it is set, which is why
 * this module is the first gradlab loads. GRADLAB_EAGER_BASELINE=0 leaves V8's default.
 */
import * as v8 from "v8";

/** Whether gradlab turned on baseline compilation at first call (false: V8's default, or a V8 without the flag). */
export const eagerBaseline: boolean = (() => {
  if (process.env.GRADLAB_EAGER_BASELINE === "0") return false;
  // setFlagsFromString does not throw on a flag it does not know, it prints a complaint, so
  // only engines known to have it are asked (V8 10 on; Node 20, the oldest gradlab runs on, has V8 11.3)
  const major = Number(/^(\d+)\./.exec(process.versions.v8 ?? "")?.[1]);
  if (!(major >= 10)) return false;
  v8.setFlagsFromString("--always-sparkplug");
  return true;
})();
