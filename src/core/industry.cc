#include "core/industry.h"

#include <cstdlib>

#include "core/reference_data.h"

namespace suiji {
namespace {

constexpr char kFileReason[] = "INDUSTRY_FILE_INVALID";
constexpr char kWhat[] = "行业分类文件";

bool IsSectionCode(std::string_view c) { return c.size() == 1 && c[0] >= 'A' && c[0] <= 'Z'; }
bool IsDivisionCode(std::string_view c) {
  return c.size() == 2 && c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9';
}

}  // namespace

StatusOr<IndustryTable> IndustryTable::Parse(std::string_view csv_text) {
  ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                   ParseReferenceCsv(csv_text, "code,name,parent", kWhat, kFileReason));
  IndustryTable table;
  for (const CsvRow& row : rows) {
    const std::string where = std::string(kWhat) + "第" + std::to_string(row.line) + "行";
    std::string_view code = row.fields[0], name = row.fields[1], parent = row.fields[2];
    if (name.empty()) return InvalidArgument(kFileReason, where + "：缺少名称");
    if (table.Find(code)) {
      return InvalidArgument(kFileReason, where + "：代码“" + std::string(code) + "”重复");
    }
    if (IsSectionCode(code) && parent.empty()) {
      table.rows_.push_back({std::string(code), std::string(name), code[0]});
      table.section_index_[code[0] - 'A'] = static_cast<uint16_t>(table.rows_.size());
    } else if (IsDivisionCode(code) && IsSectionCode(parent) && table.Find(parent)) {
      table.rows_.push_back({std::string(code), std::string(name), parent[0]});
      table.division_index_[(code[0] - '0') * 10 + (code[1] - '0')] =
          static_cast<uint16_t>(table.rows_.size());
    } else {
      return InvalidArgument(kFileReason, where + "：代码“" + std::string(code) + "”或所属门类“" +
                                              std::string(parent) + "”无效");
    }
  }
  return table;
}

const IndustryTable& IndustryTable::Gbt4754Of2017() {
  static const IndustryTable* const table = [] {
    StatusOr<IndustryTable> parsed = Parse(ReferenceDataFile("gbt4754-2017.csv"));
    // The file is compiled in and parsed by the unit tests, so failing here means a broken build.
    if (!parsed.ok()) std::abort();
    return new IndustryTable(*std::move(parsed));
  }();
  return *table;
}

std::vector<const Industry*> IndustryTable::Sections() const {
  std::vector<const Industry*> out;
  for (const Industry& row : rows_) {
    if (row.is_section()) out.push_back(&row);
  }
  return out;
}

std::vector<const Industry*> IndustryTable::DivisionsOf(char section) const {
  std::vector<const Industry*> out;
  for (const Industry& row : rows_) {
    if (!row.is_section() && row.section == section) out.push_back(&row);
  }
  return out;
}

const Industry* IndustryTable::Find(std::string_view code) const {
  uint16_t i = 0;
  if (IsSectionCode(code)) i = section_index_[code[0] - 'A'];
  else if (IsDivisionCode(code)) i = division_index_[(code[0] - '0') * 10 + (code[1] - '0')];
  return i ? &rows_[i - 1] : nullptr;
}

std::optional<char> IndustryTable::SectionOf(std::string_view code) const {
  // 中类 (3 digits) and 小类 (4 digits) begin with their division's two digits.
  if (code.size() == 3 || code.size() == 4) {
    for (char c : code) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    code = code.substr(0, 2);
  }
  const Industry* row = Find(code);
  if (!row) return std::nullopt;
  return row->section;
}

Status IndustryTable::Validate(std::string_view code) const {
  if (Find(code)) return OkStatus();
  std::string message = "行业代码“" + std::string(code) + "”无效：";
  if (code.empty()) {
    message = "行业代码为空";
  } else if (SectionOf(code)) {
    message += "只接受门类字母（A—T）或2位大类代码，中类、小类请填写其前2位";
  } else {
    message += "应为GB/T 4754-2017的门类字母（A—T）或2位大类代码（01—97）";
  }
  return InvalidArgument("INDUSTRY_CODE_INVALID", std::move(message));
}

const Industry* IndustryByCode(std::string_view code) {
  return IndustryTable::Gbt4754Of2017().Find(code);
}

std::optional<char> SectionOf(std::string_view code) {
  return IndustryTable::Gbt4754Of2017().SectionOf(code);
}

Status ValidateIndustryCode(std::string_view code) {
  return IndustryTable::Gbt4754Of2017().Validate(code);
}

}  // namespace suiji
