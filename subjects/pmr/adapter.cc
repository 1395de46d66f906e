// adapter: the subject adapter for libstdc++ 12's std::pmr::monotonic_buffer_resource,
// its upstream a memory_resource that takes every buffer from the harness's block allocator.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory_resource>
#include <new>

#include "harness/subject.h"

namespace {

// The harness allocator's alignment (like malloc's): larger ones are made by over-allocating.
constexpr size_t kBlockAlignment = alignof(std::max_align_t);

// The most the harness's `align` operation asks (OP_MAX_ALIGN); the resource takes any.
constexpr size_t kMaxAlignment = size_t{1} << 20;

// The upstream resource: buffers from subject_options' allocator, freed with their size;
// std::bad_alloc when it returns NULL (the resource's only way to fail). Without one (the
// library's defaults), malloc: new_delete_resource's operator new would end the process under
// ASan instead of throwing.
class HarnessResource final : public std::pmr::memory_resource {
 public:
  explicit HarnessResource(const subject_options &options) : options_(options) {
    if (options_.block_allocate == nullptr || options_.block_free == nullptr) {
      options_.block_allocate = [](void *, size_t bytes) { return std::malloc(bytes); };
      options_.block_free = [](void *, void *ptr, size_t) { std::free(ptr); };
    }
  }

 private:
  // Bytes asked of the harness for a buffer of `bytes` at `alignment`; 0 if too many.
  static size_t Raw(size_t bytes, size_t alignment) {
    size_t extra = alignment <= kBlockAlignment ? 0 : alignment;
    return bytes > SIZE_MAX - extra ? 0 : bytes + extra;
  }

  void *do_allocate(size_t bytes, size_t alignment) override {
    size_t raw_bytes = Raw(bytes, alignment);
    void *raw = raw_bytes == 0 ? nullptr : options_.block_allocate(options_.ctx, raw_bytes);
    if (raw == nullptr) {
      throw std::bad_alloc();
    }
    if (alignment <= kBlockAlignment) {
      return raw;
    }
    // Over-aligned: the first multiple of `alignment` with room for the raw pointer before it.
    uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = (start + sizeof(void *) + alignment - 1) & ~(uintptr_t{alignment} - 1);
    std::memcpy(reinterpret_cast<void *>(aligned - sizeof(void *)), &raw, sizeof raw);
    return reinterpret_cast<void *>(aligned);
  }

  void do_deallocate(void *p, size_t bytes, size_t alignment) override {
    void *raw = p;
    if (alignment > kBlockAlignment) {
      std::memcpy(&raw, static_cast<char *>(p) - sizeof(void *), sizeof raw);
    }
    options_.block_free(options_.ctx, raw, Raw(bytes, alignment));
  }

  bool do_is_equal(const std::pmr::memory_resource &other) const noexcept override {
    return this == &other;
  }

  subject_options options_;
};

// A resource's first buffer: the harness's block size, or libstdc++'s default (0).
std::pmr::monotonic_buffer_resource *MakeResource(size_t initial, HarnessResource *upstream) {
  if (initial == 0) {
    return new (std::nothrow) std::pmr::monotonic_buffer_resource(upstream);
  }
  return new (std::nothrow) std::pmr::monotonic_buffer_resource(initial, upstream);
}

const subject_contract kContract = {
    "pmr",
    "libstdc++ 12 std::pmr::monotonic_buffer_resource (libstdc++6 12.2.0-14+deb12u1)",
    0,  // leveldb_parity: its own policy (1.5x growing buffers, chunk footers)
    // zero: do_allocate turns 0 bytes into 1 "to not return the same pointer twice" (header).
    CONTRACT_ZERO_UNIQUE,
    // max_request: no limit of its own; a size whose buffer size wraps asks upstream for
    // SIZE_MAX bytes (libstdc++'s _Chunk::allocate), which fails; the rest fail upstream.
    SIZE_MAX,
    1,              // plain_alignment: plain is allocate(n, 1)
    8,              // alignment: `aligned` before any `align` asks 8 (LevelDB's, as the corpus)
    kMaxAlignment,  // max_alignment: any power of two (std::align; upstream gets max(a, 16))
    // usage: memory_resource has no usage call.
    CONTRACT_USAGE_NONE,
    // failure: upstream's std::bad_alloc goes through allocate; the adapter catches it.
    CONTRACT_FAIL_EXCEPTION,
    // unchanged: std::align changes nothing when it fails, and _M_new_buffer sets its
    // buffer, size and growth only after upstream returned.
    1,
    // blocks: every buffer from the upstream above, deallocated with its size.
    CONTRACT_BLOCKS_HARNESS_SIZED,
    // honours_block_size: block_size is initial_size, but a buffer is initial_size plus a
    // 16-byte footer rounded to 64, and each next one 1.5 times larger.
    0,
    0,  // poisons: libstdc++ is not built with ASan and does not poison
    {nullptr},
    "libstdc++.so is not instrumented: no libFuzzer coverage in _M_new_buffer, no ASan view of "
    "the free part of a buffer or of its _Chunk footer (an overrun into the footer is seen only "
    "if it changes a live allocation or breaks the sized free); usage not available",
};

}  // namespace

struct subject {
  explicit subject(const subject_options &options) : upstream(options) {}
  HarnessResource upstream;
  std::pmr::monotonic_buffer_resource *resource = nullptr;
};

const subject_contract *subject_describe(void) { return &kContract; }

subject *subject_create(const subject_options *options) {
  if (options == nullptr) {
    return nullptr;
  }
  subject *s = new (std::nothrow) subject(*options);
  if (s == nullptr) {
    return nullptr;
  }
  s->resource = MakeResource(options->block_size, &s->upstream);
  if (s->resource == nullptr) {
    delete s;
    return nullptr;
  }
  return s;
}

void *subject_allocate(subject *s, size_t bytes) { return subject_allocate_aligned(s, bytes, 1); }

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  try {
    return s->resource->allocate(bytes, alignment);
  } catch (const std::bad_alloc &) {
    return nullptr;
  }
}

size_t subject_memory_usage(const subject *s) {
  (void)s;  // CONTRACT_USAGE_NONE: never called
  return 0;
}

void subject_destroy(subject *s) {
  if (s != nullptr) {
    delete s->resource;  // gives every buffer back to the upstream
    delete s;
  }
}
