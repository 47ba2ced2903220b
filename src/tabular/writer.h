// Streaming writers for the table files users download (.csv and .xlsx).
//
// CSV
//   UTF-8 with BOM (so Excel on Windows shows Chinese correctly), CRLF line ends, a cell is
//   quoted when it holds a comma, quote, CR or LF, or starts/ends with a space.
//   Formula injection: Excel runs a CSV cell starting with = + - @ (or tab/CR) as a formula
//   (DDE attacks such as =cmd|' /C calc'!A0 in an enterprise name). Such a cell is written with
//   a leading apostrophe, except plain numbers ("-12.5", "+86") and a lone "-" or "+", which
//   Excel treats as values. To keep the escape reversible, a cell that already starts with an
//   apostrophe followed by one of those characters or another apostrophe gets one more. The
//   reader (ReadOptions::strip_formula_guard) drops exactly one such apostrophe, so
//   write → read returns identical cells. The cost: in Excel the guarded cells show the
//   apostrophe. XLSX needs no guard: every cell is written as a string, never a formula.
//
// XLSX (libxlsxwriter, constant-memory mode: one row in memory, rows streamed to a temp file)
//   Every cell is a string (codes keep leading zeros and all 18 digits), the header row is
//   bold and frozen, column widths follow the longest cell (CJK counts double, capped).
//   Sheet names are made legal for Excel: []:*?/\ become "_", at most 31 characters,
//   empty → "Sheet1". Limits (errors, not silent truncation): 1,048,576 rows, 16,384 columns,
//   32,767 characters per cell (CELL_TOO_LONG, TOO_MANY_ROWS, TOO_MANY_COLUMNS).
//   Control characters other than tab/LF/CR cannot appear in XML; they are written as Excel's
//   _xHHHH_ escapes, and a literal "_xHHHH_" in the data is escaped too, so the reader
//   returns the original text.
//
// Both: cells must be valid UTF-8 (ENCODING_INVALID otherwise). A writer is not thread-safe.
// Destroying a writer without Finish() abandons the file (a partial file may remain).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tabular/format.h"

namespace suiji::tabular {

struct WriteOptions {
  // Directory for libxlsxwriter's temporary files and for WriteTableToBytes; empty = the
  // system temp directory.
  std::string tmpdir;
  // CSV: apply the formula-injection guard described above.
  bool csv_formula_guard = true;
  // XLSX: bold + frozen first row.
  bool header_row = true;
};

class TableWriter {
 public:
  // Creates (truncates) `path`. Errors: FILE_UNWRITABLE.
  static StatusOr<std::unique_ptr<TableWriter>> Create(Format f, const std::string& path,
                                                       const std::string& sheet_name,
                                                       const WriteOptions& o = {});
  virtual ~TableWriter() = default;

  // Appends one row; the first row is the header.
  Status AddRow(const std::vector<std::string>& cells);
  Status AddRow(const std::vector<std::string_view>& cells);
  Status AddRow(std::initializer_list<std::string_view> cells);

  // Flushes and closes the file. Must be called once; AddRow after Finish is an error.
  virtual Status Finish() = 0;

  size_t rows_written() const { return rows_; }

 protected:
  TableWriter() = default;
  virtual Status DoAddRow(const std::string_view* cells, size_t n) = 0;

 private:
  size_t rows_ = 0;
  std::vector<std::string_view> views_;
};

// Writes a whole table to memory (HTTP downloads, templates). For large exports prefer the
// callback form, which streams rows (through a temp file for XLSX) instead of holding them.
StatusOr<std::string> WriteTableToBytes(Format f, const std::string& sheet_name,
                                        const std::vector<std::vector<std::string>>& rows,
                                        const WriteOptions& o = {});
StatusOr<std::string> WriteTableToBytes(Format f, const std::string& sheet_name,
                                        const std::function<Status(TableWriter&)>& fill,
                                        const WriteOptions& o = {});

// The sheet name libxlsxwriter will accept for `name` (see above).
std::string SanitizeSheetName(std::string_view name);

}  // namespace suiji::tabular
