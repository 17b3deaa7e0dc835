/** Adaptive Simpson quadrature (for definite integrals left unevaluated, and for checks). */

/**
 * ∫_a^b f to about `tol` (absolute + relative); NaN when the integrand is not finite on
 * the sample points or the recursion does not settle (a divergent or singular integral).
 */
export function quad(f: (x: number) => number, a: number, b: number, tol = 1e-10): number {
  if (a === b) return 0;
  if (a > b) return -quad(f, b, a, tol);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return NaN;
  const fa = f(a);
  const fb = f(b);
  const m = (a + b) / 2;
  const fm = f(m);
  let ok = true;
  let evals = 0;
  const simpson = (l: number, r: number, fl: number, fmid: number, fr: number) => ((r - l) / 6) * (fl + 4 * fmid + fr);
  const rec = (l: number, r: number, fl: number, fmid: number, fr: number, whole: number, eps: number, depth: number): number => {
    const mid = (l + r) / 2;
    const lm = (l + mid) / 2;
    const rm = (mid + r) / 2;
    const flm = f(lm);
    const frm = f(rm);
    evals += 2;
    if (!Number.isFinite(flm) || !Number.isFinite(frm)) {
      ok = false;
      return NaN;
    }
    const left = simpson(l, mid, fl, flm, fmid);
    const right = simpson(mid, r, fmid, frm, fr);
    const delta = left + right - whole;
    if (depth <= 0 || evals > 2e5) {
      if (Math.abs(delta) > 1e3 * eps) ok = false;
      return left + right + delta / 15;
    }
    if (Math.abs(delta) <= 15 * eps) return left + right + delta / 15;
    return rec(l, mid, fl, flm, fmid, left, eps / 2, depth - 1) + rec(mid, r, fmid, frm, fr, right, eps / 2, depth - 1);
  };
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || !Number.isFinite(fm)) return NaN;
  const whole = simpson(a, b, fa, fm, fb);
  const v = rec(a, b, fa, fm, fb, whole, Math.max(tol, tol * Math.abs(whole)), 40);
  return ok ? v : NaN;
}
