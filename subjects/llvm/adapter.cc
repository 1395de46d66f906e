// adapter: the subject adapter for LLVM 14's llvm::BumpPtrAllocatorImpl with the default
// policy (4096-byte slabs, 4096-byte threshold, doubling every 128 slabs), slabs from the harness.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "harness/subject.h"

// LLVM's sanitizer annotations (llvm/Support/Compiler.h) in Allocate go through the checks
// below. A region of more than PTRDIFF_MAX bytes comes only from Allocate's size arithmetic
// wrapping (the huge-request finding) and would stop the sanitizer runtime itself (ASan:
// "CHECK failed: asan_poisoning.cpp"), so it is not passed on and the harness sees the pointer
// LLVM returns, as in a build without sanitizers; every other region is passed on unchanged.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LLVM_SUBJECT_ASAN 1
#endif
#if __has_feature(memory_sanitizer)
#define LLVM_SUBJECT_MSAN 1
#endif
#endif
#if !defined(LLVM_SUBJECT_ASAN) && defined(__SANITIZE_ADDRESS__)
#define LLVM_SUBJECT_ASAN 1
#endif
#if defined(LLVM_SUBJECT_ASAN)
#define __asan_poison_memory_region llvm_subject_poison
#define __asan_unpoison_memory_region llvm_subject_unpoison
#endif
#if defined(LLVM_SUBJECT_MSAN)
#define __msan_allocated_memory llvm_subject_msan_allocated
#endif

#include "llvm/Support/Allocator.h"

#if defined(LLVM_SUBJECT_ASAN)
#undef __asan_poison_memory_region
#undef __asan_unpoison_memory_region
extern "C" void __asan_poison_memory_region(void const volatile *addr, size_t size);
extern "C" void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
extern "C" void llvm_subject_poison(void const volatile *addr, size_t size) {
  if (size <= PTRDIFF_MAX) {
    __asan_poison_memory_region(addr, size);
  }
}
extern "C" void llvm_subject_unpoison(void const volatile *addr, size_t size) {
  if (size <= PTRDIFF_MAX) {
    __asan_unpoison_memory_region(addr, size);
  }
}
#endif
#if defined(LLVM_SUBJECT_MSAN)
#undef __msan_allocated_memory
extern "C" void __msan_allocated_memory(const volatile void *data, size_t size);
extern "C" void llvm_subject_msan_allocated(const volatile void *data, size_t size) {
  if (size <= PTRDIFF_MAX) {
    __msan_allocated_memory(data, size);
  }
}
#endif

namespace {

// The AllocatorT of the arena: slabs from subject_options' allocator, freed with their size.
// LLVM uses the result unchecked (Allocate is returns_nonnull), so a NULL is thrown as
// std::bad_alloc, as LLVM's own allocate_buffer does in a build with exceptions. Without an
// allocator (the library's defaults), malloc: MallocAllocator's operator new would end the
// process under ASan instead of throwing.
class HarnessAllocator {
 public:
  explicit HarnessAllocator(const subject_options &options) : options_(options) {
    if (options_.block_allocate == nullptr || options_.block_free == nullptr) {
      options_.block_allocate = [](void *, size_t bytes) { return std::malloc(bytes); };
      options_.block_free = [](void *, void *ptr, size_t) { std::free(ptr); };
    }
  }

  void *Allocate(size_t size, size_t alignment) {
    // LLVM asks alignof(std::max_align_t), the harness allocator's (malloc's) alignment.
    void *p = alignment <= alignof(std::max_align_t) ? options_.block_allocate(options_.ctx, size)
                                                     : nullptr;
    if (p == nullptr) {
      throw std::bad_alloc();
    }
    return p;
  }

  void Deallocate(const void *ptr, size_t size, size_t /*alignment*/) {
    options_.block_free(options_.ctx, const_cast<void *>(ptr), size);
  }

