/*
 * Shared by the hand-written WebAssembly text files (gemv.S, micro.S): the directives
 * that open a function of the module, hidden from other modules and exported by name in
 * gemm.c's `extern` declarations.
 */
#define FUNCTION(NAME) \
  .section .text.NAME,"",@; .hidden NAME; .globl NAME; .type NAME,@function; NAME:
