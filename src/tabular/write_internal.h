// Internal to suiji_tabular: the concrete writers behind TableWriter.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "tabular/workbook.h"
#include "tabular/writer.h"

namespace suiji::tabular::internal {

// CSV to a file, or (path empty) appended to *out.
StatusOr<std::unique_ptr<TableWriter>> NewCsvWriter(const std::string& path, std::string* out,
                                                    const WriteOptions& o);
StatusOr<std::unique_ptr<TableWriter>> NewXlsxWriter(const std::string& path,
                                                     const std::string& sheet_name,
                                                     const WriteOptions& o);

// The workbook of WriteWorkbookToBytes, written to `path`.
Status WriteXlsxWorkbook(const std::string& path, const std::vector<SheetData>& sheets,
                         const WriteOptions& o);

// Cell checks shared by both writers: valid UTF-8. `row`/`col` are 0-based.
Status CheckCellEncoding(std::string_view cell, size_t row, size_t col);

// Whether Excel would treat a CSV cell as a formula, and the guarded text (see writer.h).
bool NeedsFormulaGuard(std::string_view cell);

}  // namespace suiji::tabular::internal
