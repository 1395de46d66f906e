/* files: reading inputs for the replay drivers; every failure becomes a
 * one-line message for the caller, none is fatal here. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "fuzz/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int files_read(const char *path, size_t max, uint8_t **data, size_t *size, char *err,
               size_t err_size) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
   * below, as is every other file that is not a regular file. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
    return 0;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, err_size, "%s: not a regular file", path);
    close(fd);
    return 0;
  }
  FILE *f = fdopen(fd, "rb");
  if (f == NULL) {
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
    close(fd);
    return 0;
  }
  if ((uintmax_t)st.st_size > max) {
    snprintf(err, err_size, "%s: %jd bytes, over the limit of %zu", path, (intmax_t)st.st_size,
             max);
    fclose(f);
    return 0;
  }
  size_t n = (size_t)st.st_size;
  uint8_t *buf = malloc(n == 0 ? 1 : n);
  if (buf == NULL) {
    snprintf(err, err_size, "%s: out of memory", path);
    fclose(f);
    return 0;
  }
  /* A byte past the size fstat gave means the file changed under us. */
  size_t got = fread(buf, 1, n, f);
  int bad = ferror(f) || got != n || fgetc(f) != EOF;
  fclose(f);
  if (bad) {
    snprintf(err, err_size, "%s: read error (or the file changed while being read)", path);
    free(buf);
    return 0;
  }
  *data = buf;
  *size = n;
  return 1;
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int files_list(const char *dir, char ***paths, size_t *count, char *err, size_t err_size) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    snprintf(err, err_size, "%s: %s", dir, strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int ok = 1, bad = 0;
  struct dirent *e;
  while (ok && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
    char *path = malloc(len);
    if (path == NULL) {
      ok = 0;
      break;
    }
    snprintf(path, len, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0) {
      snprintf(err, err_size, "%s: %s", path, strerror(errno));
      free(path);
      bad = 1;
      break;
    }
    if (S_ISDIR(st.st_mode)) {
      free(path);
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      snprintf(err, err_size, "%s: not a regular file", path);
      free(path);
      bad = 1;
      break;
    }
    if (n == cap) {
      size_t grown_cap = cap == 0 ? 64 : 2 * cap;
      char **grown = realloc(names, grown_cap * sizeof *names);
      if (grown == NULL) {
        free(path);
        ok = 0;
        break;
      }
      names = grown;
      cap = grown_cap;
    }
    names[n++] = path;
  }
  closedir(d);
  if (!ok || bad) {
    files_list_free(names, n);
    if (!bad) {
      snprintf(err, err_size, "%s: out of memory", dir);
    }
    return 0;
  }
  if (n > 0) {
    qsort(names, n, sizeof *names, compare_paths);
  }
  *paths = names;
  *count = n;
  return 1;
}

void files_list_free(char **paths, size_t count) {
  if (paths == NULL) {
    return;
  }
  for (size_t i = 0; i < count; i++) {
    free(paths[i]);
  }
  free(paths);
}
