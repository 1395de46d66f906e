/* decode: the binary form of programs (see decode.h for the layout): a total
 * decoder for fuzz inputs and the encoder that writes corpus files. */
#include "harness/decode.h"

#include <assert.h>

/* Header low 4 bits -> block size; 0 stays 0 (the default, 4096). */
static const size_t kBlockSizes[DECODE_BLOCK_SIZES] = {
    0, 32, 40, 64, 128, 256, 512, 1000, 1024, 2048, 4096, 4104, 8192, 16384, 32768, 65536,
};

_Static_assert(DECODE_MAX_RAW == (size_t)1 << 18, "raw3 keeps 18 bits of mantissa");

enum {
  CLASS_RAW1 = 26, /* to 28 */
  CLASS_RAW2 = 29,
  CLASS_RAW3 = 30, /* and 31 */
  INDEX_RAW = 31,  /* write/verify: index from the back */
  GROUP_WRITE = 5,
  GROUP_VERIFY = 6,
  GROUP_OTHER = 7,
  ALIGN_LOW = 4,      /* group 7, low 4-7: align 2^(byte from the back mod 21) */
  ALIGN_MAX_LOG = 20, /* log2(OP_MAX_ALIGN), asserted below */
};
_Static_assert(((size_t)1 << ALIGN_MAX_LOG) == OP_MAX_ALIGN, "align payload covers OP_MAX_ALIGN");

size_t decode_block_size(uint8_t header) { return kBlockSizes[header & (DECODE_BLOCK_SIZES - 1)]; }

/* A size class: a value derived from the block size b (in the order of the
 * enum below: 0, b/4, b/2, b, 2b, SIZE_MAX, SIZE_MAX-b, PTRDIFF_MAX)
 * plus a small delta. */
enum class_base { ZERO, QUARTER, HALF, BLOCK, TWICE, TOP, TOP_LESS_BLOCK, PTRDIFF_TOP };
typedef struct class_def {
  unsigned char base;
  short delta;
} class_def;

static const class_def kClasses[CLASS_RAW1] = {
    {ZERO, 0},        {ZERO, 1},        {ZERO, 2},    {ZERO, 3},  {ZERO, 4},   {ZERO, 6},
    {ZERO, 7},        {ZERO, 8},        {ZERO, 9},    {ZERO, 15}, {ZERO, 16},  {ZERO, 24},
    {QUARTER, -1},    {QUARTER, 0},     {QUARTER, 1}, {HALF, 0},  {BLOCK, -1}, {BLOCK, 0},
    {BLOCK, 1},       {TWICE, 0},       {TOP, 0},     {TOP, -1},  {TOP, -7},   {TOP_LESS_BLOCK, 0},
    {PTRDIFF_TOP, 0}, {PTRDIFF_TOP, 1},
};

int decode_class_size(unsigned cls, size_t block_size, size_t *size) {
  assert(cls < DECODE_CLASSES && size != NULL);
  if (cls >= CLASS_RAW1) {
    return 0;
  }
  size_t b = block_size == 0 ? OP_DEFAULT_BLOCK_SIZE : block_size;
  assert(b >= 4 && b <= OP_MAX_BLOCK_SIZE);
  size_t base = 0; /* a switch, not an array of all eight: no stack array to poison per call */
  switch ((enum class_base)kClasses[cls].base) {
    case ZERO:
      base = 0;
      break;
    case QUARTER:
      base = b / 4;
      break;
    case HALF:
      base = b / 2;
      break;
    case BLOCK:
      base = b;
      break;
    case TWICE:
      base = 2 * b;
      break;
    case TOP:
      base = SIZE_MAX;
      break;
    case TOP_LESS_BLOCK:
      base = SIZE_MAX - b;
      break;
    case PTRDIFF_TOP:
      base = (size_t)PTRDIFF_MAX;
      break;
  }
  int delta = kClasses[cls].delta;
  *size = delta < 0 ? base - (size_t)-delta : base + (size_t)delta;
  return 1;
}

/* The unread part of the input: [front, back). */
typedef struct cursor {
  const uint8_t *data;
  size_t front, back;
} cursor;

/* Reads n (<= 3) payload bytes from the back, lowest first; missing bytes are 0. */
static size_t take_back(cursor *c, unsigned n) {
  size_t v = 0;
  for (unsigned i = 0; i < n; i++) {
    if (c->back > c->front) {
      c->back--;
      v |= (size_t)c->data[c->back] << (8 * i);
    }
  }
  return v;
}

static size_t decode_size(cursor *c, unsigned cls, size_t block_size) {
  size_t v;
  if (decode_class_size(cls, block_size, &v)) {
    return v;
  }
  if (cls < CLASS_RAW2) {
    return take_back(c, 1);
  }
  if (cls < CLASS_RAW3) {
    return take_back(c, 2);
  }
  /* 18 bits of mantissa, shifted right by the top 6 bits modulo 19: sizes
   * spread evenly over the powers of two below DECODE_MAX_RAW. */
  size_t u = take_back(c, 3);
  return (u & (DECODE_MAX_RAW - 1)) >> ((u >> 18) % 19);
}

