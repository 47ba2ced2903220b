// Invariant checks inside fuzz targets. A violated invariant aborts, so libFuzzer records the
// input as a crash and fuzz/replay_main.cc (the `make test` driver) fails with the input saved.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "fuzz invariant violated at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                   #cond, what);                                                              \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)