 private:
  subject_options options_;
};

// BumpPtrAllocator's parameters (SlabSize 4096, SizeThreshold = SlabSize, GrowthDelay 128)
// with our AllocatorT.
using Arena = llvm::BumpPtrAllocatorImpl<HarnessAllocator, 4096, 4096, 128>;

// The most the harness's `align` operation asks (OP_MAX_ALIGN); llvm::Align takes up to 2^63.
constexpr size_t kMaxAlignment = size_t{1} << 20;

const subject_contract kContract = {
    "llvm",
    "LLVM 14 llvm::BumpPtrAllocatorImpl<HarnessAllocator, 4096, 4096, 128> (llvm-14-dev "
    "1:14.0.6-12), compiled with NDEBUG like LLVM's release build",
    0,  // leveldb_parity: its own policy
    // zero: Allocate(0) returns the bump pointer without moving it, the next object's
    // address (and NULL on a fresh arena outside ASan builds).
    CONTRACT_ZERO_ANY,
    // max_request: no limit documented or checked; the slab allocator fails large ones.
    SIZE_MAX,
    1,              // plain_alignment: plain is Allocate(n, Align(1))
    8,              // alignment: `aligned` before any `align` asks 8 (LevelDB's, as the corpus)
    kMaxAlignment,  // max_alignment: Allocate(n, Align(a)) takes any power of two
    // usage: getTotalMemory(), the bytes of every slab and custom-sized slab it holds.
    CONTRACT_USAGE_HELD,
    // failure: the AllocatorT's std::bad_alloc goes through Allocate; the adapter catches it.
    CONTRACT_FAIL_EXCEPTION,
    // unchanged: a slab is recorded (Slabs/CustomSizedSlabs, CurPtr, End) only after
    // AllocatorT::Allocate returned. (BytesAllocated, not the usage, counts the failed size.)
    1,
    // blocks: every slab from HarnessAllocator, deallocated with its size.
    CONTRACT_BLOCKS_HARNESS_SIZED,
    // honours_block_size: SlabSize is a template parameter: subject_options.block_size is ignored.
    0,
    // poisons: under ASan (LLVM_ADDRESS_SANITIZER_BUILD) it poisons each new slab and leaves
    // a 1-byte red zone after each object.
    1,
    // known (findings/): Allocate's size arithmetic wraps for sizes near SIZE_MAX: memory is
    // returned, CurPtr + size overflows, and a fresh arena returns NULL despite returns_nonnull
    // (the last two reported where UBSan is on).
    {"huge-request", "undefined-behaviour pointer-overflow at Allocator.h:159",
     "undefined-behaviour pointer-overflow at Allocator.h:193",
     "undefined-behaviour invalid-null-return" /* gcc gives no line */,
     // after a wrapped slab-path request CurPtr lies before its slab: memory outside every slab
     "usage is less than the",
     "usage ) with" /* api_fuzzer's words: "usage U (was W) with L live bytes" */,
     "bad-free" /* ... and over the slab allocator's header before the slab */, nullptr},
    "LLVMSupport is not instrumented (SmallVector growth only); Allocate is inline and fully "
    "seen. ASan builds add a 1-byte red zone per object, so sizes and addresses differ "
    "between ASan and other builds",
};

}  // namespace

struct subject {
  explicit subject(const subject_options &options) : arena(HarnessAllocator(options)) {}
  Arena arena;
};

const subject_contract *subject_describe(void) { return &kContract; }

subject *subject_create(const subject_options *options) {
  if (options == nullptr) {
    return nullptr;
  }
  return new (std::nothrow) subject(*options);
}

void *subject_allocate(subject *s, size_t bytes) { return subject_allocate_aligned(s, bytes, 1); }

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  try {
    return s->arena.Allocate(bytes, llvm::Align(alignment));
  } catch (const std::bad_alloc &) {
    return nullptr;
  }
}

size_t subject_memory_usage(const subject *s) { return s->arena.getTotalMemory(); }

void subject_destroy(subject *s) { delete s; }
