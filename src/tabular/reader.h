// Streaming readers for the table files users upload (.csv and .xlsx).
//
// Every register import goes through ReadTable: it calls back once per row with the cells as
// UTF-8 text, holding at most one row in memory (plus, for .xlsx, the workbook's shared-string
// table, which Excel keeps as one part).
//
// What the callback sees
//   - row_number is 1-based as Excel shows it; for CSV it is the record number (a quoted cell
//     with line breaks still counts as one row).
//   - Rows whose cells are all empty are not reported (row numbers still count them), so
//     trailing and interleaved blank rows never reach importers.
//   - Rows are not padded: a row may have fewer cells than the header (missing cells are
//     empty) or more. Gaps in sparse .xlsx rows are filled with empty cells.
//   - The string_views are valid only during the call.
//   - Returning false stops reading; ReadTable then returns OK.
//
// CSV (RFC 4180)
//   - Comma-separated; quoted cells with doubled quotes, embedded commas and line breaks;
//     CRLF, LF and lone CR line ends; a bare quote inside an unquoted cell is literal (as
//     Excel reads it). Text after a closing quote, or an unclosed quote, is FILE_CORRUPT
//     naming the row.
//   - Encoding: UTF-8 with or without BOM. Input that is not UTF-8 is decoded as GB18030 (a
//     superset of GBK/GB2312, what Chinese Excel writes for "CSV (逗号分隔)") when it decodes
//     cleanly and does not look like damaged UTF-8; otherwise ENCODING_INVALID asking the user
//     to save as "CSV UTF-8". UTF-16 ("Unicode 文本") is refused the same way. ReadInfo says
//     which encoding was used.
//   - Formula guard: TableWriter prefixes an apostrophe to CSV cells Excel would run as a
//     formula (see writer.h). With strip_formula_guard (default) the reader undoes exactly
//     that escape — a leading ' followed by = + - @ tab CR or ' is dropped — so an exported
//     file re-imports to identical data.
//
// XLSX (own reader on libzip; the sheet is scanned in one streaming pass)
//   - Shared strings, inline strings, rich-text runs (phonetic runs skipped), formula cached
//     values (a formula never calculated reads as empty), booleans (TRUE/FALSE), error values
//     (#N/A …), _xHHHH_ escapes. A merged range has its value in its top-left cell only, as
//     in the file.
//   - Numbers are rendered as Excel's formula bar shows them: integers without ".0", at most
//     15 significant digits, no exponent. A whole number of 16 or more digits (a 统一社会信用代码
//     or 身份证号 typed into a General cell) has already lost digits inside Excel: with
//     fail_on_precision_loss (default) that is NUMBER_PRECISION_LOST naming the cell, else it
//     is rendered with the digits Excel kept.
//   - Dates through the cell style: built-in formats 14–22, 45–47, the Chinese built-ins
//     27–36 and 50–58, and custom formats with y/m/d or h/s, rendered "YYYY-MM-DD",
//     "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS"; both the 1900 and the 1904 date systems.
//   - The sheet is chosen by name (exact, then ASCII case-insensitive); empty = the first
//     visible worksheet.
//
// Limits and errors (reason ids; messages are Chinese and safe to show)
//   FILE_TOO_LARGE   more than max_rows rows, more than 16384 columns, or more than
//                    max_uncompressed_bytes of CSV text / decompressed xlsx parts (zip bombs).
//   FILE_CORRUPT     not a zip, truncated, CRC error, encrypted, an .xls or other file renamed,
//                    malformed XML or CSV quoting, missing parts.
//   ENCODING_INVALID as above.
//   SHEET_NOT_FOUND  the named sheet does not exist (the message lists the sheets).
//   NUMBER_PRECISION_LOST as above.
// Nothing here throws or aborts on hostile input.
//
// Thread safety: the functions are reentrant; concurrent calls share nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tabular/format.h"

namespace suiji::tabular {

struct ReadOptions {
  size_t max_rows = 5'000'000;
  size_t max_uncompressed_bytes = 2ull << 30;
  // XLSX: the sheet to read; empty = the first visible worksheet. Ignored for CSV.
  std::string sheet;
  // XLSX: a whole number with more than 15 digits is an error (see above).
  bool fail_on_precision_loss = true;
  // CSV: undo TableWriter's formula-injection escape (see above).
  bool strip_formula_guard = true;
};

// Facts about a finished read, for messages like "已按 GBK 编码读取".
struct ReadInfo {
  // "UTF-8", "UTF-8 BOM", "GB18030" for CSV; "XLSX" for workbooks.
  std::string encoding;
  // The sheet actually read (XLSX).
  std::string sheet;
  // Rows reported to the callback (non-blank), and the last row number seen.
  size_t rows_reported = 0;
  size_t last_row_number = 0;
};

using RowCallback =
    std::function<bool(size_t row_number, const std::vector<std::string_view>& cells)>;

// Reads `bytes` (the whole file) as format `f`. `info` may be null.
Status ReadTable(std::string_view bytes, Format f, const ReadOptions& o, const RowCallback& on_row,
                 ReadInfo* info = nullptr);

// Maps the file read-only and calls ReadTable; the format comes from the file name.
// Missing file: NOT_FOUND / FILE_NOT_FOUND; unreadable: FILE_UNREADABLE.
Status ReadTableFile(const std::string& path, const ReadOptions& o, const RowCallback& on_row,
                     ReadInfo* info = nullptr);

// The worksheet names of an .xlsx file in tab order (for a sheet picker).
StatusOr<std::vector<std::string>> ListSheets(std::string_view xlsx_bytes,
                                              size_t max_uncompressed_bytes = 2ull << 30);

}  // namespace suiji::tabular
