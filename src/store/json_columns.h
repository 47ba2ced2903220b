// Text columns that hold JSON: the one encoder/decoder of string lists (item codes, source
// names, specialties …) and of free-form documents (a draw's spec, a task's filter and preview,
// a proposal's overlap sample). Rows leave the store with std::vector<std::string> or a parsed
// nlohmann::json, never JSON text: nothing above the store parses a stored column.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace suiji::store {

// `["a","b"]` → {"a","b"}; anything that is not an array of strings decodes to what it holds of
// strings (an unreadable cell yields an empty list, as an empty column does).
std::vector<std::string> StringListFromJson(std::string_view text);
// {"a","b"} → `["a","b"]` (compact, UTF-8 kept as is).
std::string StringListToJson(const std::vector<std::string>& list);
// {3, 1} → `[3,1]`: ids as one JSON array parameter (sql::InJsonArray with integers).
std::string IntListToJson(const std::vector<int64_t>& list);

// A stored document; null for an empty or unreadable cell (never throws).
nlohmann::json DocumentFromJson(std::string_view text);

}  // namespace suiji::store
