/* text: printing and parsing the readable form of programs (see text.h);
 * every malformed input gets one "line N: ..." error, never a crash. */
#include "harness/text.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* Sizes this close to SIZE_MAX or PTRDIFF_MAX print symbolically (2^32 - 1 on LP64). */
#define TEXT_NEAR ((size_t)PTRDIFF_MAX >> 31)

int text_has_magic(const uint8_t *data, size_t size) {
  size_t n = sizeof(TEXT_MAGIC) - 1;
  return data != NULL && size >= n && memcmp(data, TEXT_MAGIC, n) == 0;
}

char *text_format_size(char *buf, size_t cap, size_t size) {
  assert(buf != NULL && cap > 0);
  const size_t pmax = (size_t)PTRDIFF_MAX;
  if (size > pmax && SIZE_MAX - size <= TEXT_NEAR && SIZE_MAX - size <= size - pmax) {
    if (size == SIZE_MAX) {
      snprintf(buf, cap, "SIZE_MAX");
    } else {
      snprintf(buf, cap, "SIZE_MAX-%" PRIuMAX, (uintmax_t)(SIZE_MAX - size));
    }
  } else if (size > pmax && size - pmax <= TEXT_NEAR) {
    snprintf(buf, cap, "PTRDIFF_MAX+%" PRIuMAX, (uintmax_t)(size - pmax));
  } else if (size == pmax) {
    snprintf(buf, cap, "PTRDIFF_MAX");
  } else if (size < pmax && pmax - size <= TEXT_NEAR) {
    snprintf(buf, cap, "PTRDIFF_MAX-%" PRIuMAX, (uintmax_t)(pmax - size));
  } else {
    snprintf(buf, cap, "%" PRIuMAX, (uintmax_t)size);
  }
  return buf;
}

char *text_format_op(char *buf, size_t cap, const op *o) {
  assert(buf != NULL && cap > 0 && o != NULL);
  const char *name = op_name(o->kind);
  if (name == NULL) {
    snprintf(buf, cap, "op-kind-%u", (unsigned)o->kind);
  } else if (op_has_arg(o->kind)) {
    char size[TEXT_MAX_OP];
    snprintf(buf, cap, "%s %s", name, text_format_size(size, sizeof size, o->arg));
  } else {
    snprintf(buf, cap, "%s", name);
  }
  return buf;
}

int text_print(FILE *f, const program *p, size_t mark) {
  assert(f != NULL && p != NULL);
  int ok = fprintf(f, "%s\n", TEXT_MAGIC) >= 0;
  if (p->block_size != 0) {
    ok &= fprintf(f, "block-size %" PRIuMAX "\n", (uintmax_t)p->block_size) >= 0;
  }
  for (size_t i = 0; i < p->count; i++) {
    char line[TEXT_MAX_OP];
    ok &= fprintf(f, "%s%s\n", text_format_op(line, sizeof line, &p->ops[i]),
                  i == mark ? "   # <-- failed here" : "") >= 0;
  }
  return ok && !ferror(f);
}

/* --- parsing --- */

/* A piece of the input: [s, e). */
typedef struct span {
  const char *s, *e;
} span;

typedef struct parser {
  size_t line;
  char *err;
  size_t err_size;
  size_t ops; /* operations parsed so far (counted even when nothing is stored) */
} parser;

/* Writes "line N: <message>" into the error buffer; returns 0. */
__attribute__((format(printf, 2, 3))) static int fail(parser *ps, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (ps->err != NULL && ps->err_size > 0) {
    int n = snprintf(ps->err, ps->err_size, "line %" PRIuMAX ": ", (uintmax_t)ps->line);
    if (n >= 0 && (size_t)n < ps->err_size) {
      vsnprintf(ps->err + n, ps->err_size - (size_t)n, fmt, ap);
    }
  }
  va_end(ap);
  return 0;
}

