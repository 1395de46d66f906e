/* pattern_test: fill and check agree with pattern_byte at every length and
 * misalignment, a changed byte is found at its index, and under ASan a fill
 * or check of memory that is not addressable is reported by ASan (the
 * negative control of the one shadow check that replaces per-access checks). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/pattern.h"
#include "verify/expect.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if !defined(TEST_ASAN) && defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#endif
#if defined(TEST_ASAN)
#include <sanitizer/asan_interface.h>
#endif

#define MAX_LEN 1200
#define GUARD 32

static const uint32_t kSeeds[] = {0x0100, 0x9b00, 0xff37, 0x0301, 0x7f80, 0x12345};

/* Every length 0..MAX_LEN at every offset 0..15: the bytes are pattern_byte's,
 * the bytes around are untouched, and the check accepts them. */
static void fill_matches_bytes(void) {
  static unsigned char buf[GUARD + 16 + MAX_LEN + GUARD];
  for (size_t si = 0; si < sizeof kSeeds / sizeof kSeeds[0]; si++) {
    uint32_t seed = pattern_seed(si * 977, si) ^ (kSeeds[si] & 0xff00u);
    for (size_t off = 0; off < 16; off++) {
      for (size_t n = 0; n <= MAX_LEN; n += (n < 300 ? 1 : 37)) {
        memset(buf, 0xa5, sizeof buf);
        unsigned char *p = buf + GUARD + off;
        pattern_fill(p, n, seed);
        for (size_t i = 0; i < n; i++) {
          if (p[i] != pattern_byte(seed, i)) {
            fprintf(stderr, "seed %x off %zu n %zu byte %zu\n", (unsigned)seed, off, n, i);
          }
          EXPECT_EQ_U(p[i], pattern_byte(seed, i));
        }
        for (size_t i = 0; i < GUARD + off; i++) EXPECT_EQ_U(buf[i], 0xa5);
        for (size_t i = GUARD + off + n; i < sizeof buf; i++) EXPECT_EQ_U(buf[i], 0xa5);
        size_t bad = 12345;
        EXPECT_TRUE(pattern_check(p, n, seed, &bad));
        EXPECT_EQ_U(bad, 12345);
      }
    }
  }
  EXPECT_EQ_U(pattern_byte(0x0305, 0), 5);
  EXPECT_EQ_U(pattern_byte(0x0305, 1), 8);
  EXPECT_EQ_U(pattern_byte(0x0305, 256), 5); /* period 256 */
}

/* Any one changed byte (any bit) is found at its index; of two, the first. */
static void check_finds_the_first_change(void) {
  static unsigned char buf[16 + MAX_LEN];
  uint32_t seed = pattern_seed(300, 2);
  for (size_t n = 1; n <= 700; n += (n < 130 ? 1 : 23)) {
    for (size_t off = 0; off < 16; off += 5) {
      unsigned char *p = buf + off;
      for (size_t at = 0; at < n; at++) {
        pattern_fill(p, n, seed);
        p[at] ^= (unsigned char)(1u << (at % 8));
        if (at + 3 < n) p[at + 3] ^= 0x80;
        size_t bad = SIZE_MAX;
        EXPECT_TRUE(!pattern_check(p, n, seed, &bad));
        EXPECT_EQ_U(bad, at);
      }
      /* Another seed's pattern differs somewhere. */
      pattern_fill(p, n, seed);
      size_t bad = SIZE_MAX;
      EXPECT_TRUE(n < 2 || !pattern_check(p, n, pattern_seed(301, 2), &bad));
    }
  }
  /* A long run: the change in the last byte. */
  static unsigned char big[1 << 18];
  pattern_fill(big, sizeof big, seed);
  size_t bad = 0;
  EXPECT_TRUE(pattern_check(big, sizeof big, seed, &bad));
  big[sizeof big - 1] ^= 1;
  EXPECT_TRUE(!pattern_check(big, sizeof big, seed, &bad));
  EXPECT_EQ_U(bad, sizeof big - 1);
}

