// Query parameters: the one strict parser for each kind (integers, ids, years, booleans, dates,
// lists) and the one paging parser. A parameter that is present but malformed is refused —
// 400 QUERY_INVALID, or PAGE_INVALID for paging — never silently ignored; an absent or empty
// one is nullopt (the route's default applies).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"
#include "core/status.h"
#include "core/time.h"

namespace suiji::api {

// A page of a list. Lists are paged one of two ways, read by one parser with one set of bounds:
//   ParsePaging       ?page=&page_size=  page 1..10^7, page_size 1..500 (defaults 1 and 50)
//   ParseLimitOffset  ?limit=&offset=    limit 1..500 (default 50), offset 0..10^9
// InvalidArgument PAGE_INVALID for values out of range, QUERY_INVALID for non-integers.
inline constexpr int64_t kMaxPageSize = 500;

struct Paging {
  int64_t page = 1;
  int64_t page_size = 50;
  int64_t offset() const { return (page - 1) * page_size; }
};
struct LimitOffset {
  int limit = 50;
  int offset = 0;
};
StatusOr<Paging> ParsePaging(const Request& req);
StatusOr<LimitOffset> ParseLimitOffset(const Request& req);

// An integer; nullopt when absent or empty.
StatusOr<std::optional<int64_t>> QueryInt(const Request& req, std::string_view name);
// A positive id (department_id, unit_id, plan_id …); nullopt when absent or empty.
StatusOr<std::optional<int64_t>> QueryId(const Request& req, std::string_view name);
// Positive ids, comma- or "、"-separated (unit_id=3,5); empty when absent.
StatusOr<std::vector<int64_t>> QueryIds(const Request& req, std::string_view name);
// A plan year, 2000..2100; nullopt when absent or empty.
StatusOr<std::optional<int>> QueryYear(const Request& req, std::string_view name = "year");
// "true"/"false"/"1"/"0"; nullopt when absent.
StatusOr<std::optional<bool>> QueryBool(const Request& req, std::string_view name);
// Comma- or "、"-separated values, trimmed, empty ones dropped; empty when absent.
std::vector<std::string> QueryList(const Request& req, std::string_view name);
// YYYY-MM-DD; nullopt when absent or empty.
StatusOr<std::optional<Date>> QueryDate(const Request& req, std::string_view name);

}  // namespace suiji::api
