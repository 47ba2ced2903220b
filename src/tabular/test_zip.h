// Test support for suiji_tabular: building xlsx packages by hand and collecting rows.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "tabular/reader.h"

namespace suiji::tabular::testing {

// A zip archive of (name, content) entries, deflated.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries);

struct SheetPart {
  std::string name;
  std::string xml;  // the whole worksheet part
  bool hidden = false;
};

struct XlsxParts {
  std::vector<SheetPart> sheets;
  std::string shared_strings;  // whole part; empty = none
  std::string styles;          // whole part; empty = none
  bool date1904 = false;
};

// A minimal valid workbook package from the given parts.
std::string MakeXlsx(const XlsxParts& parts);

// Wraps <row> elements into a worksheet part.
std::string SheetXml(const std::string& rows);

// Wraps <si> elements into a shared-strings part.
std::string SstXml(const std::string& items);

struct ReadResult {
  Status status;
  std::vector<size_t> row_numbers;
  std::vector<std::vector<std::string>> rows;
  ReadInfo info;
};

ReadResult ReadAll(std::string_view bytes, Format f, const ReadOptions& o = {});

std::string TempPath(const std::string& name);
std::string ReadFileBytes(const std::string& path);

}  // namespace suiji::tabular::testing
