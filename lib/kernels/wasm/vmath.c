/*
 * exp and sigmoid on two doubles at a time, for large tensors (included by gemm.c).
 *
 * exp follows the method of fdlibm's e_exp.c, which V8's Math.exp also uses, step for step:
 * x = k·ln2 + r with k = trunc(x/ln2 ± 1/2) (0 and ±1 in fdlibm's first two ranges) and r = hi − lo (ln2 split in a high part whose
 * product with k is exact and a low part), then e^r = 1 − ((lo − r·c/(2 − c)) − hi) with
 * c = r − r²·P(r²), P the degree-5 minimax polynomial, then 2^k. The same operations in the
 * same order give the same doubles as Math.exp (test/kernels/vmath.test.ts checks it bit
 * for bit), so a large tensor's exp does not differ from a small one's. 2^k is applied as
 * two exact powers of two, so a subnormal result is rounded once, as fdlibm does.
 */

static const double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
static const double INV_LN2 = 1.44269504088896338700e+00;
static const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                    P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                    P5 = 4.13813679705723846039e-08;
static const double O_THRESHOLD = 7.09782712893383973096e+02, U_THRESHOLD = -7.45133219101941108420e+02;

/*
 * 2^n for integer-valued lanes n in [-1022, 1023], from the exponent bits. n + 1.5·2^52 is
 * exact and holds n in its low mantissa bits, so no float-to-int conversion is needed
 * (clang turns i32x4.trunc_sat_f64x2_zero into a slow per-lane sequence).
 */
static inline v128_t pow2(v128_t n) {
  const double magic = 6755399441055744.0; /* 1.5 · 2^52 */
  v128_t bits = wasm_f64x2_add(n, wasm_f64x2_splat(magic));
  v128_t i = wasm_i64x2_sub(bits, wasm_f64x2_splat(magic));
  return wasm_i64x2_shl(wasm_i64x2_add(i, wasm_i64x2_splat(1023)), 52);
}

static inline v128_t vexp(v128_t x) {
  v128_t half = wasm_v128_bitselect(wasm_f64x2_splat(-0.5), wasm_f64x2_splat(0.5), wasm_f64x2_lt(x, wasm_f64x2_splat(0)));
  v128_t k = wasm_f64x2_trunc(wasm_f64x2_add(wasm_f64x2_mul(x, wasm_f64x2_splat(INV_LN2)), half));
  /* fdlibm's ranges, decided on the high word of |x|: no reduction below 0x3fd62e43 (about
     ln2/2), k = ±1 below 0x3ff0a2b2 (about 1.5 ln2); the rounding above can differ there */
  v128_t a = wasm_f64x2_abs(x);
  v128_t one = wasm_v128_bitselect(wasm_f64x2_splat(-1.0), wasm_f64x2_splat(1.0), wasm_f64x2_lt(x, wasm_f64x2_splat(0)));
  k = wasm_v128_bitselect(one, k, wasm_f64x2_lt(a, wasm_f64x2_splat(0x1.0a2b2p+0)));
  k = wasm_v128_bitselect(wasm_f64x2_splat(0.0), k, wasm_f64x2_lt(a, wasm_f64x2_splat(0x1.62e43p-2)));
  /* outside (U_THRESHOLD, O_THRESHOLD) the lanes are replaced below; keep k in range meanwhile */
  k = wasm_f64x2_pmax(wasm_f64x2_pmin(k, wasm_f64x2_splat(1024)), wasm_f64x2_splat(-1075));
  v128_t hi = wasm_f64x2_sub(x, wasm_f64x2_mul(k, wasm_f64x2_splat(LN2_HI)));
  v128_t lo = wasm_f64x2_mul(k, wasm_f64x2_splat(LN2_LO));
  v128_t r = wasm_f64x2_sub(hi, lo);
  v128_t t = wasm_f64x2_mul(r, r);
  v128_t p = wasm_f64x2_add(wasm_f64x2_splat(P4), wasm_f64x2_mul(t, wasm_f64x2_splat(P5)));
  p = wasm_f64x2_add(wasm_f64x2_splat(P3), wasm_f64x2_mul(t, p));
  p = wasm_f64x2_add(wasm_f64x2_splat(P2), wasm_f64x2_mul(t, p));
  p = wasm_f64x2_add(wasm_f64x2_splat(P1), wasm_f64x2_mul(t, p));
  v128_t c = wasm_f64x2_sub(r, wasm_f64x2_mul(t, p));
  v128_t q = wasm_f64x2_div(wasm_f64x2_mul(r, c), wasm_f64x2_sub(wasm_f64x2_splat(2.0), c));
  v128_t y = wasm_f64x2_sub(wasm_f64x2_splat(1.0), wasm_f64x2_sub(wasm_f64x2_sub(lo, q), hi));
  /* 2^k = 2^k1 · 2^k2, both normal */
  v128_t k1 = wasm_f64x2_floor(wasm_f64x2_mul(k, wasm_f64x2_splat(0.5)));
  v128_t k2 = wasm_f64x2_sub(k, k1);
  y = wasm_f64x2_mul(wasm_f64x2_mul(y, pow2(k1)), pow2(k2));
  v128_t over = wasm_f64x2_gt(x, wasm_f64x2_splat(O_THRESHOLD));
  v128_t under = wasm_f64x2_lt(x, wasm_f64x2_splat(U_THRESHOLD));
  y = wasm_v128_bitselect(wasm_f64x2_splat(__builtin_inf()), y, over);
  y = wasm_v128_bitselect(wasm_f64x2_splat(0.0), y, under);
  /* |x| < 2^-28: 1 + x, as fdlibm */
  y = wasm_v128_bitselect(wasm_f64x2_add(wasm_f64x2_splat(1.0), x), y, wasm_f64x2_lt(wasm_f64x2_abs(x), wasm_f64x2_splat(0x1p-28)));
  /* NaN stays NaN */
  return wasm_v128_bitselect(x, y, wasm_f64x2_ne(x, x));
}

/* sigmoid(x) = 1/(1 + e) for x >= 0 and e/(1 + e) below, e = exp(-|x|): as the scalar row. */
static inline v128_t vsigmoid(v128_t x) {
  v128_t e = vexp(wasm_f64x2_neg(wasm_f64x2_abs(x)));
  v128_t d = wasm_f64x2_add(wasm_f64x2_splat(1.0), e);
  v128_t num = wasm_v128_bitselect(wasm_f64x2_splat(1.0), e, wasm_f64x2_ge(x, wasm_f64x2_splat(0)));
  return wasm_f64x2_div(num, d);
}

static void map_tile(int mode, const double *x, double *y, int n) {
  int i = 0;
  if (mode == MODE_EXP)
    for (; i + 1 < n; i += 2) wasm_v128_store(y + i, vexp(wasm_v128_load(x + i)));
  else
    for (; i + 1 < n; i += 2) wasm_v128_store(y + i, vsigmoid(wasm_v128_load(x + i)));
  if (i < n) {
    /* the odd last element, through a two-lane register */
    v128_t v = wasm_f64x2_splat(x[i]);
    y[i] = wasm_f64x2_extract_lane(mode == MODE_EXP ? vexp(v) : vsigmoid(v), 0);
  }
}
