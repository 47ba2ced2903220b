#include "store/json_columns.h"

#include <nlohmann/json.hpp>

namespace suiji::store {

std::vector<std::string> StringListFromJson(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

nlohmann::json DocumentFromJson(std::string_view text) {
  if (text.empty()) return nullptr;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return nullptr;
  return j;
}

std::string StringListToJson(const std::vector<std::string>& list) {
  return nlohmann::json(list).dump();
}

std::string IntListToJson(const std::vector<int64_t>& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(list[i]);
  }
  out += ']';
  return out;
}

}  // namespace suiji::store
