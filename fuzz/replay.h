/* replay: what fuzz targets may ask of the driver: whether they run under
 * replay_main (to explain rejected inputs) rather than under an engine. */
#ifndef FUZZ_REPLAY_H
#define FUZZ_REPLAY_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 in binaries linked with replay_main.c; the symbol is absent (weak,
 * address NULL) under libFuzzer or AFL. */
extern int fuzz_replaying __attribute__((weak));

/* 1 if the target runs under replay_main (then it may print why it rejects
 * an input; under an engine that would flood the log). */
static inline int fuzz_is_replaying(void) { return &fuzz_replaying != 0 && fuzz_replaying; }

#ifdef __cplusplus
}
#endif

#endif /* FUZZ_REPLAY_H */
