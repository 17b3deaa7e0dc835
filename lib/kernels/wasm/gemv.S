/*
 * The two matrix-vector loops of gemm.c, written in WebAssembly text by hand so that
 * every load addresses a pointer plus a constant offset (a `v128.load offset=16`). V8
 * folds such offsets into the x64 load; clang 19 emits an address add for each load
 * instead (it folds an offset only where it can prove the add does not wrap), so its
 * loops ran about 2.7–3.2 instructions per multiply-add, these 1.6–1.8 (perf stat here).
 * The arithmetic is the C kernels' own, in the same order, so results do not change:
 * one two-lane accumulator per row (rows form), or y += a0·x0 + a1·x1 + a2·x2 + a3·x3
 * per two elements of y (columns form). With RELAXED each step is f64x2.relaxed_madd,
 * otherwise a multiply then an add, as MADD in gemm.c.
 *
 * Assembled by clang (the C preprocessor runs first) with gemm.c into one module:
 * see scripts/build-wasm.sh.
 */
#include "asm.h"
#ifdef RELAXED
/* s = a·x + s, with a loaded from P+OFF and x in local XV */
#define MADD_LOAD(P, OFF, XV, S) \
  local.get P; v128.load OFF:p2align=3; local.get XV; local.get S; f64x2.relaxed_madd; local.set S
#else
#define MADD_LOAD(P, OFF, XV, S) \
  local.get P; v128.load OFF:p2align=3; local.get XV; f64x2.mul; local.get S; f64x2.add; local.set S
#endif
#define BUMP(P, N) local.get P; i32.const N; i32.add; local.set P
/*
 * Reading ahead. Each turn also loads, and drops, two cache lines of the next group's rows
 * (pointer PF, 128 bytes a turn: over a group's turns that covers the next group's four
 * rows when they are contiguous), so they are in cache when that group starts. WebAssembly
 * has no prefetch instruction, and the hardware prefetcher does not run ahead of four
 * short streams that restart every group and stop at each 4 KB page: a 10,000 × 100
 * product on one thread went from 0.78–1.0 ms to 0.43–0.59 ms with these loads.
 * In bounds: the lines touched lie within the next group's rows (each row is at least
 * 16·pairs bytes), or within the current group's when none follows.
 */
#define TOUCH_AHEAD(PF) \
  local.get PF; v128.load 0:p2align=3; drop; local.get PF; v128.load 64:p2align=3; drop; BUMP(PF, 128)
/* PF = BASE + 4·STRIDE (the next group) while more than one group is left in N, else BASE */
#define AHEAD_POINTER(BASE, STRIDE, N, PF) \
  local.get BASE; local.set PF; local.get N; i32.const 1; i32.gt_u; \
  if; local.get BASE; local.get STRIDE; i32.const 2; i32.shl; i32.add; local.set PF; end_if
/* P0..P3 = BASE, BASE + STRIDE, BASE + 2·STRIDE, BASE + 3·STRIDE */
#define FOUR_POINTERS(BASE, STRIDE, P0, P1, P2, P3) \
  local.get BASE; local.tee P0; local.get STRIDE; i32.add; local.tee P1; local.get STRIDE; i32.add; local.tee P2; \
  local.get STRIDE; i32.add; local.set P3
/* Once per group of four rows (columns) counted down in local N, BASE moving on by 4·STRIDE each time */
#define EACH_GROUP(N) block; local.get N; i32.eqz; br_if 0; loop
#define NEXT_GROUP(N, BASE, STRIDE) \
  local.get BASE; local.get STRIDE; i32.const 2; i32.shl; i32.add; local.set BASE; \
  local.get N; i32.const 1; i32.sub; local.tee N; br_if 0; end_loop; end_block
/*
 * Over the pairs counted in local K: BODY(0); BODY(16); BUMPS(32) while two are left (ten
 * loads and eight multiply-adds a turn for the rows form; more and V8 spills), then BODY(0)
 * for an odd last one.
 */
#define BY_TWO_PAIRS(K, BODY, BUMPS) \
  block; local.get K; i32.const 2; i32.lt_u; br_if 0; \
  loop; BODY(0); BODY(16); BUMPS(32); \
  local.get K; i32.const 2; i32.sub; local.tee K; i32.const 2; i32.ge_u; br_if 0; \
  end_loop; end_block; \
  block; local.get K; i32.eqz; br_if 0; BODY(0); end_block

	.text

