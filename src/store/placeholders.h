// Statements are written with PostgreSQL's numbered placeholders ($1, $2, ...). Both adapters
// rewrite them — SQLite to its own ?NNN, PostgreSQL's COPY scan (which takes no parameters) to
// quoted literals — and must agree on which `$n` is one: a `$` followed by digits outside single-
// and double-quoted text. (Only the store's own statements reach this: no E'' strings, dollar
// quotes or comments are written there.) Store-internal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace suiji::store {

// Appends `sql` to `out` with each placeholder replaced by what `replace(index, out)` appends
// (index as written, 1-based; 0 when written `$0`); the first error it returns is returned.
template <typename Replace>
Status ReplacePlaceholders(std::string_view sql, std::string& out, Replace&& replace) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: the same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && digit(sql[i + 1])) {
      size_t index = 0;
      for (++i; i < sql.size() && digit(sql[i]); ++i)
        index = index * 10 + static_cast<size_t>(sql[i] - '0');
      --i;  // the last digit
      RETURN_IF_ERROR(replace(index, out));
      continue;
    }
    out.push_back(c);
  }
  return OkStatus();
}

}  // namespace suiji::store
