// CSV import files (src/tabular/csv_reader.cc): any bytes give rows or a refusal.
#include "fuzz/table_fuzzer_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  suiji::fuzz::ReadAnyTable(data, size, suiji::tabular::Format::kCsv);
  return 0;
}