#if defined(TEST_ASAN)
/* Runs fn(arg) in a child; it must die with an ASan report naming `kind`
 * (and, if `access` is not NULL, that access). */
static size_t g_len = 100;

static void expect_asan_report(void (*fn)(unsigned char *), unsigned char *arg, const char *kind,
                               const char *access) {
  int fds[2];
  EXPECT_TRUE(pipe(fds) == 0);
  fflush(stderr);
  pid_t pid = fork();
  EXPECT_TRUE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    fn(arg);
    fprintf(stderr, "no report\n");
    _exit(0);
  }
  close(fds[1]);
  static char out[1 << 16];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
  out[n] = '\0';
  close(fds[0]);
  int status;
  EXPECT_TRUE(waitpid(pid, &status, 0) == pid);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) != 0) && !WIFSIGNALED(status)) {
    fprintf(stderr, "child printed:\n%s\n", out);
    abort();
  }
  if (strstr(out, "ERROR: AddressSanitizer: ") == NULL || strstr(out, kind) == NULL ||
      (access != NULL && strstr(out, access) == NULL)) {
    fprintf(stderr, "expected an ASan report of %s (%s), child printed:\n%s\n", kind,
            access != NULL ? access : "any access", out);
    abort();
  }
}

static void fill_it(unsigned char *p) { pattern_fill(p, g_len, 7); }

static void check_it(unsigned char *p) {
  size_t bad;
  (void)pattern_check(p, g_len, 7, &bad);
}

/* A subject that hands out freed memory, memory past a block's end, or
 * memory it poisoned: the fill is reported; so is a check after the memory
 * went away under a live allocation. */
static void unaddressable_memory_is_reported(void) {
  /* volatile: the compiler may not drop the malloc and free. */
  unsigned char *volatile freed = malloc(256);
  EXPECT_NOT_NULL(freed);
  free(freed); /* quarantined: poisoned */
  expect_asan_report(fill_it, freed, "heap-use-after-free", "WRITE of size 1");
  expect_asan_report(check_it, freed, "heap-use-after-free", "READ of size 1");
  /* The last byte runs one past a 100-byte malloc block (the granule's tail). */
  unsigned char *volatile block = malloc(100);
  EXPECT_NOT_NULL(block);
  g_len = 1;
  expect_asan_report(fill_it, block + 100, "heap-buffer-overflow", "WRITE of size 1");
  g_len = 37;
  expect_asan_report(fill_it, block + 64, "heap-buffer-overflow", "WRITE of size 1");
  expect_asan_report(check_it, block + 64, "heap-buffer-overflow", "READ of size 1");
  g_len = 100;
  pattern_fill(block, 100, 7); /* exactly the block: fine */
  size_t bad;
  EXPECT_TRUE(pattern_check(block, 100, 7, &bad));
  /* One poisoned granule in the middle of a long range. */
  unsigned char *volatile big = malloc(5000);
  EXPECT_NOT_NULL(big);
  ASAN_POISON_MEMORY_REGION(big + 4000, 8); /* a whole granule */
  g_len = 5000;
  expect_asan_report(fill_it, big, "use-after-poison", "WRITE of size 1");
  expect_asan_report(check_it, big, "use-after-poison", "READ of size 1");
  ASAN_UNPOISON_MEMORY_REGION(big + 4000, 8);
  pattern_fill(big, 5000, 7);
  EXPECT_TRUE(pattern_check(big, 5000, 7, &bad));
  free(big);
  free(block);
}
#endif

int main(void) {
  RUN_TEST(fill_matches_bytes);
  RUN_TEST(check_finds_the_first_change);
#if defined(TEST_ASAN)
  RUN_TEST(unaddressable_memory_is_reported);
#else
  fprintf(stderr, "pattern_test: not an ASan build: the unaddressable-memory control is skipped\n");
#endif
  return 0;
}
