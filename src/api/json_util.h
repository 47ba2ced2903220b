// Reading request bodies: JSON parsing and typed field access with precise Chinese errors.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "core/status.h"

namespace suiji::api {

using Json = nlohmann::json;

// The body as a JSON object; JSON_INVALID otherwise.
StatusOr<Json> ParseJsonObject(const Request& req);

// `label` is the Chinese field name used in messages.
StatusOr<std::string> RequireString(const Json& j, std::string_view key, std::string_view label);
StatusOr<std::optional<std::string>> OptionalString(const Json& j, std::string_view key,
                                                    std::string_view label);
StatusOr<int64_t> RequireInt(const Json& j, std::string_view key, std::string_view label);
StatusOr<std::optional<int64_t>> OptionalInt(const Json& j, std::string_view key,
                                             std::string_view label);
StatusOr<bool> RequireBool(const Json& j, std::string_view key, std::string_view label);
// `fallback` when absent or null; FIELD_INVALID when present but not true/false.
StatusOr<bool> OptionalBool(const Json& j, std::string_view key, std::string_view label,
                            bool fallback = false);

// A path parameter as a positive integer id; InvalidArgument otherwise.
StatusOr<int64_t> ParseId(std::string_view text, std::string_view label);
// A path parameter as a decimal integer (no sign, no spaces, fits in 64 bits); nullopt otherwise,
// so that the route names its own error code. Never throws (unlike std::stoi).
std::optional<int64_t> ParseDecimal(std::string_view text);

}  // namespace suiji::api
