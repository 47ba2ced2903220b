// Values crossing the storage boundary: query parameters and result cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace suiji::store {

// Binary data (BLOB / BYTEA), distinct from text.
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

// Sets `cell` to the text, reusing the storage of a string it already holds (rows refilled in
// place: bulk inserts, streamed reads).
inline void AssignText(Value& cell, std::string_view text) {
  if (auto* p = std::get_if<std::string>(&cell)) p->assign(text);
  else cell.emplace<std::string>(text);
}

// Helpers to build parameters from optionals.
template <typename T>
Value OrNull(const std::optional<T>& v) {
  if (!v) return std::monostate{};
  return Value(*v);
}

// One result row. Accessors convert leniently between the dialects' representations
// (PostgreSQL returns SUM(int) as numeric, SQLite has dynamic types); a NULL reads as
// 0 / "" unless the Opt* accessor is used.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}

  size_t size() const { return cells_.size(); }
  const Value& operator[](size_t i) const { return cells_.at(i); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells_.at(i)); }

  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;
  std::string Bytes(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;

  // For the adapters' streamed reads: the cells, refilled in place for the next row so that
  // text cells keep their storage (a callback sees each row only while it runs).
  std::vector<Value>& mutable_cells() { return cells_; }

 private:
  std::vector<Value> cells_;
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& front() const { return rows.front(); }
};

}  // namespace suiji::store
