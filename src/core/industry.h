// GB/T 4754-2017 国民经济行业分类 at the two levels the target directory records (SPEC §DIR):
// the 20 门类 (sections, letters A..T) and the 97 大类 (divisions, two digits "01".."97").
// The table is data/industry/gbt4754-2017.csv, compiled into the binary. Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace suiji {

struct Industry {
  std::string code;     // "F" for a section, "52" for a division
  std::string name;     // "批发和零售业", "零售业"
  char section = '\0';  // the section letter; for a section, its own code
  bool is_section() const { return code.size() == 1; }
};

class IndustryTable {
 public:
  // Parses the format of data/industry/gbt4754-2017.csv ("code,name,parent"; a section row has an
  // empty parent and must come before its divisions). Errors: InvalidArgument,
  // INDUSTRY_FILE_INVALID.
  static StatusOr<IndustryTable> Parse(std::string_view csv_text);
  // GB/T 4754-2017 as compiled into the binary.
  static const IndustryTable& Gbt4754Of2017();

  // Sections and divisions, in the standard's order.
  std::span<const Industry> all() const { return rows_; }
  std::vector<const Industry*> Sections() const;
  std::vector<const Industry*> DivisionsOf(char section) const;

  // The section or division with exactly this code; nullptr if there is none.
  const Industry* Find(std::string_view code) const;
  // The section of a section letter, a division, or a finer class given by its digits (the first
  // two digits are the division: "5211" -> 'F'). nullopt for anything unknown.
  std::optional<char> SectionOf(std::string_view code) const;
  // OK if `code` is a section letter or a division code of the table; InvalidArgument
  // (INDUSTRY_CODE_INVALID) with a Chinese message otherwise.
  Status Validate(std::string_view code) const;

 private:
  std::vector<Industry> rows_;
  // Row index + 1 by section letter and by division number (0 = none): imports look codes up
  // once per row, a million times per file.
  std::array<uint16_t, 26> section_index_{};
  std::array<uint16_t, 100> division_index_{};
};

// Shorthands on IndustryTable::Gbt4754Of2017().
const Industry* IndustryByCode(std::string_view code);
std::optional<char> SectionOf(std::string_view code);
Status ValidateIndustryCode(std::string_view code);

}  // namespace suiji
