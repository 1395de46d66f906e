#!/usr/bin/env bash
# api_seeds: writes the named seeds of api_fuzzer (binary, format in
# fuzz/api_fuzzer.c) into DIR: several arenas, every size class, alignment and reset.
#   fuzz/api_seeds.sh corpus/api_fuzzer
set -euo pipefail
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "api_seeds: usage: fuzz/api_seeds.sh EXISTING_DIR" >&2
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

# Byte 0: arenas - 1 (0-3) | 04 library defaults | block size index << 3
# (0 default, 1 32, 2 256, 3 1024, 4 4096, 5 16384, 6 65536, 7 2^20).
# Ops (low 2 bits: the arena): 00 allocate + class; 80 aligned + alignment
# log2 + class; c0 fail-next; e0 reset; f0 verify-all. Classes: 00 0, 01 1,
# 02 7, 03 8, 04 16, 05 24, 06 100, 07 b-1, 08 b, 09 b+1, 0a 1025, 0b 4097,
# 0c 2^20, 0d 2^20+1, 0e max_request, 0f max_request+1, 10 SIZE_MAX,
# 11 SIZE_MAX-15, 12 PTRDIFF_MAX, 13 2^48, 14 2^32, 15 + 1 byte, 16 + 2 bytes,
# 17 + 3 bytes, 18 SIZE_MAX-b, 19 2b.
all_classes=""
for c in 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 18 19; do
  all_classes+="00 $c "
done
seed seed-one-arena-every-class "20 $all_classes f0"
seed seed-four-arenas-interleaved "23 0001 0101 0201 0301 0006 0106 020a 030b f0 e1 0101 0209 f0 e3 0307 f0"
aligned=""
for k in 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14; do
  aligned+="80 $k 06 81 $k 01 "
done
seed seed-aligned-every-power "21 $aligned f0"
seed seed-zero-and-tiny "21 0000 0001 0100 0101 0000 f0 0000"
seed seed-huge "20 000e 000f 0010 0011 0012 0013 0014 0018 0001 f0"
seed seed-fail-next "21 c0 0009 c0 0001 0001 c1 0108 c0 e0 0001 f0"
seed seed-library-defaults "26 0001 0106 0008 0109 f0 e0 0001 f0"
for b in 0 1 2 3 4 5 6 7; do
  seed "seed-block-size-$b" "$(printf '%02x' $((b << 3 | 1))) 0007 0008 0009 0019 0107 0108 f0 e0 0001"
done
seed seed-reset-each "23 0001 e0 0101 e1 0201 e2 0301 e3 f0"
seed seed-raw-sizes "21 0015ff 0016ff0f 0017ffff03 011510 f0"
seed seed-must-succeed-edge "20 000c 000d 000c f0"
