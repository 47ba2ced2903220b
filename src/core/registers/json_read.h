// Typed reading of register JSON objects (internal to src/core/registers). A missing or null key
// leaves the output unchanged; a present key of the wrong type is InvalidArgument FIELD_INVALID
// naming the Chinese label.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/time.h"

namespace suiji::registers::json_read {

using Json = nlohmann::json;

Status Invalid(const char* label, const char* want);

Status Text(const Json& j, const char* key, const char* label, std::string& out);
Status Int(const Json& j, const char* key, const char* label, int64_t& out);
Status Int(const Json& j, const char* key, const char* label, int& out);
Status OptInt(const Json& j, const char* key, const char* label, std::optional<int64_t>& out);
Status Bool(const Json& j, const char* key, const char* label, bool& out);
Status OptDate(const Json& j, const char* key, const char* label, std::optional<Date>& out);
Status TextList(const Json& j, const char* key, const char* label, std::vector<std::string>& out);
Status IntList(const Json& j, const char* key, const char* label, std::vector<int64_t>& out);
// A percent number (3, 2.5, "3%") to basis points.
Status Percent(const Json& j, const char* key, const char* label, int& out_bp);

// Percent as a JSON number: 300 -> 3, 250 -> 2.5.
Json PercentJson(int basis_points);
Json DateJson(const std::optional<Date>& d);
template <typename T>
Json OptJson(const std::optional<T>& v) {
  return v ? Json(*v) : Json();
}

}  // namespace suiji::registers::json_read