/*
 * gemv_rows4(A, rs, x, y, groups, pairs): for each of `groups` groups of four rows of A
 * (rows rs bytes apart, the first at A), y[r] = Σ over `pairs` column pairs of A[r, ·]·x,
 * as one f64x2 accumulator per row whose two lanes are added at the end.
 * Locals: 6 k, 7 xp, 8–11 row pointers, 12–15 accumulators, 16 x pair, 17 read-ahead pointer.
 */
	FUNCTION(gemv_rows4)
	.functype gemv_rows4 (i32, i32, i32, i32, i32, i32) -> ()
	.local i32, i32, i32, i32, i32, i32, v128, v128, v128, v128, v128, i32
#define ROWS_STEP(OFF) \
	local.get 7; v128.load OFF:p2align=3; local.set 16; \
	MADD_LOAD(8, OFF, 16, 12); MADD_LOAD(9, OFF, 16, 13); MADD_LOAD(10, OFF, 16, 14); MADD_LOAD(11, OFF, 16, 15)
#define ROWS_BUMP(N) TOUCH_AHEAD(17); BUMP(7, N); BUMP(8, N); BUMP(9, N); BUMP(10, N); BUMP(11, N)
#define ROWS_STORE(S, OFF) \
	local.get 3; local.get S; f64x2.extract_lane 0; local.get S; f64x2.extract_lane 1; f64.add; f64.store OFF:p2align=3
	EACH_GROUP(4)
	  FOUR_POINTERS(0, 1, 8, 9, 10, 11)
	  AHEAD_POINTER(0, 1, 4, 17)
	  local.get 2; local.set 7
	  v128.const 0, 0, 0, 0; local.tee 12; local.tee 13; local.tee 14; local.set 15
	  local.get 5; local.set 6
	  BY_TWO_PAIRS(6, ROWS_STEP, ROWS_BUMP)
	  ROWS_STORE(12, 0)
	  ROWS_STORE(13, 8)
	  ROWS_STORE(14, 16)
	  ROWS_STORE(15, 24)
	  BUMP(3, 32)
	NEXT_GROUP(4, 0, 1)
	end_function

/*
 * gemv_cols4(A, cs, x, incx, y, groups, pairs): for each of `groups` groups of four
 * columns of A (columns cs bytes apart, the first at A; x[p] incx bytes apart),
 * y[i] += A[i, p]·x[p] + A[i, p+1]·x[p+1] + A[i, p+2]·x[p+2] + A[i, p+3]·x[p+3] for the
 * first 2·pairs elements of y, two at a time.
 * Locals: 7 k, 8 yp, 9–12 column pointers, 13–16 x splats, 17 accumulator, 18 read-ahead pointer.
 */
	FUNCTION(gemv_cols4)
	.functype gemv_cols4 (i32, i32, i32, i32, i32, i32, i32) -> ()
	.local i32, i32, i32, i32, i32, i32, v128, v128, v128, v128, v128, i32
#define COLS_PAIR(OFF) \
	local.get 8; v128.load OFF:p2align=3; local.set 17; \
	MADD_LOAD(9, OFF, 13, 17); MADD_LOAD(10, OFF, 14, 17); MADD_LOAD(11, OFF, 15, 17); MADD_LOAD(12, OFF, 16, 17); \
	local.get 8; local.get 17; v128.store OFF:p2align=3
#define COLS_BUMP(N) TOUCH_AHEAD(18); BUMP(8, N); BUMP(9, N); BUMP(10, N); BUMP(11, N); BUMP(12, N)
	EACH_GROUP(5)
	  FOUR_POINTERS(0, 1, 9, 10, 11, 12)
	  AHEAD_POINTER(0, 1, 5, 18)
	  local.get 2; v128.load64_splat 0:p2align=3; local.set 13
	  local.get 2; local.get 3; i32.add; local.tee 2; v128.load64_splat 0:p2align=3; local.set 14
	  local.get 2; local.get 3; i32.add; local.tee 2; v128.load64_splat 0:p2align=3; local.set 15
	  local.get 2; local.get 3; i32.add; local.tee 2; v128.load64_splat 0:p2align=3; local.set 16
	  local.get 2; local.get 3; i32.add; local.set 2
	  local.get 4; local.set 8
	  local.get 6; local.set 7
	  BY_TWO_PAIRS(7, COLS_PAIR, COLS_BUMP)
	NEXT_GROUP(5, 0, 1)
	end_function
