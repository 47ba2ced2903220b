#include "tabular/columns.h"

#include <map>

#include "tabular/cells.h"
#include "tabular/utf8.h"
#include "tabular/writer.h"

namespace suiji::tabular {
namespace {

std::string JoinChinese(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) {
    if (!s.empty()) s += "、";
    s += "“" + i + "”";
  }
  return s;
}

void StripSuffix(std::string* s, std::string_view suffix) {
  if (s->size() > suffix.size() && std::string_view(*s).ends_with(suffix)) {
    s->resize(s->size() - suffix.size());
  }
}

}  // namespace

std::string NormalizeHeader(std::string_view header) {
  const std::string half = ToHalfWidth(header);
  std::string out;
  out.reserve(half.size());
  for (size_t i = 0; i < half.size();) {
    uint32_t cp;
    const int len = internal::DecodeUtf8(half, i, &cp);
    if (len == 0) {
      out.push_back(half[i++]);
      continue;
    }
    const bool space = cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 ||
                       cp == 0x200B || cp == 0xFEFF;
    if (!space) {
      if (cp >= 'A' && cp <= 'Z') {
        out.push_back(static_cast<char>(cp - 'A' + 'a'));
      } else {
        out.append(half, i, static_cast<size_t>(len));
      }
    }
    i += static_cast<size_t>(len);
  }
  for (std::string_view marker : {"(必填)", "(选填)", "(可选)", "【必填】", "[必填]"}) {
    StripSuffix(&out, marker);
  }
  while (out.size() > 1 && out.front() == '*') out.erase(0, 1);
  while (out.size() > 1 && out.back() == '*') out.pop_back();
  return out;
}

std::string ColumnLetters(size_t column_index) {
  std::string s;
  for (size_t c = column_index + 1; c > 0; c = (c - 1) / 26) {
    s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return s;
}

StatusOr<HeaderMap> HeaderMap::Build(const std::vector<ColumnSpec>& specs,
                                     const std::vector<std::string_view>& header_cells,
                                     const HeaderOptions& o) {
  HeaderMap m;
  std::map<std::string, size_t, std::less<>> by_name;
  for (size_t i = 0; i < specs.size(); ++i) {
    m.keys_.push_back(specs[i].key);
    m.headers_.push_back(specs[i].header);
    m.examples_.push_back(specs[i].example);
    std::vector<std::string> names = specs[i].aliases;
    names.push_back(specs[i].header);
    for (const std::string& n : names) {
      const std::string norm = NormalizeHeader(n);
      auto [it, inserted] = by_name.emplace(norm, i);
      if (!inserted && it->second != i) {
        return Internal("column specs '" + specs[it->second].key + "' and '" + specs[i].key +
                        "' share the header '" + n + "'");
      }
    }
  }
  m.column_of_spec_.assign(specs.size(), -1);
  std::vector<std::string> duplicates;
  std::vector<std::string> unknown_listed;
  for (size_t c = 0; c < header_cells.size(); ++c) {
    const std::string norm = NormalizeHeader(header_cells[c]);
    if (norm.empty()) continue;
    auto it = by_name.find(norm);
    if (it == by_name.end()) {
      m.unknown_.emplace_back(TrimCell(header_cells[c]));
      unknown_listed.push_back(ColumnLetters(c) + " 列“" + m.unknown_.back() + "”");
      continue;
    }
    int& col = m.column_of_spec_[it->second];
    if (col >= 0) {
      duplicates.push_back("“" + specs[it->second].header + "”（第 " +
                           ColumnLetters(static_cast<size_t>(col)) + " 列和第 " + ColumnLetters(c) +
                           " 列）");
      continue;
    }
    col = static_cast<int>(c);
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && m.column_of_spec_[i] < 0) missing.push_back(specs[i].header);
  }
  std::string message;
  std::string reason;
  auto add = [&](const char* r, const std::string& text) {
    if (reason.empty()) reason = r;
    if (!message.empty()) message += "；";
    message += text;
  };
  if (!missing.empty()) add("HEADER_MISSING", "表头缺少必填列：" + JoinChinese(missing));
  if (!duplicates.empty()) {
    std::string d;
    for (const std::string& x : duplicates) d += (d.empty() ? "" : "、") + x;
    add("HEADER_DUPLICATE", "表头中有重复的列：" + d);
  }
  if (!o.allow_unknown_columns && !unknown_listed.empty()) {
    std::string u;
    for (const std::string& x : unknown_listed) u += (u.empty() ? "" : "、") + x;
    add("HEADER_UNKNOWN", "表头中有无法识别的列：" + u);
  }
  if (!reason.empty()) {
    return InvalidArgument(reason, message + "。请使用系统提供的导入模板，表头应在第一行");
  }
  return m;
}

std::optional<size_t> HeaderMap::SpecIndex(std::string_view key) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return i;
  }
  return std::nullopt;
}

std::string_view HeaderMap::Get(const std::vector<std::string_view>& row,
                                std::string_view key) const {
  const std::optional<size_t> i = SpecIndex(key);
  return i ? Get(row, *i) : std::string_view();
}

bool HeaderMap::Has(std::string_view key) const { return ColumnOf(key).has_value(); }

std::optional<size_t> HeaderMap::ColumnOf(std::string_view key) const {
  const std::optional<size_t> i = SpecIndex(key);
  if (!i || column_of_spec_[*i] < 0) return std::nullopt;
  return static_cast<size_t>(column_of_spec_[*i]);
}

std::string_view HeaderMap::HeaderOf(std::string_view key) const {
  const std::optional<size_t> i = SpecIndex(key);
  return i ? std::string_view(headers_[*i]) : std::string_view();
}

bool HeaderMap::IsExampleRow(const std::vector<std::string_view>& row) const {
  bool any = false;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (column_of_spec_[i] < 0) continue;
    const std::string_view cell = TrimCell(Get(row, i));
    if (examples_[i].empty()) {
      if (!cell.empty()) return false;
      continue;
    }
    if (cell != examples_[i]) return false;
    any = true;
  }
  return any;
}

std::vector<std::string> HeaderRow(const std::vector<ColumnSpec>& specs) {
  std::vector<std::string> row;
  row.reserve(specs.size());
  for (const ColumnSpec& s : specs) row.push_back(s.header);
  return row;
}

StatusOr<std::string> BuildTemplate(Format f, const std::vector<ColumnSpec>& specs,
                                    const std::string& sheet_name) {
  std::vector<std::vector<std::string>> rows(2);
  for (const ColumnSpec& s : specs) {
    rows[0].push_back(s.required ? "*" + s.header : s.header);
    rows[1].push_back(s.example);
  }
  return WriteTableToBytes(f, sheet_name, rows);
}

}  // namespace suiji::tabular
