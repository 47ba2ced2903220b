// Shared by csv_fuzzer.cc and xlsx_fuzzer.cc: one read of a table (src/tabular/reader.h) with
// the limits the importers use; rows are counted and every refusal must carry a reason.
#pragma once

#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "tabular/reader.h"
#include "tabular/utf8.h"

namespace suiji::fuzz {

inline void ReadAnyTable(const uint8_t* data, size_t size, tabular::Format format) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  tabular::ReadOptions o;
  o.max_uncompressed_bytes = 16u << 20;
  size_t rows = 0;
  size_t last_row = 0;
  Status s = tabular::ReadTable(
      bytes, format, o, [&](size_t row, const std::vector<std::string_view>& cells) {
        ++rows;
        FUZZ_CHECK(rows == 1 || row > last_row, "row numbers must increase");
        last_row = row;
        FUZZ_CHECK(cells.size() <= 16384, "more columns than the limit");
        bool any = false;
        for (std::string_view c : cells) {
          FUZZ_CHECK(tabular::internal::FindInvalidUtf8(c) == tabular::internal::kNpos,
                     "a cell is not UTF-8");
          any = any || !c.empty();
        }
        FUZZ_CHECK(any, "an all-empty row was reported");
        return true;
      });
  if (!s.ok()) {
    FUZZ_CHECK(!s.reason().empty(), "table refusal without reason");
    FUZZ_CHECK(!s.message().empty(), "table refusal without message");
  }
}

}  // namespace suiji::fuzz