/* A printable copy of a token for error messages (at most 24 characters). */
static const char *quote(span t, char *buf, size_t cap) {
  size_t n = 0;
  for (const char *c = t.s; c < t.e && n + 4 < cap && n < 24; c++) {
    char ch = *c;
    if (ch < 0x20 || ch >= 0x7f) {
      ch = '?';
    }
    buf[n++] = ch;
  }
  if (t.s + n < t.e && n + 4 <= cap) {
    memcpy(buf + n, "...", 3);
    n += 3;
  }
  buf[n] = '\0';
  return buf;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static span trim(span t) {
  while (t.s < t.e && is_space(*t.s)) t.s++;
  while (t.e > t.s && is_space(t.e[-1])) t.e--;
  return t;
}

/* The next token (up to a space) of *rest, which is advanced past it. */
static span next_token(span *rest) {
  *rest = trim(*rest);
  span t = {rest->s, rest->s};
  while (t.e < rest->e && !is_space(*t.e)) t.e++;
  rest->s = t.e;
  return t;
}

static int span_is(span t, const char *word) {
  size_t n = strlen(word);
  return (size_t)(t.e - t.s) == n && memcmp(t.s, word, n) == 0;
}

static int starts_with(span t, const char *word) {
  size_t n = strlen(word);
  return (size_t)(t.e - t.s) >= n && memcmp(t.s, word, n) == 0;
}

/* Parses decimal digits [s, e) (at least one); 0 if none, a non-digit, or overflow. */
static int parse_decimal(span t, size_t *out, int *overflow) {
  size_t v = 0;
  *overflow = 0;
  if (t.s == t.e) {
    return 0;
  }
  for (const char *c = t.s; c < t.e; c++) {
    if (*c < '0' || *c > '9') {
      return 0;
    }
    size_t d = (size_t)(*c - '0');
    if (v > (SIZE_MAX - d) / 10) {
      *overflow = 1;
      return 0;
    }
    v = v * 10 + d;
  }
  *out = v;
  return 1;
}

/* Parses a size token: decimal, SIZE_MAX[-K], PTRDIFF_MAX[+K|-K]. */
static int parse_size(parser *ps, span t, size_t *out) {
  char q[32];
  size_t base = 0, k = 0;
  int sign = 0; /* -1: base - k, +1: base + k, 0: decimal */
  span digits = t;
  if (starts_with(t, "SIZE_MAX")) {
    base = SIZE_MAX;
    digits.s = t.s + strlen("SIZE_MAX");
  } else if (starts_with(t, "PTRDIFF_MAX")) {
    base = (size_t)PTRDIFF_MAX;
    digits.s = t.s + strlen("PTRDIFF_MAX");
  } else {
    int overflow;
    if (parse_decimal(t, out, &overflow)) {
      return 1;
    }
    if (overflow) {
      return fail(ps, "number '%s' is larger than SIZE_MAX", quote(t, q, sizeof q));
    }
    return fail(ps, "bad number '%s' (want decimal digits, SIZE_MAX[-K] or PTRDIFF_MAX[+K|-K])",
                quote(t, q, sizeof q));
  }
  if (digits.s == digits.e) {
    *out = base;
    return 1;
  }
  if (*digits.s == '-') {
    sign = -1;
  } else if (*digits.s == '+' && base != SIZE_MAX) {
    sign = 1;
  } else {
    return fail(ps, "bad number '%s' (want SIZE_MAX[-K] or PTRDIFF_MAX[+K|-K])",
                quote(t, q, sizeof q));
  }
  digits.s++;
  int overflow;
  if (!parse_decimal(digits, &k, &overflow)) {
    return fail(ps, "bad number '%s' (want decimal digits after the sign)", quote(t, q, sizeof q));
  }
  if (sign < 0 ? k > base : k > SIZE_MAX - base) {
    return fail(ps, "number '%s' is outside [0, SIZE_MAX]", quote(t, q, sizeof q));
  }
  *out = sign < 0 ? base - k : base + k;
  return 1;
}

/* Finds the operation named by t; OP_KIND_COUNT if none. */
static op_kind find_kind(span t) {
  for (unsigned k = 0; k < (unsigned)OP_KIND_COUNT; k++) {
    if (span_is(t, op_name((op_kind)k))) {
      return (op_kind)k;
    }
  }
  return OP_KIND_COUNT;
}

/* Parses one line (comment already removed). `seen_block` tracks order. With
 * out == NULL the line is only checked (nothing is stored, nothing allocated). */
static int parse_line(parser *ps, span line, program *out, int *seen_block) {
  char q[32];
  for (const char *c = line.s; c < line.e; c++) {
    unsigned char u = (unsigned char)*c;
    if ((u < 0x20 && u != '\t' && u != '\r') || u >= 0x7f) {
      return fail(ps, "unexpected byte 0x%02x", u);
    }
  }
  span rest = line;
  span word = next_token(&rest);
  if (word.s == word.e) {
    return 1; /* blank */
  }
  span arg = next_token(&rest);
  span extra = next_token(&rest);
  if (extra.s != extra.e) {
    return fail(ps, "unexpected '%s' at the end of the line", quote(extra, q, sizeof q));
  }
  if (span_is(word, "block-size")) {
    size_t n = 0;
    if (*seen_block) {
      return fail(ps, "block-size given twice");
    }
    if (ps->ops != 0) {
      return fail(ps, "block-size must come before the first operation");
    }
    if (arg.s == arg.e) {
      return fail(ps, "'block-size' needs a size");
    }
    if (!parse_size(ps, arg, &n)) {
      return 0;
    }
    if (!program_valid_block_size(n)) {
      return fail(ps, "block size %s is not 0 or a multiple of %zu in [%zu, %zu]",
                  quote(arg, q, sizeof q), OP_BLOCK_ALIGNMENT, OP_MIN_BLOCK_SIZE,
                  OP_MAX_BLOCK_SIZE);
    }
    if (out != NULL) {
      out->block_size = n;
    }
    *seen_block = 1;
    return 1;
  }
  op_kind kind = find_kind(word);
  if (kind == OP_KIND_COUNT) {
    return fail(ps, "unknown operation '%s'", quote(word, q, sizeof q));
  }
  size_t value = 0;
  if (op_has_arg(kind)) {
    if (arg.s == arg.e) {
      return fail(ps, "'%s' needs %s", op_name(kind),
                  kind == OP_WRITE || kind == OP_VERIFY ? "an index"
                  : kind == OP_ALIGN                    ? "an alignment"
                                                        : "a size");
    }
    if (!parse_size(ps, arg, &value)) {
      return 0;
    }
    if (kind == OP_ALIGN && !op_valid_align(value)) {
      return fail(ps, "alignment %s is not a power of two in [1, %zu]", quote(arg, q, sizeof q),
                  OP_MAX_ALIGN);
    }
  } else if (arg.s != arg.e) {
    return fail(ps, "'%s' takes no argument (got '%s')", op_name(kind), quote(arg, q, sizeof q));
  }
  if (out != NULL && !program_push(out, kind, value)) {
    return fail(ps, "out of memory");
  }
  ps->ops++;
  return 1;
}

/* Parses (out != NULL) or only checks (out == NULL) the text form. */
static int parse_text(const char *data, size_t size, program *out, char *err, size_t err_size) {
  parser ps = {1, err, err_size, 0};
  if (err != NULL && err_size > 0) {
    err[0] = '\0';
  }
  if (out != NULL) {
    program_clear(out);
  }
  if (!text_has_magic((const uint8_t *)data, size)) {
    return fail(&ps, "expected '%s' as the first line", TEXT_MAGIC);
  }
  int seen_block = 0;
  const char *end = data + size;
  const char *s = data;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl == NULL ? end : nl;
    const char *hash = memchr(s, '#', (size_t)(e - s));
    span line = {s, hash == NULL ? e : hash};
    if (!parse_line(&ps, line, out, &seen_block)) {
      return 0;
    }
    if (nl == NULL) {
      break;
    }
    s = nl + 1;
    ps.line++;
  }
  return 1;
}

int text_is_program(const uint8_t *data, size_t size) {
  return text_has_magic(data, size) && parse_text((const char *)data, size, NULL, NULL, 0);
}

int text_check(const uint8_t *data, size_t size, char *err, size_t err_size) {
  return parse_text((const char *)data, size, NULL, err, err_size);
}

int text_parse(const char *data, size_t size, program *out, char *err, size_t err_size) {
  assert(out != NULL && (data != NULL || size == 0));
  return parse_text(data, size, out, err, err_size);
}
