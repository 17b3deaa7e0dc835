/**
 * Constructors of matrix expressions. Each checks shapes when the node is built, and
 * the error names the sub-expressions and their shapes:
 * `A (3×4) * B (3×4): inner dimensions 4 and 3 differ`.
 */
import { UnaryName, unaryOps } from "../ops/unary";
import { BinaryName, binaryOps } from "../ops/binary";
import { MatExpr, MatLike, StructOp, named } from "./expr";
import { Dim, MatShape, SCALAR, ShapeError, SymbolSpec, formatMatShape, isScalarShape, sameMatShape, toSpec, ShapeLike } from "./shape";

/** Names the parser reads as functions; a symbol cannot take one of them. */
export const FUNCTION_NAMES = new Set<string>([
  "tr", "det", "logdet", "inv", "adj", "sum", "diag", "norm1", "norm2", "softmax", "logsoftmax",
  "eye", "ones", "zeros", "vector", "matrix", "max", "min",
  ...Object.keys(unaryOps),
]);

export function lift(x: MatLike): MatExpr {
  if (x instanceof MatExpr) return x;
  if (typeof x !== "number" || Number.isNaN(x)) throw new TypeError(`matrix expression: expected an expression or a number, got ${String(x)}`);
  return num(x);
}

// ------------------------------------------------------------------ leaves

/**
 * A symbol: scalar, column vector or matrix, with optional properties.
 * @example
 * mat.symbol("S", { shape: [3, 3], symmetric: true });
 */
export function symbol(name: string, shape: ShapeLike): MatExpr {
  if (!/^[A-Za-z_][A-Za-z_0-9]*$/.test(name)) throw new SyntaxError(`symbol name '${name}' is not an identifier (letters, digits, _)`);
  if (FUNCTION_NAMES.has(name)) throw new SyntaxError(`symbol name '${name}' is a function of the notation; choose another name`);
  const spec: SymbolSpec = toSpec(name, shape);
  const props = { ...spec } as Record<string, unknown>;
  delete props.shape;
  if (spec.spd) {
    props.symmetric = true;
    props.invertible = true;
  }
  if ((spec.symmetric || spec.spd || spec.invertible) && spec.shape[0] !== spec.shape[1]) {
    throw new ShapeError(`${name} (${formatMatShape(spec.shape)}): only a square matrix can be symmetric or invertible`);
  }
  if (spec.probability && spec.shape[1] !== 1) throw new ShapeError(`${name} (${formatMatShape(spec.shape)}): a probability vector must be a column vector`);
  return new MatExpr("sym", [], spec.shape, name, 0, props);
}

/** A scalar constant. */
export function num(v: number): MatExpr {
  return new MatExpr("num", [], SCALAR, "", v);
}

function checkDim(d: Dim, what: string): Dim {
  if (typeof d === "number" && !(Number.isInteger(d) && d > 0)) throw new ShapeError(`${what}: dimension must be a positive integer (got ${d})`);
  return d;
}

/** The all-ones matrix (r×c), or vector (r×1). */
export function ones(r: Dim, c: Dim = 1): MatExpr {
  return new MatExpr("ones", [], [checkDim(r, "ones"), checkDim(c, "ones")]);
}

/** The zero matrix (r×c), or vector. */
export function zeros(r: Dim, c: Dim = 1): MatExpr {
  return new MatExpr("zeros", [], [checkDim(r, "zeros"), checkDim(c, "zeros")]);
}

/** The n×n identity. */
export function eye(n: Dim): MatExpr {
  return new MatExpr("eye", [], [checkDim(n, "eye"), n]);
}

/** A zero of the given shape (a number 0 for scalars). */
export function zeroLike(shape: MatShape): MatExpr {
  return isScalarShape(shape) ? num(0) : zeros(shape[0], shape[1]);
}

/** The differential dX of a symbol X (only inside derivations). */
export function differential(x: MatExpr): MatExpr {
  if (x.op !== "sym") throw new TypeError(`d(${x}): differentials are taken of symbols only`);
  return new MatExpr("diff", [x], x.shape);
}

// ------------------------------------------------------------------ sums and products

/** a + b + …; a scalar term adds to every entry of the others. */
export function add(...xs: MatLike[]): MatExpr {
  const terms: MatExpr[] = [];
  for (const x of xs.map(lift)) {
    if (x.op === "add") terms.push(...x.args);
    else terms.push(x);
  }
  if (terms.length === 0) return num(0);
  if (terms.length === 1) return terms[0];
  let shape: MatShape = SCALAR;
  let first: MatExpr | null = null;
  for (const t of terms) {
    if (t.isScalar) continue;
    if (!first) {
      first = t;
      shape = t.shape;
    } else if (!sameMatShape(t.shape, shape)) {
      throw new ShapeError(`${named(first)} + ${named(t)}: shapes differ`);
    }
  }
  return new MatExpr("add", terms, shape);
}

