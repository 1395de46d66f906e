/* replay: workload -> program -> runner (subject against the shadow model),
 * with LevelDB's per-iteration checks as the runner's observer. */
#include "verify/replay.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "harness/faulty.h"
#include "harness/model.h"
#include "harness/subject.h"

/* State of replay_build while the workload emits its requests. */
typedef struct builder {
  const replay_case *c;
  program *p;
  model m;
  size_t requests;
  size_t blocks; /* block allocations the model predicts so far */
  int ok;
} builder;

static void build_request(void *ctx, int aligned, size_t size) {
  builder *b = ctx;
  if (!b->ok) {
    return;
  }
  model_prediction pr = model_predict(&b->m, size, aligned);
  if (pr.path == MODEL_NEW_BLOCK || pr.path == MODEL_DEDICATED) {
    b->blocks++;
    if (b->blocks == b->c->fail_block) {
      b->ok = program_push(b->p, OP_FAIL_NEXT_BLOCK, 0);
    }
  }
  /* The model follows the run without the fault: it only locates it. */
  model_apply(&b->m, &pr);
  b->ok = b->ok && program_push(b->p, aligned ? OP_ALIGNED : OP_ALLOCATE, size);
  b->requests++;
}

int replay_build(const replay_case *c, program *out, size_t *blocks) {
  assert(c != NULL && out != NULL);
  builder b;
  memset(&b, 0, sizeof b);
  b.c = c;
  b.p = out;
  b.ok = 1;
  out->block_size = c->w.block_size;
  model_init(&b.m, c->w.block_size, FAULTY_MAX_BLOCK);
  workload_generate(&c->w, build_request, &b);
  b.ok = b.ok && program_push(out, OP_VERIFY_ALL, 0);
  if (blocks != NULL) {
    *blocks = b.blocks;
  }
  return b.ok && c->fail_block <= b.blocks;
}

/* The observer: LevelDB's checks after each request. */
typedef struct observer {
  const replay_case *c;
  double worst;
  size_t fault_op; /* index of the fail-next-block operation; SIZE_MAX if none */
} observer;

/* The workload iteration of operation `index`: requests before it, minus the
 * fault operation if it came earlier. */
static size_t iteration_of(const observer *ob, const program *p, size_t index) {
  if (index >= p->count) {
    return index == SIZE_MAX ? 0 : ob->c->w.iterations;
  }
  if (p->ops[index].kind == OP_VERIFY_ALL) {
    return ob->c->w.iterations;
  }
  return index > ob->fault_op ? index - 1 : index;
}

static int leveldb_checks(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                          char *message, size_t message_size) {
  observer *ob = ctx;
  if (o->kind != OP_ALLOCATE && o->kind != OP_ALIGNED) {
    return 0;
  }
  size_t i = index > ob->fault_op ? index - 1 : index;
  if (usage < live_bytes) {
    (void)snprintf(message, message_size, "iteration %zu: usage %zu < bytes %zu", i, usage,
                   live_bytes);
    return 1;
  }
  if (i > ob->c->w.iterations / 10 && live_bytes > 0) {
    double ratio = (double)usage / (double)live_bytes;
    if (ratio > ob->worst) {
      ob->worst = ratio;
    }
    if (ob->c->check_ratio && ratio > 1.10) {
      (void)snprintf(message, message_size,
                     "iteration %zu: usage %zu > 1.10 x bytes %zu (LevelDB's bound)", i, usage,
                     live_bytes);
      return 1;
    }
  }
  return 0;
}

int replay_run(const replay_case *c, replay_result *result) {
  assert(c != NULL && result != NULL);
  memset(result, 0, sizeof *result);
  program p;
  program_init(&p);
  if (!replay_build(c, &p, &result->blocks)) {
    if (c->fail_block > result->blocks) {
      (void)snprintf(result->failure.message, sizeof result->failure.message,
                     "--fail-block=%zu: the workload allocates only %zu blocks", c->fail_block,
                     result->blocks);
    } else {
      (void)snprintf(result->failure.message, sizeof result->failure.message,
                     "out of memory building the program");
    }
    program_free(&p);
    return 0;
  }
  observer ob;
  memset(&ob, 0, sizeof ob);
  ob.c = c;
  ob.fault_op = SIZE_MAX;
  for (size_t k = 0; k < p.count; k++) {
    if (p.ops[k].kind == OP_FAIL_NEXT_BLOCK) {
      ob.fault_op = k;
    }
  }
  runner_options o;
  memset(&o, 0, sizeof o);
  o.quiet = 1;
  o.after_op = leveldb_checks;
  o.ctx = &ob;
  int ok = runner_run(&p, &o, &result->stats, &result->failure);
  result->leveldb_ratio = ob.worst;
  if (!ok) {
    result->iteration = iteration_of(&ob, &p, result->failure.op_index);
  }
  program_free(&p);
  return ok;
}

void replay_print_command(FILE *f, const replay_case *c) {
  (void)fprintf(f,
                "replay: bazel run //verify:replay -- --generator=%s --seed=%llu "
                "--iterations=%zu --block-size=%zu --aligned-one-in=%u",
                c->w.generator == WORKLOAD_PARK_MILLER ? "park-miller" : "lcg",
                (unsigned long long)c->w.seed, c->w.iterations,
                c->w.block_size == 0 ? OP_DEFAULT_BLOCK_SIZE : c->w.block_size,
                (unsigned)c->w.aligned_one_in);
  if (c->fail_block != 0) {
    (void)fprintf(f, " --fail-block=%zu", c->fail_block);
  }
  const char *name = subject_describe()->name;
  if (strcmp(name, "arena") != 0) {
    /* Not our arena: the command needs the same --//harness:subject. */
    (void)fprintf(f, "   (subject '%s': add its --//harness:subject=<label>)", name);
  }
  (void)fprintf(f, "\n");
}

void replay_report(FILE *f, const replay_case *c, const replay_result *result) {
  (void)fprintf(f, "FAILED: generator=%s seed=%llu iteration=%zu: %s\n",
                c->w.generator == WORKLOAD_PARK_MILLER ? "park-miller" : "lcg",
                (unsigned long long)c->w.seed, result->iteration, result->failure.message);
  replay_print_command(f, c);
}
