// GB/T 2260 administrative division codes at province, city (地级) and county (县级) level, as
// compiled into the binary from data/regions/gbt2260.csv (see data/README.md for the source and
// what was changed). Six-digit codes: "110000" 北京市, "110100" 市辖区, "110105" 朝阳区.
// Pure; an immutable table whose const methods are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace suiji {

enum class RegionLevel { kProvince, kCity, kCounty };

// One row of the GB/T 2260 code table. (Not the organisational Region of core/org.h: two types
// of one name in one namespace would be an ODR violation.)
struct Gbt2260Region {
  std::string code;  // six digits
  std::string name;  // as the standard writes it, including placeholders such as "市辖区"
  RegionLevel level = RegionLevel::kProvince;
  std::string parent;  // empty for a province
};

class RegionTable {
 public:
  // Parses "code,name,level,parent" rows (level province|city|county); a parent must come before
  // its children and share their leading digits. Errors: InvalidArgument, REGION_FILE_INVALID.
  static StatusOr<RegionTable> Parse(std::string_view csv_text);
  // The table compiled into the binary.
  static const RegionTable& Gbt2260();

  size_t size() const { return rows_.size(); }
  // nullptr if the code is not in the table.
  const Gbt2260Region* Find(std::string_view code) const;
  // From the province down to the region itself; empty if unknown.
  std::vector<const Gbt2260Region*> Chain(std::string_view code) const;
  // Direct children, by code; empty for a county or an unknown code.
  std::vector<const Gbt2260Region*> Children(std::string_view code) const;
  std::vector<const Gbt2260Region*> Provinces() const;
  // The chain's names joined, leaving out the placeholder levels ("市辖区", "县",
  // "省直辖县级行政区划", "自治区直辖县级行政区划"): "110105" -> "北京市朝阳区". Empty if unknown.
  std::string FullName(std::string_view code) const;
  // OK if the code is in the table; InvalidArgument (REGION_CODE_INVALID) otherwise.
  Status Validate(std::string_view code) const;

 private:
  const Gbt2260Region* FindIndexed(std::string_view code, size_t* index) const;

  std::vector<Gbt2260Region> rows_;            // sorted by code
  std::vector<std::vector<size_t>> children_;  // indices into rows_, per row
};

}  // namespace suiji
