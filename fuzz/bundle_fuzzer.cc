// Draw bundles as `suiji draw verify` / `run` / `explain` read them (src/core/draw/bundle.h):
// any text is refused with a reason or verified; a bundle that runs verifies against its own
// output, and a dumped bundle parses back to the same document.
#include <cstdint>
#include <string>

#include "core/draw/bundle.h"
#include "fuzz/fuzz_check.h"

namespace {

// Bounds the work one input may ask for, so the fuzzer explores parsing and checking rather
// than drawing a pool of millions (RunBundle is linear in what the bundle declares).
bool Small(const suiji::draw::Json& b) {
  for (const char* f : {"pool", "eligible", "strata", "replacements"}) {
    auto it = b.find(f);
    if (it != b.end() && it->size() > 64) return false;
  }
  for (const char* f : {"per_task", "cap"}) {
    auto it = b.find(f);
    if (it != b.end() && it->is_number() && it->get<double>() > 64) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 32 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto bundle = suiji::draw::ParseBundleJson(text);
  // The CLI's form (pool held as records) refuses and accepts the same texts, dumps the same.
  auto held = suiji::draw::ParseBundle(text);
  FUZZ_CHECK(held.ok() == bundle.ok(), "ParseBundle and ParseBundleJson disagree");
  if (!bundle.ok()) {
    FUZZ_CHECK(!bundle.status().reason().empty() && !bundle.status().message().empty(), "refusal");
    FUZZ_CHECK(held.status().message() == bundle.status().message(), "refusals differ");
    return 0;
  }
  const std::string dumped = suiji::draw::DumpBundle(*bundle);
  FUZZ_CHECK(suiji::draw::DumpBundle(*held) == dumped, "a held pool dumps differently");
  auto again = suiji::draw::ParseBundleJson(dumped);
  FUZZ_CHECK(again.ok() && *again == *bundle, "DumpBundle does not parse back to the same bundle");
  if (!Small(*bundle)) return 0;

  const suiji::draw::DrawOptions one_thread{.threads = 1};
  auto verdict = suiji::draw::VerifyBundle(*bundle, one_thread);
  if (verdict.ok() && !verdict->ok)
    FUZZ_CHECK(!verdict->field.empty(), "a failed verdict names no field");
  if (!verdict.ok())
    FUZZ_CHECK(!verdict.status().message().empty(), "verify refusal without message");

  auto run = suiji::draw::RunBundle(*bundle, one_thread);
  if (run.ok()) {
    auto own = suiji::draw::VerifyBundle(*run, one_thread);
    FUZZ_CHECK(own.ok(), "the output of RunBundle is refused by VerifyBundle");
    FUZZ_CHECK(own->ok, "the output of RunBundle does not verify");
    auto explained = suiji::draw::ExplainBundle(*bundle, one_thread);
    FUZZ_CHECK(explained.ok(), "a bundle that runs cannot be explained");
  } else {
    FUZZ_CHECK(!run.status().reason().empty() && !run.status().message().empty(), "run refusal");
  }
  return 0;
}
