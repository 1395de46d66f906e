/* files: how every replay driver reads fuzzer inputs: one file into an exactly
 * sized buffer, or the regular files of a directory in name order. */
#ifndef FUZZ_FILES_H
#define FUZZ_FILES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the regular file `path`, at most `max` bytes, into a new malloc'd
 * buffer of exactly its size (1 byte for an empty file), so ASan catches a
 * read past the end. Returns 1 and sets *data and *size, or returns 0 with one
 * line "PATH: what is wrong" in err (missing, not a regular file, over max,
 * read error, out of memory). A FIFO or device is refused at once, never
 * waited on. */
int files_read(const char *path, size_t max, uint8_t **data, size_t *size, char *err,
               size_t err_size);

/* Lists the regular files directly inside `dir` whose names do not start with
 * '.', as malloc'd "dir/name" paths sorted by name (subdirectories are
 * skipped). Returns 1 and sets *paths (free with files_list_free) and *count
 * (possibly 0), or returns 0 with one line "PATH: what is wrong" in err: an
 * unreadable directory, an entry that is neither a regular file nor a
 * directory (a FIFO would hang a reader), out of memory. */
int files_list(const char *dir, char ***paths, size_t *count, char *err, size_t err_size);

/* Frees what files_list returned; NULL is a no-op. */
void files_list_free(char **paths, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* FUZZ_FILES_H */
