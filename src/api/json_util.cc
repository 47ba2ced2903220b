#include "api/json_util.h"

#include <charconv>

namespace suiji::api {

StatusOr<Json> ParseJsonObject(const Request& req) {
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return InvalidArgument("JSON_INVALID", "请求内容不是有效的 JSON");
  if (!j.is_object()) return InvalidArgument("JSON_INVALID", "请求内容应为 JSON 对象");
  return j;
}

namespace {

Status Missing(std::string_view label) {
  return InvalidArgument("FIELD_REQUIRED", "缺少必填字段：" + std::string(label));
}
Status WrongType(std::string_view label, std::string_view want) {
  return InvalidArgument("FIELD_INVALID",
                         "字段“" + std::string(label) + "”应为" + std::string(want));
}

}  // namespace

StatusOr<std::string> RequireString(const Json& j, std::string_view key, std::string_view label) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Missing(label);
  if (!it->is_string()) return WrongType(label, "文本");
  return it->get<std::string>();
}

StatusOr<std::optional<std::string>> OptionalString(const Json& j, std::string_view key,
                                                    std::string_view label) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return WrongType(label, "文本");
  return std::optional<std::string>(it->get<std::string>());
}

StatusOr<int64_t> RequireInt(const Json& j, std::string_view key, std::string_view label) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Missing(label);
  if (!it->is_number_integer()) return WrongType(label, "整数");
  return it->get<int64_t>();
}

StatusOr<std::optional<int64_t>> OptionalInt(const Json& j, std::string_view key,
                                             std::string_view label) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) return WrongType(label, "整数");
  return std::optional<int64_t>(it->get<int64_t>());
}

StatusOr<bool> RequireBool(const Json& j, std::string_view key, std::string_view label) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Missing(label);
  if (!it->is_boolean()) return WrongType(label, "true 或 false");
  return it->get<bool>();
}

StatusOr<bool> OptionalBool(const Json& j, std::string_view key, std::string_view label,
                            bool fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return WrongType(label, "true 或 false");
  return it->get<bool>();
}

StatusOr<int64_t> ParseId(std::string_view text, std::string_view label) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    return InvalidArgument("ID_INVALID", std::string(label) + "编号无效：" + std::string(text));
  return v;
}

std::optional<int64_t> ParseDecimal(std::string_view text) {
  int64_t v = 0;
  if (text.empty() || text.front() == '-') return std::nullopt;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace suiji::api
