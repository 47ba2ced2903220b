// Table file formats the platform imports and exports, and how they are named on disk and
// over HTTP.
#pragma once

#include <string_view>

#include "core/status.h"

namespace suiji::tabular {

enum class Format { kCsv, kXlsx };

// ".csv" / ".xlsx" (case-insensitive) → the format. Anything else, including the old binary
// ".xls", is INVALID_ARGUMENT / FILE_FORMAT_UNSUPPORTED with a Chinese hint.
StatusOr<Format> FormatFromFileName(std::string_view name);

// ".csv" / ".xlsx".
std::string_view FileExtension(Format f);

// The Content-Type for downloads ("text/csv; charset=utf-8", the OOXML spreadsheet type).
std::string_view MimeType(Format f);

}  // namespace suiji::tabular
