// peers_cxx: the C++ allocators of the cycle benchmark: libstdc++'s
// std::pmr::monotonic_buffer_resource and LLVM 14's BumpPtrAllocator.
#include <cstdlib>
#include <memory_resource>
#include <new>

#include "bench/peer.h"
#include "llvm/Support/Allocator.h"

namespace {

int no_setup(const plan *, size_t) { return 1; }

// --- std::pmr::monotonic_buffer_resource, 4096 bytes to start, new/delete upstream ---

void *pmr_create() { return new (std::nothrow) std::pmr::monotonic_buffer_resource(4096); }

#define PMR_PLAIN(r, n) (r)->allocate((n), 1)
#define PMR_ALIGNED(r, n) (r)->allocate((n), 8)
BENCH_SERVE(pmr_serve, std::pmr::monotonic_buffer_resource *, PMR_PLAIN, PMR_ALIGNED, BENCH_NO_KEEP)

void pmr_destroy(void *instance) {
  delete static_cast<std::pmr::monotonic_buffer_resource *>(instance);
}

// --- llvm::BumpPtrAllocator (4096-byte slabs, growing; >4096 bytes: own slab) ---

void *llvm_create() { return new (std::nothrow) llvm::BumpPtrAllocator(); }

// flatten: clang 14 does not inline Allocate (its slow path is inline too);
// LLVM gets its best case, the whole allocator inlined into the loop.
#define LLVM_PLAIN(a, n) (a)->Allocate((n), llvm::Align(1))
#define LLVM_ALIGNED(a, n) (a)->Allocate((n), llvm::Align(8))
__attribute__((flatten))
BENCH_SERVE(llvm_serve, llvm::BumpPtrAllocator *, LLVM_PLAIN, LLVM_ALIGNED, BENCH_NO_KEEP)

    void llvm_destroy(void *instance) {
  delete static_cast<llvm::BumpPtrAllocator *>(instance);
}

}  // namespace

extern "C" {
const bench_peer bench_peer_pmr = {
    "pmr",     "libstdc++ 12 std::pmr::monotonic_buffer_resource(4096)",
    no_setup,  pmr_create,
    pmr_serve, pmr_destroy,
    nullptr};
const bench_peer bench_peer_llvm = {
    "llvm",     "LLVM 14 BumpPtrAllocator (default: 4096-byte slabs)",
    no_setup,   llvm_create,
    llvm_serve, llvm_destroy,
    nullptr};
}
