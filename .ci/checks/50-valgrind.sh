#!/usr/bin/env bash
# Valgrind: a plain build (--config=nosan) of every test; the replay tests run
# under memcheck (--error-exitcode, full leak check) and must be clean, and the
# planted overrun into a poisoned block tail (client requests) and a planted
# leaked arena must be reported. The harness's subject is the arena built with
# memcheck client requests, so the model replays see poisoned tails too.
exec "$(dirname "$0")/../config-test.sh" nosan //verify:valgrind_control_test \
  //verify:valgrind_leak_control_test //verify:valgrind_replay_test \
  -- --//harness:subject=//harness:subject_arena_valgrind
