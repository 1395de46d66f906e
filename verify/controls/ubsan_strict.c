/* ubsan_strict: planted bugs for the arena's strict checks (clang's
 * unsigned-integer-overflow, implicit-conversion, pointer-overflow); argv[1]
 * picks one. Each is defined C, so only these checks can catch it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Values the compiler cannot fold: they come from argc. */
static size_t from_argc(int argc, size_t when_two) { return argc == 2 ? when_two : 0; }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: ubsan_strict wrap|narrow|pointer\n");
    return 2;
  }
  if (strcmp(argv[1], "wrap") == 0) {
    volatile size_t usage = SIZE_MAX - from_argc(argc, 3);
    fprintf(stderr, "planted: usage + 8 wraps\n");
    volatile size_t sum = usage + 8;
    fprintf(stderr, "ubsan_strict: the unsigned wrap was not caught (%zu)\n", (size_t)sum);
    return 0;
  }
  if (strcmp(argv[1], "narrow") == 0) {
    volatile size_t bytes = from_argc(argc, 300);
    fprintf(stderr, "planted: 300 converted to unsigned char\n");
    volatile unsigned char c = bytes;
    fprintf(stderr, "ubsan_strict: the narrowing was not caught (%u)\n", (unsigned)c);
    return 0;
  }
  if (strcmp(argv[1], "pointer") == 0) {
    static char block[16];
    char *volatile base = block;
    volatile size_t far = SIZE_MAX - from_argc(argc, 4);
    fprintf(stderr, "planted: pointer + SIZE_MAX-4 wraps the address space\n");
    char *volatile end = base + far;
    fprintf(stderr, "ubsan_strict: the pointer overflow was not caught (%p)\n", (void *)end);
    return 0;
  }
  fprintf(stderr, "ubsan_strict: unknown bug '%s'\n", argv[1]);
  return 2;
}
