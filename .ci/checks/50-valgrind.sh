#!/usr/bin/env bash
# Valgrind: a plain build whose arena speaks memcheck client requests
# (--config=valgrind) of every test; the replay tests (direct and against the
# model) run under memcheck (--error-exitcode, full leak check) and must be
# clean, and the planted overrun into a poisoned block tail and a planted
# leaked arena must be reported.
exec "$(dirname "$0")/../config-test.sh" valgrind //verify:valgrind_control_test \
  //verify:valgrind_leak_control_test //verify:valgrind_replay_test
