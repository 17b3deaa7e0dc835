/**
 * gradcheck, as torch.autograd.gradcheck: the Jacobians that backward() computes (one
 * reverse pass per output element, through the engine) against central differences in
 * float64, for every output and every differentiable input; optionally forward mode too.
 */
import { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { formatShape, numel } from "../tensor/shape";
import { grad as engineGrad } from "./engine";
import { enableGrad, noGrad } from "./mode";
import { dualLevel, makeDual, maybeTangentOf } from "./levels";
import { centralDifferences, basis } from "./numeric";
import { fmtErr, fmtNum, fmtTol, htmlTable, passHtml, textTable, escapeHtml } from "./report";

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6, as PyTorch). */
  eps?: number;
  /** Absolute tolerance (default 1e-5, as PyTorch). */
  atol?: number;
  /** Relative tolerance (default 1e-3, as PyTorch). */
  rtol?: number;
  /** Throw a GradcheckError when a check fails (default false: read `report.ok`). */
  raiseException?: boolean;
  /** Also check forward mode (a Jacobian-vector product per input element), as PyTorch's check_forward_ad. */
  checkForwardAd?: boolean;
  /** Which inputs to check (default: every float input). */
  argnums?: readonly number[];
}

/** One Jacobian block: output `output` with respect to input `input`, by one mode. */
export interface GradcheckEntry {
  readonly output: number;
  readonly input: number;
  readonly mode: "reverse" | "forward";
  /** Shape of the block: [...output shape, ...input shape]. */
  readonly shape: readonly number[];
  readonly maxAbsError: number;
  /** max |analytical − numerical| / |numerical| over the entries where numerical ≠ 0. */
  readonly maxRelError: number;
  /** The entry furthest outside the tolerance (row = output element, column = input element). */
  readonly worst: { row: number; col: number; analytical: number; numerical: number } | null;
  readonly ok: boolean;
}

/**
 * Thrown by gradcheck with `raiseException: true` when a Jacobian block does not match; `report` has the details.
 * @example
 * try { gradcheck((x: Tensor) => x.mul(x.detach()), [tensor([1, 2])], { raiseException: true }); } catch (e) { (e as GradcheckError).report.ok; } // false
 */
export class GradcheckError extends Error {
  constructor(message: string, readonly report: GradcheckReport) {
    super(message);
    this.name = "GradcheckError";
  }
}

/**
 * What gradcheck found: `ok`, and the error of each Jacobian block. Displays as a table.
 * @example
 * const r = gradcheck((x: Tensor) => x.exp(), [tensor([0.1, 0.2])]);
 * r.entries[0].maxAbsError < 1e-8; // true
 */
export class GradcheckReport {
  constructor(
    readonly ok: boolean,
    readonly entries: readonly GradcheckEntry[],
    readonly options: Required<Pick<GradcheckOptions, "eps" | "atol" | "rtol">>,
    /** Warnings, e.g. float32 inputs. */
    readonly notes: readonly string[],
  ) {}

  /** The first failure in words, or "" when everything passed. */
  failure(): string {
    const e = this.entries.find((x) => !x.ok);
    if (!e) return "";
    const w = e.worst!;
    return (
      `gradcheck: Jacobian mismatch for output ${e.output} with respect to input ${e.input} (${e.mode} mode): ` +
      `numerical ${fmtNum(w.numerical, 8)} but analytical ${fmtNum(w.analytical, 8)} at row ${w.row} (output element), column ${w.col} (input element); ` +
      `max |Δ| = ${fmtErr(e.maxAbsError)}, allowed atol + rtol·|numerical| with ${this.settings()}`
    );
  }

  private rows(): string[][] {
    return this.entries.map((e) => [
      String(e.output), String(e.input), e.mode, formatShape(e.shape), fmtErr(e.maxAbsError), fmtErr(e.maxRelError),
      e.worst ? `[${e.worst.row}, ${e.worst.col}]: ${fmtNum(e.worst.analytical, 6)} vs ${fmtNum(e.worst.numerical, 6)}` : "",
    ]);
  }

  private settings(): string {
    return `eps ${fmtTol(this.options.eps)}, atol ${fmtTol(this.options.atol)}, rtol ${fmtTol(this.options.rtol)}`;
  }

  private static HEAD = ["output", "input", "mode", "Jacobian", "max |Δ|", "max rel", "worst: analytical vs numerical"];

  toString(): string {
    const head = `gradcheck ${this.ok ? "passed" : "FAILED"} (${this.settings()})`;
    const rows = this.rows().map((r, i) => [...r, this.entries[i].ok ? "pass" : "FAIL"]);
    return [head, textTable([...GradcheckReport.HEAD, ""], rows), ...this.notes.map((n) => `note: ${n}`)].join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const title = `<div style="font-family:sans-serif;margin:2px 0"><b>gradcheck</b> ${passHtml(this.ok, this.ok ? "passed" : "FAILED").html} ` +
      `<span style="color:#666">(${escapeHtml(this.settings())})</span></div>`;
    const table = htmlTable([...GradcheckReport.HEAD, ""], this.rows().map((r, i) => [...r, passHtml(this.entries[i].ok)]));
    const notes = this.notes.map((n) => `<div style="color:#92400e">note: ${escapeHtml(n)}</div>`).join("");
    return { "text/html": title + table + notes, "text/plain": this.toString() };
  }
}