/** a − b. */
export function sub(a: MatLike, b: MatLike): MatExpr {
  const x = lift(a), y = lift(b);
  if (!x.isScalar && !y.isScalar && !sameMatShape(x.shape, y.shape)) throw new ShapeError(`${named(x)} - ${named(y)}: shapes differ`);
  return add(x, neg(y));
}

/** −a. */
export function neg(a: MatLike): MatExpr {
  const x = lift(a);
  if (x.op === "num") return num(x.value === 0 ? 0 : -x.value);
  return mul(num(-1), x);
}

/** Whether a product node's factors may be spliced into an enclosing product. */
function splices(x: MatExpr): boolean {
  return x.op === "mul" && (!x.isScalar || x.args.every((f) => f.isScalar));
}

/** Shape of a product chain; scalar factors scale. */
function chainShape(factors: readonly MatExpr[]): MatShape {
  let shape: MatShape | null = null;
  let left: MatExpr[] = [];
  for (const f of factors) {
    if (f.isScalar) continue;
    if (shape === null) shape = f.shape;
    else {
      if (shape[1] !== f.shape[0]) {
        const lhs = left.length === 1 ? left[0] : new MatExpr("mul", left, shape);
        throw new ShapeError(`${named(lhs)} * ${named(f)}: inner dimensions ${shape[1]} and ${f.shape[0]} differ`);
      }
      shape = [shape[0], f.shape[1]];
    }
    left = [...left, f];
  }
  return shape ?? SCALAR;
}

/**
 * The notation's `*`: a matrix product, or scaling when a factor is a scalar.
 * @example
 * mat.mul(A, x);  // A*x
 */
export function mul(...xs: MatLike[]): MatExpr {
  const factors: MatExpr[] = [];
  for (const x of xs.map(lift)) {
    if (splices(x)) factors.push(...x.args);
    else factors.push(x);
  }
  if (factors.length === 0) return num(1);
  if (factors.length === 1) return factors[0];
  return new MatExpr("mul", factors, chainShape(factors));
}

/** u vᵀ. */
export function outer(u: MatLike, v: MatLike): MatExpr {
  const a = lift(u), b = lift(v);
  if (a.cols !== 1 || b.cols !== 1) throw new ShapeError(`outer(${named(a)}, ${named(b)}): expects two column vectors`);
  return mul(a, transpose(b));
}

const OPSYM: Partial<Record<BinaryName, string>> = { mul: ".*", div: "./", pow: ".^", gt: ">", ge: ">=", lt: "<", le: "<=", eq: "==", ne: "!=", maximum: "max", minimum: "min" };

/** An elementwise row of the op table applied to one expression. */
export function unary(fn: UnaryName, x: MatLike): MatExpr {
  const a = lift(x);
  if (!(fn in unaryOps)) throw new TypeError(`unknown elementwise function '${fn}'`);
  if (fn === "neg") return neg(a);
  return new MatExpr("unary", [a], a.shape, fn);
}

/** An elementwise binary row of the op table (a scalar operand broadcasts). */
export function binary(fn: BinaryName, x: MatLike, y: MatLike): MatExpr {
  const a = lift(x), b = lift(y);
  if (!(fn in binaryOps)) throw new TypeError(`unknown elementwise operation '${fn}'`);
  if (fn === "add") return add(a, b);
  if (fn === "sub") return sub(a, b);
  if (fn === "mul" && (a.isScalar || b.isScalar)) return mul(a, b);
  if (fn === "div" && b.isScalar) return mul(a, power(b, -1));
  if (!a.isScalar && !b.isScalar && !sameMatShape(a.shape, b.shape)) {
    throw new ShapeError(`${named(a)} ${OPSYM[fn] ?? fn} ${named(b)}: shapes differ (elementwise operations need equal shapes, or a scalar)`);
  }
  return new MatExpr("binary", [a, b], a.isScalar ? b.shape : a.shape, fn);
}

/** Hadamard product A ⊙ B (`.*`). */
export function hadamard(a: MatLike, b: MatLike): MatExpr {
  return binary("mul", a, b);
}

/** Elementwise division (`./`, or `/` by a scalar). */
export function div(a: MatLike, b: MatLike): MatExpr {
  return binary("div", a, b);
}

