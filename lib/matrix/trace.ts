/**
 * The trace method: rewrite a scalar differential df (linear in dX) into tr(Gᵀ dX) with
 * the trace tricks, then read off ∂f/∂X = G. The rewrite works term by term on
 * c · tr(body); each round applies one trick to every unfinished term and is recorded as
 * a step:
 *   a = tr(a) for a scalar;  tr(A + B) = tr A + tr B;  tr(sA) = s tr(A);
 *   tr(AB) = tr(BA) (cyclic);  tr(Aᵀ) = tr(A);  tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀC).
 */
import { MatExpr, hasDiff, brief } from "./expr";
import * as B from "./build";
import type { Step } from "./steps";

interface Term {
  /** Scalar factors outside the trace (constant in dX). */
  coef: MatExpr[];
  /** The trace's argument, linear in dX. */
  body: MatExpr;
  /** Set once the term is tr(R dX): the R. */
  done?: MatExpr;
}

const RULES = {
  wrap: "a scalar is its own trace: a = tr(a)",
  trtr: "tr(tr(A)) = tr(A)",
  sum: "sum(A) = tr(1ᵀA) with 1 the all-ones matrix",
  split: "linearity: tr(A + B) = tr(A) + tr(B)",
  scalars: "scalars move out: tr(sA) = s·tr(A)",
  scalarDX: "the scalar containing dX moves out: tr(A·s) = s·tr(A)",
  cyclic: "cyclic property: tr(ABC) = tr(CAB)",
  transpose: "transpose: tr(A Bᵀ) = tr(B Aᵀ)",
  hadamard: "Hadamard: tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀ C)",
  distribute: "distribute: tr(R(A + B)) = tr(RA) + tr(RB)",
  diag: "tr(R diag(v)) = ((R ⊙ I)1)ᵀ v",
};

/** Internal error: df has a form the rewrite does not know (a bug, not the user's). */
function stuck(what: MatExpr): never {
  throw new Error(`trace method: cannot move dX out of ${brief(what)}; please report this expression`);
}

/** Xᵀ, cancelling a double transpose (no other rewriting, so the steps stay faithful). */
function tt(e: MatExpr): MatExpr {
  if (e.op === "transpose") return e.args[0];
  if (e.isScalar) return e;
  if (e.op === "ones" || e.op === "zeros" || e.op === "eye") return e.op === "ones" ? B.ones(e.cols, e.rows) : e.op === "zeros" ? B.zeros(e.cols, e.rows) : e;
  return B.transpose(e);
}

function chainOf(e: MatExpr): MatExpr[] {
  return e.op === "mul" ? [...e.args] : [e];
}

/** Broadcast scalar terms of a matrix-shaped sum are s·1. */
function termsOf(sum: MatExpr): MatExpr[] {
  return sum.args.map((t) => (t.isScalar && !sum.isScalar ? B.mul(t, B.ones(sum.rows, sum.cols)) : t));
}

