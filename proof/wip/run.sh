#!/bin/bash
# usage: FCTS=a,b run.sh ROOT [extra args]
root=$1; shift
cd "$root"
ulimit -s unlimited
FCTS=${FCTS:-arena_allocate,arena_allocate_0,arena_allocate_aligned,arena_allocate_aligned_0,arena_allocate_fallback,arena_allocate_aligned_fallback,fallback,new_block,reserve_block_entry,emit,one,proof_client}
frama-c -c11 -machdep gcc_x86_64 -cpp-extra-args="-I$root" \
  -warn-unsigned-overflow -warn-unsigned-downcast -rte-no-pointer-call \
  arena/arena.c proof/client.c \
  -wp -wp-rte -wp-model Typed+cast -wp-split \
  -wp-fct $FCTS \
  -wp-par 2 "$@"
