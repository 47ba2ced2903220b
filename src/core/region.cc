#include "core/region.h"

#include <algorithm>
#include <cstdlib>

#include "core/reference_data.h"

namespace suiji {
namespace {

constexpr char kFileReason[] = "REGION_FILE_INVALID";
constexpr char kWhat[] = "行政区划文件";

bool IsSixDigits(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The parent code a region of `level` must have: its province or city part padded with zeros.
std::string ExpectedParent(std::string_view code, RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince: return "";
    case RegionLevel::kCity: return std::string(code.substr(0, 2)) + "0000";
    case RegionLevel::kCounty: return std::string(code.substr(0, 4)) + "00";
  }
  return "";
}

bool IsPlaceholder(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
         name == "自治区直辖县级行政区划";
}

}  // namespace

StatusOr<RegionTable> RegionTable::Parse(std::string_view csv_text) {
  ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                   ParseReferenceCsv(csv_text, "code,name,level,parent", kWhat, kFileReason));
  RegionTable table;
  for (const CsvRow& row : rows) {
    const std::string where = std::string(kWhat) + "第" + std::to_string(row.line) + "行";
    Gbt2260Region r{std::string(row.fields[0]), std::string(row.fields[1]), RegionLevel::kProvince,
                    std::string(row.fields[3])};
    if (row.fields[2] == "province") {
      r.level = RegionLevel::kProvince;
    } else if (row.fields[2] == "city") {
      r.level = RegionLevel::kCity;
    } else if (row.fields[2] == "county") {
      r.level = RegionLevel::kCounty;
    } else {
      return InvalidArgument(kFileReason, where + "：级别“" + std::string(row.fields[2]) + "”无效");
    }
    if (!IsSixDigits(r.code) || r.name.empty()) {
      return InvalidArgument(kFileReason, where + "：代码或名称无效");
    }
    if (r.parent != ExpectedParent(r.code, r.level) ||
        (!r.parent.empty() && !table.Find(r.parent))) {
      return InvalidArgument(kFileReason, where + "：上级代码“" + r.parent + "”无效");
    }
    if (table.Find(r.code)) {
      return InvalidArgument(kFileReason, where + "：代码“" + r.code + "”重复");
    }
    // Rows arrive by level, not by code; keep the vector sorted for binary search.
    const auto at =
        std::lower_bound(table.rows_.begin(), table.rows_.end(), r.code,
                         [](const Gbt2260Region& a, const std::string& c) { return a.code < c; });
    table.rows_.insert(at, std::move(r));
  }
  table.children_.assign(table.rows_.size(), {});
  for (size_t i = 0; i < table.rows_.size(); ++i) {
    size_t parent_index = 0;
    if (!table.rows_[i].parent.empty() && table.FindIndexed(table.rows_[i].parent, &parent_index)) {
      table.children_[parent_index].push_back(i);
    }
  }
  return table;
}

const RegionTable& RegionTable::Gbt2260() {
  static const RegionTable* const table = [] {
    StatusOr<RegionTable> parsed = Parse(ReferenceDataFile("gbt2260.csv"));
    // The file is compiled in and parsed by the unit tests, so failing here means a broken build.
    if (!parsed.ok()) std::abort();
    return new RegionTable(*std::move(parsed));
  }();
  return *table;
}

const Gbt2260Region* RegionTable::FindIndexed(std::string_view code, size_t* index) const {
  const auto it =
      std::lower_bound(rows_.begin(), rows_.end(), code,
                       [](const Gbt2260Region& a, std::string_view c) { return a.code < c; });
  if (it == rows_.end() || it->code != code) return nullptr;
  if (index) *index = static_cast<size_t>(it - rows_.begin());
  return &*it;
}

const Gbt2260Region* RegionTable::Find(std::string_view code) const {
  return FindIndexed(code, nullptr);
}

std::vector<const Gbt2260Region*> RegionTable::Chain(std::string_view code) const {
  std::vector<const Gbt2260Region*> chain;
  for (const Gbt2260Region* r = Find(code); r; r = r->parent.empty() ? nullptr : Find(r->parent)) {
    chain.push_back(r);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<const Gbt2260Region*> RegionTable::Children(std::string_view code) const {
  std::vector<const Gbt2260Region*> out;
  size_t index = 0;
  if (!FindIndexed(code, &index)) return out;
  for (size_t child : children_[index]) out.push_back(&rows_[child]);
  return out;
}

std::vector<const Gbt2260Region*> RegionTable::Provinces() const {
  std::vector<const Gbt2260Region*> out;
  for (const Gbt2260Region& r : rows_) {
    if (r.level == RegionLevel::kProvince) out.push_back(&r);
  }
  return out;
}

std::string RegionTable::FullName(std::string_view code) const {
  std::string out;
  for (const Gbt2260Region* r : Chain(code)) {
    if (!IsPlaceholder(r->name)) out += r->name;
  }
  return out;
}

Status RegionTable::Validate(std::string_view code) const {
  if (Find(code)) return OkStatus();
  if (!IsSixDigits(code)) {
    return InvalidArgument("REGION_CODE_INVALID",
                           "行政区划代码“" + std::string(code) + "”无效：应为6位数字");
  }
  return InvalidArgument("REGION_CODE_INVALID",
                         "行政区划代码“" + std::string(code) + "”不在GB/T 2260行政区划代码表中");
}

}  // namespace suiji
