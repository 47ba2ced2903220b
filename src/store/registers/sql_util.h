// Small SQL-building helpers shared by the register repositories (internal to src/store).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace suiji::store::sql {

// Appends `v` to params and returns its placeholder "$n".
template <typename T>
std::string Bind(Params& params, T v) {
  params.push_back(Value(std::move(v)));
  return "$" + std::to_string(params.size());
}

// "($3, $4, $5)" binding every value; callers must not pass an empty list.
template <typename T>
std::string InList(Params& params, const std::vector<T>& values) {
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + Bind(params, values[i]);
  return s + ")";
}

// Substring test that treats the needle literally (no LIKE wildcards to escape): instr() on
// SQLite, strpos() on PostgreSQL — the one place the dialects differ here.
inline std::string Contains(Dialect d, std::string_view column, const std::string& placeholder) {
  return std::string(d == Dialect::kSqlite ? "instr(" : "strpos(") + std::string(column) + ", " +
         placeholder + ") > 0";
}

// Membership in a list passed as one JSON array parameter (any length, one placeholder):
// "IN (SELECT value FROM json_each($n))" on SQLite; on PostgreSQL an array, which the executor
// sorts and walks an index with in order ("= ANY(ARRAY(…))"), its elements cast to bigint when
// `integers`.
inline std::string InJsonArray(Dialect d, const std::string& placeholder, bool integers) {
  if (d == Dialect::kSqlite) return "IN (SELECT value FROM json_each(" + placeholder + "))";
  return "= ANY(ARRAY(SELECT json_array_elements_text(" + placeholder + "::json)" +
         (integers ? "::bigint" : "") + "))";
}

}  // namespace suiji::store::sql
