// Text columns that hold JSON: the one encoder/decoder of string lists (item codes, source
// names, specialties …). Rows leave the store with std::vector<std::string>, never JSON text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suiji::store {

// `["a","b"]` → {"a","b"}; anything that is not an array of strings decodes to what it holds of
// strings (an unreadable cell yields an empty list, as an empty column does).
std::vector<std::string> StringListFromJson(std::string_view text);
// {"a","b"} → `["a","b"]` (compact, UTF-8 kept as is).
std::string StringListToJson(const std::vector<std::string>& list);

}  // namespace suiji::store
