// XLSX import files (src/tabular/xlsx_reader.cc: zip, shared strings, styles, sheet XML): any
// bytes give rows or a refusal, within the uncompressed-size limit.
#include "fuzz/table_fuzzer_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  suiji::fuzz::ReadAnyTable(data, size, suiji::tabular::Format::kXlsx);
  return 0;
}
