// Normalising and parsing cell text typed by people in Excel. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace suiji::tabular {

// Removes leading and trailing whitespace: ASCII space/tab/CR/LF/VT/FF, U+00A0 (NBSP),
// U+3000 (ideographic space), U+200B (zero-width space) and U+FEFF (BOM). A view into `s`.
std::string_view TrimCell(std::string_view s);

// Full-width ASCII forms U+FF01–U+FF5E → U+0021–U+007E and U+3000 → space; everything else
// unchanged. For codes, numbers and dates, where Chinese input methods produce "９１３５…".
std::string ToHalfWidth(std::string_view s);

// For identifiers such as 统一社会信用代码, 身份证号, 注册号: half-width, ASCII letters
// upper-cased, all whitespace (anywhere) removed.
std::string NormalizeCode(std::string_view s);

// Dates as people type them, after trimming and half-width:
//   2026-11-21, 2026/11/21, 2026.11.21, 2026年11月21日 (month/day with or without leading
//   zero), 20261121, and the reader's rendering of Excel date-times "2026-11-21 00:00:00"
//   (a time part of 00:00 or 00:00:00 only). With accept_excel_serial, a bare whole number
//   1…2958465 is taken as an Excel 1900-system serial (for date columns formatted General).
// nullopt for anything else or an impossible date.
std::optional<Date> ParseDateCell(std::string_view s, bool accept_excel_serial = false);

// 是/否, Y/N, YES/NO, TRUE/FALSE, T/F, 1/0, √/×, 对/错 (case-insensitive, trimmed,
// half-width). nullopt otherwise (including empty).
std::optional<bool> ParseBoolCell(std::string_view s);

// Whole numbers: optional sign, digits, optional thousands separators "1,234"; also "12.0"
// (what some systems export for integers). nullopt otherwise or on overflow.
std::optional<int64_t> ParseIntCell(std::string_view s);

// Excel 1900-system serial → date (serial 60 is Excel's fictitious 1900-02-29 and yields
// nullopt). nullopt outside 1…2958465.
std::optional<Date> DateFromExcelSerial(int64_t serial);

}  // namespace suiji::tabular
