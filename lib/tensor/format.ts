/**
 * PyTorch-style text for tensors: the same number formatting rules as torch's
 * _tensor_str (fixed 4 decimals, "1." when all values are integers, scientific when the
 * range is wide), line width 80 and summarisation beyond 1000 elements.
 */
import type { Tensor } from "./tensor";

const LINE_WIDTH = 80;
const THRESHOLD = 1000;
const EDGE = 3;
const PRECISION = 4;

/** Python's '{:.4e}': two-digit exponent. */
function sci(v: number, digits: number): string {
  const s = v.toExponential(digits);
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

function special(v: number): string | null {
  if (v !== v) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return null;
}

/** Chooses one format for all elements, as torch's _Formatter. */
export class Formatter {
  private mode: "int" | "fixed" | "sci" | "intsci" | "plain" | "bool";
  width = 1;

  constructor(values: ArrayLike<number>, kind: "float" | "int" | "bool") {
    if (kind !== "float") {
      this.mode = kind === "bool" ? "bool" : "plain";
      for (let i = 0; i < values.length; i++) this.width = Math.max(this.width, this.raw(values[i]).length);
      return;
    }
    // as torch: the mode and the width come from the nonzero finite values only
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    this.mode = "int";
    if (finite.length === 0) return;
    const abs = finite.map(Math.abs);
    const max = Math.max(...abs);
    const min = Math.min(...abs);
    const allInt = finite.every((v) => Math.ceil(v) === v);
    if (allInt) this.mode = max / min > 1000 || max > 1e8 ? "intsci" : "int";
    else this.mode = max / min > 1000 || max > 1e8 || min < 1e-4 ? "sci" : "fixed";
    for (const v of finite) this.width = Math.max(this.width, this.raw(v).length);
  }

  private raw(v: number): string {
    switch (this.mode) {
      case "bool": return v ? "True" : "False";
      case "plain": return String(v);
      default: {
        const s = special(v);
        if (s) return s;
        if (this.mode === "int") return `${v.toFixed(0)}.`;
        if (this.mode === "fixed") return v.toFixed(PRECISION);
        return sci(v, PRECISION);
      }
    }
  }

  format(v: number): string {
    return this.raw(v).padStart(this.width);
  }

  /** A single value without padding (0-d tensors). */
  formatScalar(v: number): string {
    return this.raw(v);
  }
}

type Item = number | "...";

/** Row-major values and an accessor for nested slices, with summarisation. */
function nested(t: Tensor, summarize: boolean): { values: number[]; str: (indent: number, f: Formatter) => string } {
  const data = t.values();
  const shape = t.shape;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const pick = (n: number): Item[] => {
    if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
    return [...[0, 1, 2], "...", ...[n - 3, n - 2, n - 1]];
  };
  const values: number[] = [];
  const collect = (dim: number, off: number) => {
    if (dim === shape.length) {
      values.push(data[off]);
      return;
    }
    for (const i of pick(shape[dim])) if (i !== "...") collect(dim + 1, off + i * strides[dim]);
  };
  collect(0, 0);
  const str = (indent0: number, f: Formatter): string => {
    const rec = (dim: number, off: number, indent: number): string => {
      if (dim === shape.length - 1) {
        const elemLen = f.width + 2;
        const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / elemLen));
        const items = pick(shape[dim]).map((i) => (i === "..." ? " ..." : f.format(data[off + i * strides[dim]])));
        const lines: string[] = [];
        for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
        return `[${lines.join(",\n" + " ".repeat(indent + 1))}]`;
      }
      const rest = shape.length - dim;
      const parts = pick(shape[dim]).map((i) => (i === "..." ? "..." : rec(dim + 1, off + i * strides[dim], indent + 1)));
      return `[${parts.join("," + "\n".repeat(rest - 1) + " ".repeat(indent + 1))}]`;
    };
    return rec(0, 0, indent0);
  };
  return { values, str };
}

function kindOf(t: Tensor): "float" | "int" | "bool" {
  return t.dtype === "bool" ? "bool" : t.dtype === "int32" ? "int" : "float";
}

/** The body of `tensor(...)` without suffixes, e.g. `[[1., 2.], [3., 4.]]`. */
export function formatValues(t: Tensor, indent = 7): string {
  if (t.ndim === 0) {
    const v = t.values()[0];
    return new Formatter([v], kindOf(t)).formatScalar(v);
  }
  if (t.numel() === 0) return "[]";
  const { values, str } = nested(t, t.numel() > THRESHOLD);
  return str(indent, new Formatter(values, kindOf(t)));
}

/** The full text, e.g. `tensor([1., 2.], requiresGrad=true)`. */
export function formatTensor(t: Tensor): string {
  const suffix: string[] = [];
  if (t.numel() === 0 && t.ndim !== 1) suffix.push(`size=[${t.shape.join(", ")}]`);
  if (t.dtype === "float32" || t.dtype === "int32") suffix.push(`dtype=${t.dtype}`);
  if (t.gradFn) suffix.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffix.push("requiresGrad=true");
  return `tensor(${formatValues(t)}${suffix.length ? ", " + suffix.join(", ") : ""})`;
}