int decode_program(const uint8_t *data, size_t size, program *out) {
  assert(out != NULL && (data != NULL || size == 0));
  program_clear(out);
  if (size == 0) {
    return 1;
  }
  out->block_size = decode_block_size(data[0]);
  cursor c = {data, 1, size};
  while (c.front < c.back && out->count < DECODE_MAX_OPS) {
    uint8_t ctl = data[c.front++];
    unsigned group = (unsigned)ctl >> 5;
    unsigned low = (unsigned)ctl & 31u;
    op_kind kind;
    size_t arg = 0;
    if (group < GROUP_WRITE) {
      kind = group < 3 ? OP_ALLOCATE : OP_ALIGNED;
      arg = decode_size(&c, low, out->block_size);
    } else if (group < GROUP_OTHER) {
      kind = group == GROUP_WRITE ? OP_WRITE : OP_VERIFY;
      arg = low == INDEX_RAW ? take_back(&c, 2) : low;
    } else {
      static const op_kind kOther[4] = {OP_USAGE, OP_VERIFY_ALL, OP_FAIL_NEXT_BLOCK, OP_RESET};
      kind = kOther[low >> 3];
      if (low >= ALIGN_LOW && low < ALIGN_LOW + 4) {
        kind = OP_ALIGN;
        arg = (size_t)1 << (take_back(&c, 1) % (ALIGN_MAX_LOG + 1));
      }
    }
    if (!program_push(out, kind, arg)) {
      return 0;
    }
  }
  return 1;
}

/* The canonical class of a size: the first class with that value, else the
 * narrowest raw class. Returns 0 if no class can hold it. */
static int size_class(size_t size, size_t block_size, unsigned *cls, unsigned *payload) {
  for (unsigned k = 0; k < CLASS_RAW1; k++) {
    size_t v;
    if (decode_class_size(k, block_size, &v) && v == size) {
      *cls = k;
      *payload = 0;
      return 1;
    }
  }
  if (size <= 0xff) {
    *cls = CLASS_RAW1;
    *payload = 1;
  } else if (size <= 0xffff) {
    *cls = CLASS_RAW2;
    *payload = 2;
  } else if (size < DECODE_MAX_RAW) {
    *cls = CLASS_RAW3;
    *payload = 3;
  } else {
    return 0;
  }
  return 1;
}

static int block_index(size_t block_size, uint8_t *header) {
  for (unsigned i = 0; i < DECODE_BLOCK_SIZES; i++) {
    if (kBlockSizes[i] == block_size) {
      *header = (uint8_t)i;
      return 1;
    }
  }
  return 0;
}

/* One operation's control byte and payload (payload[0] is read first). */
static int encode_op(const op *o, size_t block_size, uint8_t *ctl, uint8_t payload[3],
                     unsigned *n) {
  static const unsigned kOtherCode[OP_KIND_COUNT] = {
      [OP_USAGE] = 0, [OP_VERIFY_ALL] = 8, [OP_FAIL_NEXT_BLOCK] = 16, [OP_RESET] = 24};
  size_t value = 0;
  *n = 0;
  switch (o->kind) {
    case OP_ALLOCATE:
    case OP_ALIGNED: {
      unsigned cls;
      if (!size_class(o->arg, block_size, &cls, n)) {
        return 0;
      }
      *ctl = (uint8_t)(((o->kind == OP_ALLOCATE ? 0u : 3u) << 5) | cls);
      value = o->arg;
      break;
    }
    case OP_WRITE:
    case OP_VERIFY: {
      unsigned group = o->kind == OP_WRITE ? GROUP_WRITE : GROUP_VERIFY;
      if (o->arg < INDEX_RAW) {
        *ctl = (uint8_t)((group << 5) | (unsigned)o->arg);
      } else if (o->arg <= 0xffff) {
        *ctl = (uint8_t)((group << 5) | INDEX_RAW);
        *n = 2;
        value = o->arg;
      } else {
        return 0;
      }
      break;
    }
    case OP_ALIGN: {
      if (!op_valid_align(o->arg)) {
        return 0;
      }
      unsigned log = 0;
      while (((size_t)1 << log) != o->arg) {
        log++;
      }
      *ctl = (uint8_t)((GROUP_OTHER << 5) | ALIGN_LOW);
      *n = 1;
      value = log;
      break;
    }
    case OP_USAGE:
    case OP_VERIFY_ALL:
    case OP_FAIL_NEXT_BLOCK:
    case OP_RESET:
      if (o->arg != 0) {
        return 0;
      }
      *ctl = (uint8_t)((GROUP_OTHER << 5) | kOtherCode[o->kind]);
      break;
    default:
      return 0;
  }
  for (unsigned i = 0; i < *n; i++) {
    payload[i] = (uint8_t)((value >> (8 * i)) & 0xff);
  }
  return 1;
}

size_t encode_program(const program *p, uint8_t *out, size_t cap) {
  assert(p != NULL && (out != NULL || cap == 0));
  uint8_t header;
  if (!block_index(p->block_size, &header) || p->count > DECODE_MAX_OPS) {
    return 0;
  }
  /* First pass: the length (controls, then payload stored back to front). */
  size_t controls = 0, payload_bytes = 0;
  for (size_t i = 0; i < p->count; i++) {
    uint8_t ctl, payload[3];
    unsigned n;
    if (!encode_op(&p->ops[i], p->block_size, &ctl, payload, &n)) {
      return 0;
    }
    controls++;
    payload_bytes += n;
  }
  size_t total = 1 + controls + payload_bytes;
  if (total > cap) {
    return 0;
  }
  out[0] = header;
  size_t front = 1, back = total;
  for (size_t i = 0; i < p->count; i++) {
    uint8_t ctl, payload[3];
    unsigned n;
    int ok = encode_op(&p->ops[i], p->block_size, &ctl, payload, &n);
    assert(ok);
    (void)ok;
    out[front++] = ctl;
    for (unsigned k = 0; k < n; k++) {
      out[--back] = payload[k];
    }
  }
  assert(front == back);
  return total;
}
