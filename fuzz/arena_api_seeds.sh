#!/usr/bin/env bash
# arena_api_seeds: writes the named seeds of arena_api_fuzzer (binary, format in
# fuzz/arena_api_fuzzer.c) into DIR: every option kind, allocator and event case.
#   fuzz/arena_api_seeds.sh corpus/arena_api_fuzzer
set -euo pipefail
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "arena_api_seeds: usage: fuzz/arena_api_seeds.sh EXISTING_DIR" >&2
  exit 2
fi
dir=$1

# seed NAME HEX...: the bytes, in hex pairs (spaces ignored).
seed() {
  local name=$1 hex
  shift
  hex=$(printf '%s' "$*" | tr -d ' ')
  printf '%s' "$hex" | xxd -r -p >"$dir/$name"
}

# Byte 0: how (0 options, 1 NULL, 2 arena_create) | allocator << 2 (0 none,
# 1 faulty, 2 misaligning, 3 lying) | hook << 4 | struct fails << 5 |
# callbacks << 6 (2 allocate only, 3 free only). Byte 1: block size (index
# 0 default, 1 32, 2 40, 5 4096, 6 4104, 8 2^30, 9-15 invalid; 40 LL HH raw
# 16-bit; 80 + 8 bytes raw). Byte 2: misalign mask (bit k % 8: the k-th
# allocator call, struct and chunks included). Byte 3: misalign offset
# (1-7; 00 cycles k % 7 + 1).
# Ops: 00-1f allocate class, 60-7f aligned class, c0 fail-next,
# e0 destroy(NULL), f0 reset. Classes: 01 1, 0b b, 0e remaining,
# 0f remaining+1, 10 2^24, 11 2^24+1, 12 PTRDIFF_MAX, 13 PTRDIFF_MAX+1,
# 14 SIZE_MAX, 15 usage room, 16 room+1, 17 room-1, 1c 1025, 00 zero.
all_paths="01 01 1c 0b 61 6e 0f 13 00 60 14 74 12 e0 01 1d 7d 1e 01"

# Default options (malloc/free), with and without the hook; every path.
seed default-hook "10 00 00 00 $all_paths f0 01 1c"
seed default-no-hook "00 00 00 00 $all_paths f0 01 1c"
seed default-block-32-hook "10 01 00 00 $all_paths 0c 0d 07 08 09"
seed default-block-4104-aligned "10 06 00 00 61 01 61 62 63 6e 6f 0f 61"
# arena_create() and arena_create_with(NULL).
seed create "02 00 00 00 01 01 1c 13 00 e0 f0 01 0b"
seed create-with-null "01 00 00 00 01 01 1c 13 00 e0 f0 01 0b"

# Invalid options: creation fails, nothing allocated.
seed invalid-block-8 "14 09 00 00 01"
seed invalid-block-24 "10 0a 00 00 01"
seed invalid-block-33 "14 0b 00 00 01"
seed invalid-block-4097 "10 0c 00 00 01"
seed invalid-block-2p30-plus-8 "14 0d 00 00 01"
seed invalid-block-2p31 "10 0e 00 00 01"
seed invalid-block-size-max "14 0f 00 00 01"
seed invalid-raw16-48-valid "14 40 30 00 00 00 01 01 0b 0c 0d"
seed invalid-raw16-44 "14 40 2c 00 00 00 01"
seed invalid-raw64-2p40 "14 80 00 00 00 00 00 01 00 00 00 00 01"
seed invalid-allocate-without-free "94 00 00 00 01"
seed invalid-free-without-allocate "d4 00 00 00 01"
seed invalid-default-allocate-only "90 00 00 00 01"
seed invalid-default-free-only "d0 00 00 00 01"
seed invalid-options-and-struct-fault "34 0b 00 00 01"

# The faulty allocator: the struct fails; blocks fail; a reset's struct fails.
seed faulty-struct-fails "34 00 00 00 01"
seed faulty-no-blocks "14 00 00 00"
seed faulty-fail-next "14 00 00 00 c0 01 01 c0 1c 1c c0 00 01 13 01 0e 0f"
seed faulty-reset-struct-fails "14 00 00 00 01 c0 f0 01"
seed faulty-reset-ok "14 05 00 00 01 1c f0 01 e0"
seed faulty-cap "14 00 00 00 10 11 12 01 11"
seed faulty-block-2p30 "14 08 00 00 01 01 1c 10"
seed faulty-many-blocks "14 01 00 00 $(printf '0b %.0s' $(seq 1 40)) 01 01 01"

# Misaligned blocks: freed at once, reported as BLOCK_FAILED.
seed misalign-block-40 "18 02 fe 00 01 01 0b 1c e0 01"
seed misalign-alternate "18 02 54 00 01 01 01 01 01 01 0b 0b 0b 0b 61 61"
seed misalign-dedicated-1025 "18 00 aa 00 1c 1c 1c 1c 01 01 1d 1d"
seed misalign-no-hook "08 06 fe 00 01 01 1c 1c"
# Every offset 1-7: the arena struct (call 0), the first block-record chunk
# (call 1), the first block (call 2) at every valid block-size index (32, 40,
# 64, 1000, 4096, 4104, 65536), and dedicated blocks the size of the struct
# (88 bytes) and of a chunk (2048) with 32-byte blocks (calls 3 and 4).
for off in 1 2 3 4 5 6 7; do
  seed "misalign-struct-off$off" "18 00 01 0$off 01"
  seed "misalign-chunk-off$off" "18 00 02 0$off 01 01 1c 61"
  for bs in 1 2 3 4 5 6 7; do
    seed "misalign-block-off$off-bs$bs" "18 0$bs 04 0$off 01 61 1c 01"
  done
  seed "misalign-record-sizes-off$off" "18 01 18 0$off 01 18 58 19 00 08 01 61"
done

# Lies: memory usage near SIZE_MAX (falls back to the truth under ASan/Valgrind).
seed lying-ptrdiff-max-twice "1c 00 00 00 12 12 72 15 01 61 0b 12"
seed lying-saturate-with-block "1c 00 00 00 01 12 15 01 6e 0f 61 01"
seed lying-room-minus-one "1c 00 00 00 12 17 01 61 0b 15 01"
seed lying-room-plus-one "1c 00 00 00 12 16 15 01"
seed lying-fail-next-pretend "1c 00 00 00 c0 12 12 15 c0 01"
seed lying-block-2p30 "1c 08 00 00 01 01 0b 6e 0f 12 15 01"
seed lying-no-hook "0c 00 00 00 12 12 15 01 61"
seed lying-reset "1c 00 00 00 12 15 f0 12 15 01"
