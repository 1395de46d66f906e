/* spawn: posix_spawn with a pipe on the child's standard output; reads to
 * end of file, then reaps the child and checks its exit status. */
#define _GNU_SOURCE

#include "bench/spawn.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Appends everything readable from fd to a growing buffer; NULL on failure. */
static char *read_all(int fd) {
  size_t size = 0;
  size_t capacity = 4096;
  char *buf = malloc(capacity);
  if (buf == NULL) {
    return NULL;
  }
  for (;;) {
    if (capacity - size < 1024) {
      char *grown = realloc(buf, capacity * 2);
      if (grown == NULL) {
        free(buf);
        return NULL;
      }
      buf = grown;
      capacity *= 2;
    }
    ssize_t got = read(fd, buf + size, capacity - size - 1);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      free(buf);
      return NULL;
    }
    if (got == 0) {
      break;
    }
    size += (size_t)got;
  }
  buf[size] = '\0';
  return buf;
}

int spawn_capture(char *const argv[], char *const envp[], char **out) {
  *out = NULL;
  int fds[2];
  if (pipe(fds) != 0) {
    fprintf(stderr, "spawn: pipe: %s\n", strerror(errno));
    return 0;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &actions, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    fprintf(stderr, "spawn: cannot run %s: %s\n", argv[0], strerror(rc));
    return 0;
  }
  char *text = read_all(fds[0]);
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "spawn: waitpid: %s\n", strerror(errno));
      free(text);
      return 0;
    }
  }
  if (text == NULL) {
    fprintf(stderr, "spawn: out of memory reading %s's output\n", argv[0]);
    return 0;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (WIFSIGNALED(status)) {
      fprintf(stderr, "spawn: %s killed by signal %d\n", argv[0], WTERMSIG(status));
    } else {
      fprintf(stderr, "spawn: %s exited with status %d\n", argv[0], WEXITSTATUS(status));
    }
    free(text);
    return 0;
  }
  *out = text;
  return 1;
}
