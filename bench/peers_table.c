/* peers_table: the peers of //bench:cycle, in table order (mimalloc, which
 * replaces malloc process-wide, has its own binary: peers_mimalloc.c). */
#include "bench/peer.h"

const bench_peer *const bench_peers[] = {&bench_peer_arena,
                                         &bench_peer_arena_cache,
                                         &bench_peer_bump,
                                         &bench_peer_endbump,
                                         &bench_peer_malloc,
                                         &bench_peer_obstack,
                                         &bench_peer_apr,
                                         &bench_peer_talloc,
                                         &bench_peer_pmr,
                                         &bench_peer_llvm,
                                         NULL};