/** One rewrite of one term: the rule used and the new terms, or null when done. */
function rewrite(t: Term, x: MatExpr): { rule: string; out: Term[] } | null {
  const { coef, body } = t;
  const again = (b: MatExpr, extra: MatExpr[] = []): Term => ({ coef: [...coef, ...extra], body: b });
  if (body.op === "tr") return { rule: RULES.trtr, out: [again(body.args[0])] };
  if (body.op === "sum") {
    const m = body.args[0];
    return { rule: RULES.sum, out: [again(B.mul(B.ones(m.cols, m.rows), m))] };
  }
  if (body.op === "add") return { rule: RULES.split, out: termsOf(body).map((b) => again(b)) };
  if (body.op === "diff") {
    t.done = x.isScalar ? B.num(1) : B.eye(x.rows);
    return null;
  }
  let chain = chainOf(body);
  const consts = chain.filter((f) => f.isScalar && !hasDiff(f));
  if (consts.length) {
    const rest = chain.filter((f) => !consts.includes(f));
    return { rule: RULES.scalars, out: [again(rest.length ? B.mul(...rest) : B.num(1), consts)] };
  }
  const at = chain.findIndex(hasDiff);
  if (at < 0) stuck(body);
  const s = chain[at];
  if (s.isScalar && chain.length > 1) {
    const rest = chain.filter((_, i) => i !== at);
    return { rule: RULES.scalarDX, out: [again(s, [B.tr(B.mul(...rest))])] };
  }
  if (at !== chain.length - 1) {
    chain = [...chain.slice(at + 1), ...chain.slice(0, at + 1)];
    return { rule: RULES.cyclic, out: [again(B.mul(...chain))] };
  }
  const L = chain[chain.length - 1];
  const R = chain.slice(0, -1);
  const Rm = () => (R.length ? B.mul(...R) : B.eye(L.rows));
  switch (L.op) {
    case "diff":
      t.done = R.length ? B.mul(...R) : x.isScalar ? B.num(1) : B.eye(x.rows);
      return null;
    case "transpose": {
      const m = L.args[0];
      return { rule: RULES.transpose, out: [again(R.length ? B.mul(m, tt(B.mul(...R))) : m)] };
    }
    case "binary": {
      if (L.name !== "mul" && L.name !== "div") stuck(L);
      const [p, q] = L.args;
      let S: MatExpr, M: MatExpr;
      if (L.name === "div") {
        if (hasDiff(q)) stuck(L);
        [S, M] = [B.div(1, q), p];
      } else [S, M] = hasDiff(p) ? [q, p] : [p, q];
      if (hasDiff(S)) stuck(L);
      return { rule: RULES.hadamard, out: [again(B.mul(tt(B.hadamard(tt(Rm()), S)), M))] };
    }
    case "add":
      return { rule: RULES.distribute, out: termsOf(L).map((b) => again(R.length ? B.mul(...R, b) : b)) };
    case "diag": {
      const n = L.rows;
      return { rule: RULES.diag, out: [again(B.mul(B.transpose(B.mul(B.hadamard(Rm(), B.eye(n)), B.ones(n))), L.args[0]))] };
    }
    default:
      stuck(L);
  }
}

/** Already in trace form: tr(M), or numbers times tr(M). */
function isTraceForm(b: MatExpr): boolean {
  if (b.op === "tr") return true;
  return b.op === "mul" && b.args.filter((f) => f.op !== "num").length === 1 && b.args.some((f) => f.op === "tr");
}

function show(terms: readonly Term[], x: MatExpr): MatExpr {
  const trace = (b: MatExpr) => (isTraceForm(b) ? b : B.tr(b));
  return B.add(...terms.map((t) => B.mul(...t.coef, trace(t.done ? B.mul(t.done, B.differential(x)) : t.body))));
}

export interface TraceResult {
  /** Σ coef · Rᵀ, unsimplified. */
  G: MatExpr;
  /** The rewrite rounds (after df), for the derivation. */
  steps: Step[];
}

/**
 * Rewrite df (scalar, linear in dX) into tr(Gᵀ dX) and return G (unsimplified) with
 * the steps. `record` false skips the steps.
 */
export function traceMethod(df: MatExpr, x: MatExpr, record = true): TraceResult {
  if (!df.isScalar) throw new Error(`trace method: df must be a scalar (got ${df.describe()})`);
  // a sum of scalars is a sum of traces, term by term
  let terms: Term[] = (df.op === "add" ? df.args : [df]).map((b) => ({ coef: [], body: b }));
  const steps: Step[] = [];
  let last = df.key;
  const cont = (expr: MatExpr, rule: string) => {
    if (expr.key === last) return;
    last = expr.key;
    steps.push({ lhs: "", lhsLatex: "", expr, rule });
  };
  if (record && !terms.every((t) => isTraceForm(t.body))) cont(show(terms, x), RULES.wrap);
  for (let round = 0; round < 200; round++) {
    const used: string[] = [];
    let changed = false;
    const next: Term[] = [];
    for (const t of terms) {
      if (t.done) {
        next.push(t);
        continue;
      }
      const r = rewrite(t, x);
      if (!r) {
        next.push(t);
        continue;
      }
      changed = true;
      if (!used.includes(r.rule)) used.push(r.rule);
      next.push(...r.out);
    }
    terms = next;
    if (!changed) break;
    // bookkeeping rounds (tr(tr A), moving scalars out) are folded into the next shown step
    if (record && used.some((u) => u !== RULES.trtr)) cont(show(terms, x), used.join("; "));
  }
  if (terms.some((t) => !t.done)) throw new Error(`trace method: did not finish on ${brief(df)}`);
  const parts = terms.map((t) => B.mul(...t.coef, tt(t.done!)));
  return { G: parts.length === 1 ? parts[0] : B.add(...parts), steps };
}
