/* Memory-tracking hooks of the arena: which bytes a user may touch.
 * Maps to ASan poisoning, Valgrind memcheck client requests, or nothing. */
#ifndef ARENA_TRACK_H
#define ARENA_TRACK_H

#include <stddef.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_TRACK_ASAN 1
#endif
#endif
#if !defined(ARENA_TRACK_ASAN) && defined(__SANITIZE_ADDRESS__)
#define ARENA_TRACK_ASAN 1
#endif

#if defined(ARENA_TRACK_ASAN)
#include <sanitizer/asan_interface.h>
/* ARENA_TRACK_HANDOUT(p, n): bytes [p, p+n) now belong to the user. */
#define ARENA_TRACK_HANDOUT(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
/* ARENA_TRACK_RESERVE(p, n): bytes [p, p+n) are the arena's: no user access. */
#define ARENA_TRACK_RESERVE(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
/* ARENA_TRACK_RELEASE(p, n): a block goes back to its allocator. */
#define ARENA_TRACK_RELEASE(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define ARENA_TRACK_POISONS 1
#elif defined(ARENA_VALGRIND) && ARENA_VALGRIND
#include <valgrind/memcheck.h>
#define ARENA_TRACK_HANDOUT(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define ARENA_TRACK_RESERVE(p, n) ((void)VALGRIND_MAKE_MEM_NOACCESS((p), (n)))
#define ARENA_TRACK_RELEASE(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define ARENA_TRACK_POISONS 1
#else
#define ARENA_TRACK_HANDOUT(p, n) ((void)(p), (void)(n))
#define ARENA_TRACK_RESERVE(p, n) ((void)(p), (void)(n))
#define ARENA_TRACK_RELEASE(p, n) ((void)(p), (void)(n))
#define ARENA_TRACK_POISONS 0
#endif

#endif /* ARENA_TRACK_H */