function outputsOf(r: unknown, where: string): Tensor[] {
  const list = Array.isArray(r) ? r : [r];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: f must return a Tensor or an array of Tensors; ${where} output ${i} is ${typeof t}`);
  });
  return list as Tensor[];
}

/**
 * Check f's gradients as torch.autograd.gradcheck does: for every output and every float
 * input, the Jacobian from reverse mode (one backward pass per output element, exactly
 * what `backward` computes) against central differences (f(x + eps) − f(x − eps)) / 2eps,
 * passing where |analytical − numerical| ≤ atol + rtol·|numerical|. Returns a report
 * (shown as a table in a notebook); with `raiseException: true` a failure throws.
 * @example
 * const report = gradcheck((x: Tensor) => x.sin().mul(x), [tensor([0.5, 1, 2])]);
 * report.ok; // true
 * gradcheck((a: Tensor, b: Tensor) => a.matmul(b), [randn([2, 3]), randn([3])], { raiseException: true });
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  const xs: Tensor[] = Array.isArray(inputs) ? [...(inputs as readonly Tensor[])] : [inputs as Tensor];
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`gradcheck: input ${i} is ${typeof x}, not a Tensor`);
  });
  const opts = { eps: options.eps ?? 1e-6, atol: options.atol ?? 1e-5, rtol: options.rtol ?? 1e-3 };
  const nums = options.argnums ? [...options.argnums] : xs.flatMap((x, i) => (isFloat(x.dtype) ? [i] : []));
  for (const k of nums) {
    if (!xs[k] || !isFloat(xs[k].dtype)) throw new TypeError(`gradcheck: input ${k} ${xs[k] ? `has dtype ${xs[k].dtype}` : "does not exist"}; only float inputs can be checked`);
  }
  const notes = nums.filter((k) => xs[k].dtype !== "float64").map((k) => `input ${k} is ${xs[k].dtype}: finite differences need float64 to be accurate (convert with .double()), so this check may fail from rounding alone`);

  const base = outputsOf(noGrad(() => f(...xs)), "the");
  const outs = base.map((y, o) => ({ o, m: y.numel(), shape: y.shape })).filter((_, o) => isFloat(base[o].dtype));
  const entries: GradcheckEntry[] = [];

  // numerical: one column per input element
  const numerical = new Map<string, Float64Array>();
  const floats = (...args: Tensor[]) => outputsOf(f(...args), "a perturbed").filter((_, o) => isFloat(base[o].dtype));
  for (const k of nums) centralDifferences(floats, xs, k, opts.eps, 2).forEach((J, c) => numerical.set(`${outs[c].o},${k}`, J));

  // reverse mode: one backward pass per output element, through the engine
  const leaves = xs.map((x, i) => (nums.includes(i) ? x.detach().requiresGrad_() : x));
  const ys = outputsOf(enableGrad(() => f(...leaves)), "the");
  const wrt = nums.map((k) => leaves[k]);
  for (const { o, m, shape } of outs) {
    const rows = nums.map((k) => new Float64Array(m * xs[k].numel()));
    if (ys[o].requiresGrad) {
      for (let i = 0; i < m; i++) {
        const gs = engineGrad([ys[o]], wrt, { gradOutputs: [basis(ys[o].shape, i, ys[o])], retainGraph: true, allowUnused: true });
        gs.forEach((g, c) => rows[c].set(g.toFloat64Array(), i * xs[nums[c]].numel()));
      }
    }
    nums.forEach((k, c) => entries.push(compare(o, k, "reverse", [...shape, ...xs[k].shape], rows[c], numerical.get(`${o},${k}`)!, xs[k].numel(), opts)));
  }

  // forward mode: one Jacobian-vector product per input element, with dual tensors
  if (options.checkForwardAd) {
    for (const k of nums) {
      const n = xs[k].numel();
      const cols = outs.map(({ m }) => new Float64Array(m * n));
      for (let j = 0; j < n; j++) {
        dualLevel((level) => {
          const args = xs.slice();
          args[k] = makeDual(xs[k], basis(xs[k].shape, j, xs[k]), level);
          const yt = outputsOf(f(...args), "the");
          outs.forEach(({ o, m }, c) => {
            const t = maybeTangentOf(yt[o], level);
            if (t) {
              const v = t.toFloat64Array();
              for (let i = 0; i < m; i++) cols[c][i * n + j] = v[i];
            }
          });
        });
      }
      outs.forEach(({ o, shape }, c) => entries.push(compare(o, k, "forward", [...shape, ...xs[k].shape], cols[c], numerical.get(`${o},${k}`)!, n, opts)));
    }
  }
  entries.sort((a, b) => a.output - b.output || a.input - b.input || (a.mode === b.mode ? 0 : a.mode === "reverse" ? -1 : 1));

  const report = new GradcheckReport(entries.every((e) => e.ok), entries, opts, notes);
  if (!report.ok && options.raiseException) throw new GradcheckError(report.failure(), report);
  return report;
}

function compare(
  output: number, input: number, mode: "reverse" | "forward", shape: readonly number[],
  a: Float64Array, n: Float64Array, cols: number, opts: { atol: number; rtol: number },
): GradcheckEntry {
  let maxAbs = 0, maxRel = 0, worstRatio = -1, worst: GradcheckEntry["worst"] = null, ok = true;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - n[i]);
    const allowed = opts.atol + opts.rtol * Math.abs(n[i]);
    const bad = !(d <= allowed);
    if (bad) ok = false;
    if (!(d <= maxAbs)) maxAbs = d;
    if (n[i] !== 0 && !(d / Math.abs(n[i]) <= maxRel)) maxRel = d / Math.abs(n[i]);
    const ratio = bad && Number.isNaN(d) ? Infinity : d / allowed;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { row: Math.floor(i / cols), col: i % cols, analytical: a[i], numerical: n[i] };
    }
  }
  return { output, input, mode, shape, maxAbsError: maxAbs, maxRelError: maxRel, worst: numel(shape) ? worst : null, ok };
}
