// Column mapping shared by every register importer and exporter: the Chinese headers users
// know, matched tolerantly, and the downloadable import template.
//
// A typical importer (all-or-nothing: collect every error, write nothing unless none):
//
//   std::optional<HeaderMap> map;
//   Status header = OkStatus();
//   ImportReport report;
//   RETURN_IF_ERROR(ReadTable(bytes, format, {}, [&](size_t row, const auto& cells) {
//     if (!map) {  // the first non-blank row is the header
//       StatusOr<HeaderMap> m = HeaderMap::Build(kTargetColumns, cells);
//       if (!m.ok()) {
//         header = m.status();
//         return false;
//       }
//       map = std::move(*m);
//       return true;
//     }
//     if (map->IsExampleRow(cells)) return true;  // template example left in
//     report.CountRow();
//     const std::string code = NormalizeCode(map->Get(cells, "uscc"));
//     if (!ValidUscc(code)) report.AddError(row, map->HeaderOf("uscc"), code, "校验位错误");
//     …
//     return true;
//   }));
//   RETURN_IF_ERROR(header);
//   RETURN_IF_ERROR(report.ToStatus());  // or return report.ToJson() to the client
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tabular/format.h"

namespace suiji::tabular {

struct ColumnSpec {
  // Stable program key, e.g. "uscc".
  std::string key;
  // The Chinese header written on export and in templates, e.g. "统一社会信用代码".
  std::string header;
  bool required = false;
  // Other headers accepted on import, e.g. {"社会信用代码", "信用代码"}.
  std::vector<std::string> aliases;
  // Example value for the template's second row.
  std::string example;
};

struct HeaderOptions {
  // Columns matching no spec: ignored (true) or HEADER_UNKNOWN (false).
  bool allow_unknown_columns = true;
};

// Header matching is tolerant of how people type headers: whitespace anywhere (including
// line breaks inside a wrapped header cell, U+3000 and NBSP) is ignored, full-width ASCII
// counts as half-width, ASCII letters are case-insensitive, and required-markers are removed
// ("*统一社会信用代码", "统一社会信用代码（必填）"). Exact rules in NormalizeHeader.
std::string NormalizeHeader(std::string_view header);

// Where each spec's column is in one file. Cheap to copy.
class HeaderMap {
 public:
  // Errors (INVALID_ARGUMENT, Chinese messages naming the headers and column letters):
  //   HEADER_MISSING    required specs with no column (all listed);
  //   HEADER_DUPLICATE  two columns map to the same spec;
  //   HEADER_UNKNOWN    a non-empty header matching no spec, when not allowed.
  // Empty header cells are ignored. Two specs sharing a header or alias is a programming
  // error (INTERNAL).
  static StatusOr<HeaderMap> Build(const std::vector<ColumnSpec>& specs,
                                   const std::vector<std::string_view>& header_cells,
                                   const HeaderOptions& o = {});

  // The cell for `key` in `row`; "" when the column is absent from the file, the row is
  // short, or the key is unknown.
  std::string_view Get(const std::vector<std::string_view>& row, std::string_view key) const;
  // Faster form for hot loops: `spec_index` is the position in the specs given to Build.
  std::string_view Get(const std::vector<std::string_view>& row, size_t spec_index) const {
    const int c = column_of_spec_[spec_index];
    return c >= 0 && static_cast<size_t>(c) < row.size() ? row[c] : std::string_view();
  }

  // Whether the file has a column for `key`.
  bool Has(std::string_view key) const;
  // 0-based column of `key`, if present.
  std::optional<size_t> ColumnOf(std::string_view key) const;
  // The Chinese header of `key` as the spec names it ("" for an unknown key), for messages.
  std::string_view HeaderOf(std::string_view key) const;
  // Whether `row` is the template's example row left in by the user: every mapped column
  // equals its spec's example (trimmed) and at least one example is non-empty. Importers
  // skip it or ask the user to delete it.
  bool IsExampleRow(const std::vector<std::string_view>& row) const;
  // Non-empty headers that matched no spec, in file order.
  const std::vector<std::string>& unknown_headers() const { return unknown_; }

 private:
  std::optional<size_t> SpecIndex(std::string_view key) const;

  std::vector<std::string> keys_;
  std::vector<std::string> headers_;
  std::vector<std::string> examples_;
  std::vector<int> column_of_spec_;
  std::vector<std::string> unknown_;
};

// The header row for exports: each spec's `header`, in order.
std::vector<std::string> HeaderRow(const std::vector<ColumnSpec>& specs);

// A downloadable import template: the header row (required columns prefixed "*", which
// HeaderMap ignores) and one example row. Returns the file bytes.
StatusOr<std::string> BuildTemplate(Format f, const std::vector<ColumnSpec>& specs,
                                    const std::string& sheet_name);

// "A", "B", … "Z", "AA" … for a 0-based column index (as Excel labels columns).
std::string ColumnLetters(size_t column_index);

}  // namespace suiji::tabular
