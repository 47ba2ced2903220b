#include "core/registers/json_read.h"

#include <cmath>

#include "core/registers/fields.h"

namespace suiji::registers::json_read {
namespace {

const Json* Present(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

Status Invalid(const char* label, const char* want) {
  return InvalidArgument("FIELD_INVALID", std::string("字段“") + label + "”应为" + want);
}

Status Text(const Json& j, const char* key, const char* label, std::string& out) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (!v->is_string()) return Invalid(label, "文本");
  out = std::string(TrimText(v->get<std::string>()));
  return OkStatus();
}

Status Int(const Json& j, const char* key, const char* label, int64_t& out) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (!v->is_number_integer()) return Invalid(label, "整数");
  out = v->get<int64_t>();
  return OkStatus();
}

Status Int(const Json& j, const char* key, const char* label, int& out) {
  int64_t x = out;
  RETURN_IF_ERROR(Int(j, key, label, x));
  if (x < -1'000'000'000 || x > 1'000'000'000) return Invalid(label, "合理范围内的整数");
  out = static_cast<int>(x);
  return OkStatus();
}

Status OptInt(const Json& j, const char* key, const char* label, std::optional<int64_t>& out) {
  auto it = j.find(key);
  if (it == j.end()) return OkStatus();
  if (it->is_null()) {
    out.reset();
    return OkStatus();
  }
  if (!it->is_number_integer()) return Invalid(label, "整数");
  out = it->get<int64_t>();
  return OkStatus();
}

Status Bool(const Json& j, const char* key, const char* label, bool& out) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (!v->is_boolean()) return Invalid(label, "true 或 false");
  out = v->get<bool>();
  return OkStatus();
}

Status OptDate(const Json& j, const char* key, const char* label, std::optional<Date>& out) {
  auto it = j.find(key);
  if (it == j.end()) return OkStatus();
  if (it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
    out.reset();
    return OkStatus();
  }
  if (!it->is_string()) return Invalid(label, "日期（YYYY-MM-DD）");
  auto d = Date::Parse(it->get<std::string>());
  if (!d) return Invalid(label, "日期（YYYY-MM-DD）");
  out = *d;
  return OkStatus();
}

Status TextList(const Json& j, const char* key, const char* label, std::vector<std::string>& out) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (!v->is_array()) return Invalid(label, "文本数组");
  std::vector<std::string> items;
  for (const auto& e : *v) {
    if (!e.is_string()) return Invalid(label, "文本数组");
    std::string s(TrimText(e.get<std::string>()));
    if (!s.empty()) items.push_back(std::move(s));
  }
  out = std::move(items);
  return OkStatus();
}

Status IntList(const Json& j, const char* key, const char* label, std::vector<int64_t>& out) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (!v->is_array()) return Invalid(label, "整数数组");
  std::vector<int64_t> items;
  for (const auto& e : *v) {
    if (!e.is_number_integer()) return Invalid(label, "整数数组");
    items.push_back(e.get<int64_t>());
  }
  out = std::move(items);
  return OkStatus();
}

Status Percent(const Json& j, const char* key, const char* label, int& out_bp) {
  const Json* v = Present(j, key);
  if (!v) return OkStatus();
  if (v->is_string()) {
    auto bp = ParsePercent(v->get<std::string>());
    if (!bp) return Invalid(label, "百分比数值（最多两位小数）");
    out_bp = *bp;
    return OkStatus();
  }
  if (!v->is_number()) return Invalid(label, "百分比数值（最多两位小数）");
  double pct = v->get<double>();
  double bp = std::round(pct * 100.0);
  if (pct < 0 || pct > 10000 || std::fabs(bp - pct * 100.0) > 1e-6)
    return Invalid(label, "百分比数值（最多两位小数）");
  out_bp = static_cast<int>(bp);
  return OkStatus();
}

Json PercentJson(int basis_points) {
  if (basis_points % 100 == 0) return Json(basis_points / 100);
  return Json(basis_points / 100.0);
}

Json DateJson(const std::optional<Date>& d) { return d ? Json(d->ToString()) : Json(); }

}  // namespace suiji::registers::json_read