/** The scalar power a^p (`^`); both must be scalars. */
export function power(a: MatLike, p: MatLike): MatExpr {
  const x = lift(a), y = lift(p);
  if (!x.isScalar) throw new ShapeError(`${named(x)} ^ ${y}: ^ is the scalar power; for the elementwise power write (${x}) .^ ${y}`);
  if (!y.isScalar) throw new ShapeError(`${x} ^ ${named(y)}: the exponent of ^ must be a scalar`);
  return new MatExpr("binary", [x, y], SCALAR, "pow");
}

// ------------------------------------------------------------------ structural functions

function square(op: string, x: MatExpr): void {
  if (x.rows !== x.cols) throw new ShapeError(`${op}(${brief2(x)}): ${named(x)} is not square`);
}

function brief2(x: MatExpr): string {
  const t = x.toString();
  return t.length > 40 ? "…" : t;
}

function struct(op: StructOp, x: MatExpr, shape: MatShape): MatExpr {
  return new MatExpr(op, [x], shape);
}

/** Xᵀ. */
export function transpose(x: MatLike): MatExpr {
  const a = lift(x);
  return struct("transpose", a, [a.cols, a.rows]);
}

/** X⁻¹ (X square). */
export function inv(x: MatLike): MatExpr {
  const a = lift(x);
  square("inv", a);
  return struct("inv", a, a.shape);
}

/** det X (X square). */
export function det(x: MatLike): MatExpr {
  const a = lift(x);
  square("det", a);
  return struct("det", a, SCALAR);
}

/** log |det X| (X square and invertible). */
export function logdet(x: MatLike): MatExpr {
  const a = lift(x);
  square("logdet", a);
  return struct("logdet", a, SCALAR);
}

/** The adjugate adj X = det(X) X⁻¹ (also defined for singular X). */
export function adj(x: MatLike): MatExpr {
  const a = lift(x);
  square("adj", a);
  return struct("adj", a, a.shape);
}

/** tr X (X square). */
export function tr(x: MatLike): MatExpr {
  const a = lift(x);
  square("tr", a);
  return struct("tr", a, SCALAR);
}

/** Sum of all entries. */
export function sum(x: MatLike): MatExpr {
  return struct("sum", lift(x), SCALAR);
}

/** The diagonal matrix of a column vector. */
export function diag(x: MatLike): MatExpr {
  const a = lift(x);
  if (a.cols !== 1) throw new ShapeError(`diag(${brief2(a)}): expects a column vector, got ${named(a)}`);
  return struct("diag", a, [a.rows, a.rows]);
}

/** Entrywise 1-norm Σ|xᵢⱼ|. */
export function norm1(x: MatLike): MatExpr {
  return struct("norm1", lift(x), SCALAR);
}

/** Euclidean norm of a vector, Frobenius norm of a matrix. */
export function norm2(x: MatLike): MatExpr {
  return struct("norm2", lift(x), SCALAR);
}

function vectorOnly(op: string, a: MatExpr): void {
  if (a.cols !== 1) throw new ShapeError(`${op}(${brief2(a)}): expects a column vector, got ${named(a)}`);
}

/** softmax(a) = exp(a) / sum(exp(a)) of a column vector. */
export function softmax(x: MatLike): MatExpr {
  const a = lift(x);
  vectorOnly("softmax", a);
  return struct("softmax", a, a.shape);
}

/** log softmax(a) = a − log(sum(exp(a))) of a column vector. */
export function logSoftmax(x: MatLike): MatExpr {
  const a = lift(x);
  vectorOnly("logsoftmax", a);
  return struct("logsoftmax", a, a.shape);
}

const STRUCT_BUILDERS: Record<StructOp, (x: MatExpr) => MatExpr> = {
  transpose, inv, det, logdet, adj, tr, sum, diag, norm1, norm2, softmax, logsoftmax: logSoftmax,
};

/** The same node with new arguments (shapes are checked again). */
export function rebuild(e: MatExpr, args: readonly MatExpr[]): MatExpr {
  switch (e.op) {
    case "sym": case "num": case "ones": case "eye": case "zeros": return e;
    case "diff": return differential(args[0]);
    case "add": return add(...args);
    case "mul": return mul(...args);
    case "unary": return unary(e.name as UnaryName, args[0]);
    case "binary":
      if (e.name === "pow" && e.isScalar && args[0].isScalar && args[1].isScalar) return power(args[0], args[1]);
      return binary(e.name as BinaryName, args[0], args[1]);
    default: return STRUCT_BUILDERS[e.op](args[0]);
  }
}

/** A structural function by name (used by the parser). */
export function structural(op: StructOp, x: MatExpr): MatExpr {
  return STRUCT_BUILDERS[op](x);
}
