/* chunk_arena: an example of "your own arena" to check with arenafuzz: chunks
 * that double from 256 bytes to 64 KiB, every result 16-byte aligned. */
#ifndef EXAMPLES_CHUNK_ARENA_H
#define EXAMPLES_CHUNK_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CHUNK_ARENA_ALIGNMENT ((size_t)16)

typedef struct chunk_arena chunk_arena;

/* A new, empty arena; NULL if malloc fails. */
chunk_arena *chunk_arena_create(void);

/* `bytes` bytes aligned to CHUNK_ARENA_ALIGNMENT, valid until
 * chunk_arena_destroy. NULL (arena unchanged) for 0 bytes, for sizes whose
 * chunk cannot be represented, or if malloc fails. */
void *chunk_arena_alloc(chunk_arena *a, size_t bytes);

/* Bytes of every chunk allocated so far, headers included. */
size_t chunk_arena_footprint(const chunk_arena *a);

/* Frees every chunk; NULL is a no-op. */
void chunk_arena_destroy(chunk_arena *a);

#ifdef __cplusplus
}
#endif

#endif /* EXAMPLES_CHUNK_ARENA_H */
