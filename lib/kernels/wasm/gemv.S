/*
 * The two matrix-vector loops of gemm.c, written in WebAssembly text by hand. Both read
 * the matrix packed in row quads (pack_quads in gemm.c): for each group of four rows
 * and each pair of columns, the four rows' two doubles, 64 bytes, one after another. A
 * loop then reads one sequential stream through one pointer, and every load is that
 * pointer plus a constant offset (a `v128.load offset=16`), which V8 folds into the x64
 * load. Read in place, four rows meant four streams and five pointers to bump (about
 * 40 x64 instructions a turn of sixteen multiply-adds against 27–30 here, and a stream
 * per row that the hardware prefetcher followed worse).
 *
 * quad_rows: y[r] = Σ over column pairs of A[r, ·]·x, as two f64x2 accumulators per row,
 * the even pairs' and the odd pairs', added at the end, then their two lanes: the
 * latency of one chain of fused multiply-adds per row (4 cycles a step) was the limit
 * with one accumulator (perf stat: 8.5 → 6.5 cycles a turn on data in L1).
 * quad_cols: y += x[r]·A[r, ·] for four rows at a time, y[j] += a0·x0 + a1·x1 + a2·x2 + a3·x3
 * in that order for each pair of y.
 * With RELAXED each step is f64x2.relaxed_madd, otherwise a multiply then an add, as
 * MADD in gemm.c.
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
/* END = P + PAIRS·64, the end of a group's quads */
#define GROUP_END(P, PAIRS, END) local.get P; local.get PAIRS; i32.const 6; i32.shl; i32.add; local.set END

	.text

/*
 * quad_rows(P, x, y, groups, pairs): for each of `groups` row quads at P (pairs·64 bytes
 * each), y[0:4] = the four rows · x[0 : 2·pairs], then y moves on by four.
 * Locals: 5 end of the group, 6 x pointer, 7–10 even-pair accumulators, 11 x pair,
 * 12–15 odd-pair accumulators.
 */
	FUNCTION(quad_rows)
	.functype quad_rows (i32, i32, i32, i32, i32) -> ()
	.local i32, i32, v128, v128, v128, v128, v128, v128, v128, v128, v128
/* one column pair of the four rows, x at XOFF from the x pointer, into accumulators S0–S3 */
#define ROWS_PAIR(XOFF, S0, S1, S2, S3) \
	local.get 6; v128.load XOFF:p2align=3; local.set 11; \
	MADD_LOAD(0, 0, 11, S0); MADD_LOAD(0, 16, 11, S1); MADD_LOAD(0, 32, 11, S2); MADD_LOAD(0, 48, 11, S3)
/* y[OFF/8] = the lanes of even + odd */
#define ROWS_STORE(E, O, OFF) \
	local.get 2; local.get E; local.get O; f64x2.add; local.tee E; f64x2.extract_lane 0; \
	local.get E; f64x2.extract_lane 1; f64.add; f64.store OFF:p2align=3
	block
	local.get 3
	i32.eqz
	br_if 0
	loop
	  v128.const 0, 0, 0, 0; local.tee 7; local.tee 8; local.tee 9; local.tee 10; local.tee 12; local.tee 13; local.tee 14; local.set 15
	  local.get 1; local.set 6
	  GROUP_END(0, 4, 5)
	  block
	  local.get 0; local.get 5; i32.eq; br_if 0
	  loop
	    /* an even pair, then the exit test: it also keeps V8 from hoisting the odd pair's loads above
	       the even pair's multiply-adds (ten loads and eight accumulators spilled) */
	    ROWS_PAIR(0, 7, 8, 9, 10)
	    BUMP(0, 64)
	    local.get 0; local.get 5; i32.eq; br_if 1
	    ROWS_PAIR(16, 12, 13, 14, 15)
	    BUMP(0, 64)
	    BUMP(6, 32)
	    local.get 0; local.get 5; i32.ne; br_if 0
	  end_loop
	  end_block
	  ROWS_STORE(7, 12, 0)
	  ROWS_STORE(8, 13, 8)
	  ROWS_STORE(9, 14, 16)
	  ROWS_STORE(10, 15, 24)
	  BUMP(2, 32)
	  local.get 3; i32.const 1; i32.sub; local.tee 3; br_if 0
	end_loop
	end_block
	end_function

/*
 * quad_cols(P, x, y, groups, pairs): for each of `groups` row quads at P, with x[0:4] the
 * quad's weights (x moving on by four), y[0 : 2·pairs] += Σ_r x[r]·row r.
 * Locals: 5 end of the group, 6 y pointer, 7–10 x splats, 11 accumulator.
 */
	FUNCTION(quad_cols)
	.functype quad_cols (i32, i32, i32, i32, i32) -> ()
	.local i32, i32, v128, v128, v128, v128, v128
/* one pair of y (at YOFF from the y pointer) and its four rows at OFF0–OFF3 */
#define COLS_PAIR(O0, O1, O2, O3, YOFF) \
	local.get 6; v128.load YOFF:p2align=3; local.set 11; \
	MADD_LOAD(0, O0, 7, 11); MADD_LOAD(0, O1, 8, 11); MADD_LOAD(0, O2, 9, 11); MADD_LOAD(0, O3, 10, 11); \
	local.get 6; local.get 11; v128.store YOFF:p2align=3
	block
	local.get 3
	i32.eqz
	br_if 0
	loop
	  local.get 1; v128.load64_splat 0:p2align=3; local.set 7
	  local.get 1; v128.load64_splat 8:p2align=3; local.set 8
	  local.get 1; v128.load64_splat 16:p2align=3; local.set 9
	  local.get 1; v128.load64_splat 24:p2align=3; local.set 10
	  BUMP(1, 32)
	  local.get 2; local.set 6
	  /* two pairs a turn while two are left, then an odd last one */
	  local.get 0; local.get 4; i32.const -2; i32.and; i32.const 6; i32.shl; i32.add; local.set 5
	  block
	  local.get 0; local.get 5; i32.eq; br_if 0
	  loop
	    COLS_PAIR(0, 16, 32, 48, 0)
	    COLS_PAIR(64, 80, 96, 112, 16)
	    BUMP(0, 128)
	    BUMP(6, 32)
	    local.get 0; local.get 5; i32.ne; br_if 0
	  end_loop
	  end_block
	  block
	  local.get 4; i32.const 1; i32.and; i32.eqz; br_if 0
	  COLS_PAIR(0, 16, 32, 48, 0)
	  BUMP(0, 64)
	  end_block
	  local.get 3; i32.const 1; i32.sub; local.tee 3; br_if 0
	end_loop
	end_block
	end_function
