/**
 * Shapes of matrix expressions. Everything is two-dimensional: a scalar is 1×1, a
 * column vector n×1, a row vector 1×n (a transposed column). A dimension is a number
 * or a name (`"n"`), so `X: m×n` works before sizes are known.
 */
import { ShapeError } from "../tensor/shape";

export { ShapeError };

/** One dimension: a size, or a symbolic name such as "n". */
export type Dim = number | string;
/** [rows, cols]. */
export type MatShape = readonly [Dim, Dim];

export const SCALAR: MatShape = [1, 1];

/** Two dimensions are equal when they are the same number or the same name. */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

export function sameMatShape(a: MatShape, b: MatShape): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function isScalarShape(s: MatShape): boolean {
  return s[0] === 1 && s[1] === 1;
}

/** "3×4", "n×n", "scalar", "vector of 5" style, as the error messages print it. */
export function formatMatShape(s: MatShape): string {
  return `${s[0]}×${s[1]}`;
}

/** Parse "3x4", "3×4", "n x n", "5" (a column vector), "1" or "" or "scalar" (a scalar). */
export function parseShapeText(text: string, what = "shape"): MatShape {
  const t = text.trim();
  if (t === "" || t === "1" || t === "scalar") return SCALAR;
  const parts = t.split(/\s*[x×*]\s*/);
  if (parts.length > 2 || parts.some((p) => !/^(\d+|[A-Za-z_][A-Za-z_0-9]*)$/.test(p))) {
    throw new ShapeError(`${what}: cannot read '${text}' as a shape; write 3x4 (matrix), 5 (column vector), n x n (symbolic) or 1 (scalar)`);
  }
  const dims = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (const d of dims) if (d === 0) throw new ShapeError(`${what}: dimensions must be positive (got '${text}')`);
  return dims.length === 1 ? [dims[0], 1] : [dims[0], dims[1]];
}

/** Properties a symbol can carry; they drive simplification and random sampling. */
export interface SymbolProps {
  /** Xᵀ = X. */
  symmetric?: boolean;
  /** X⁻¹ exists (determinant rule |X| tr(X⁻¹dX) instead of the adjugate form). */
  invertible?: boolean;
  /** Symmetric positive definite (implies symmetric and invertible). */
  spd?: boolean;
  /** Entries are positive (sampled in [0.5, 2]). */
  positive?: boolean;
  /** A probability vector: entries ≥ 0 summing to 1, so sum(y) = 1 (e.g. a one-hot label). */
  probability?: boolean;
}

/** Shape and properties of one symbol, as given to the parser or `symbols`. */
export interface SymbolSpec extends SymbolProps {
  shape: MatShape;
}

/** A number → column vector of that length; [m, n] → matrix; [] or 1 → scalar. */
export type ShapeLike = Dim | readonly Dim[] | SymbolSpec | string;

const PROP_NAMES: Record<string, keyof SymbolProps> = {
  sym: "symmetric", symmetric: "symmetric", inv: "invertible", invertible: "invertible",
  spd: "spd", pos: "positive", positive: "positive", prob: "probability", probability: "probability", onehot: "probability",
};

/** Normalise any accepted shape description to a SymbolSpec. */
export function toSpec(name: string, s: ShapeLike): SymbolSpec {
  if (typeof s === "number") return { shape: s === 1 ? SCALAR : [s, 1] };
  if (typeof s === "string") return parseSpecText(name, s);
  if (Array.isArray(s)) {
    const a = s as readonly Dim[];
    if (a.length === 0) return { shape: SCALAR };
    if (a.length === 1) return { shape: [a[0], 1] };
    if (a.length === 2) return { shape: [a[0], a[1]] };
    throw new ShapeError(`${name}: matrix expressions have at most 2 dimensions (got [${a.join(", ")}])`);
  }
  return s as SymbolSpec;
}

/** "3x3:sym:inv" → shape and properties. */
function parseSpecText(name: string, text: string): SymbolSpec {
  const [dims, ...props] = text.split(":");
  const spec: SymbolSpec = { shape: parseShapeText(dims, name) };
  for (const p of props) {
    const key = PROP_NAMES[p.trim().toLowerCase()];
    if (!key) throw new ShapeError(`${name}: unknown property '${p}' (known: ${Object.keys(PROP_NAMES).join(", ")})`);
    spec[key] = true;
  }
  return spec;
}

/**
 * Read a shapes list such as "A:3x4,X:4x5,b:5,t:1,S:3x3:sym" into specs by name.
 * Entries are separated by commas or semicolons.
 */
export function parseShapes(text: string): Record<string, SymbolSpec> {
  const out: Record<string, SymbolSpec> = {};
  for (const entry of text.split(/[,;]/)) {
    const e = entry.trim();
    if (!e) continue;
    const at = e.indexOf(":");
    const name = (at < 0 ? e : e.slice(0, at)).trim();
    if (!/^[A-Za-z_][A-Za-z_0-9]*$/.test(name)) throw new ShapeError(`shapes: '${e}' does not start with a symbol name (write e.g. A:3x4)`);
    out[name] = parseSpecText(name, at < 0 ? "" : e.slice(at + 1));
  }
  return out;
}
