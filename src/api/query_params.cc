#include "api/query_params.h"

#include <charconv>

#include "core/registers/fields.h"

namespace suiji::api {
namespace {

enum class PagingStyle { kPage, kLimitOffset };

Status QueryInvalid(std::string_view name, std::string_view what) {
  return InvalidArgument("QUERY_INVALID",
                         "参数 " + std::string(name) + " 应为" + std::string(what));
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t x = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return x;
}

// The page bound keeps offset() = (page - 1) × page_size far from int64 overflow (found by
// fuzz/json_body_fuzzer.cc: page=9223372036854775807 wrapped to a negative offset); the offset
// bound keeps it in an int.
constexpr int64_t kMaxPage = 10'000'000;
constexpr int64_t kMaxOffset = 1'000'000'000;

// Where a page starts (page number or offset) and how long it is.
struct Window {
  int64_t start = 0;
  int64_t size = 0;
};

// The one paging parser: both styles, one set of bounds.
StatusOr<Window> ParseWindow(const Request& req, PagingStyle style) {
  const bool pages = style == PagingStyle::kPage;
  ASSIGN_OR_RETURN(auto start, QueryInt(req, pages ? "page" : "offset"));
  ASSIGN_OR_RETURN(auto size, QueryInt(req, pages ? "page_size" : "limit"));
  Window w{start.value_or(pages ? 1 : 0), size.value_or(50)};
  const bool ok =
      w.size >= 1 && w.size <= kMaxPageSize &&
      (pages ? w.start >= 1 && w.start <= kMaxPage : w.start >= 0 && w.start <= kMaxOffset);
  if (!ok) {
    return InvalidArgument("PAGE_INVALID",
                           pages ? "分页参数无效：页码从 1 开始，每页 1 至 500 条"
                                 : "分页参数无效：limit 为 1 至 500，offset 不能为负数");
  }
  return w;
}

}  // namespace

StatusOr<Paging> ParsePaging(const Request& req) {
  ASSIGN_OR_RETURN(Window w, ParseWindow(req, PagingStyle::kPage));
  return Paging{w.start, w.size};
}

StatusOr<LimitOffset> ParseLimitOffset(const Request& req) {
  ASSIGN_OR_RETURN(Window w, ParseWindow(req, PagingStyle::kLimitOffset));
  return LimitOffset{static_cast<int>(w.size), static_cast<int>(w.start)};
}

StatusOr<std::optional<int64_t>> QueryInt(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  auto x = ParseInteger(*v);
  if (!x) return QueryInvalid(name, "整数");
  return x;
}

StatusOr<std::optional<int64_t>> QueryId(const Request& req, std::string_view name) {
  ASSIGN_OR_RETURN(auto v, QueryInt(req, name));
  if (v && *v <= 0) return QueryInvalid(name, "正整数编号");
  return v;
}

StatusOr<std::vector<int64_t>> QueryIds(const Request& req, std::string_view name) {
  std::vector<int64_t> ids;
  for (const std::string& text : QueryList(req, name)) {
    auto id = ParseInteger(text);
    if (!id || *id <= 0) return QueryInvalid(name, "正整数编号（多个用逗号分隔）");
    ids.push_back(*id);
  }
  return ids;
}

StatusOr<std::optional<int>> QueryYear(const Request& req, std::string_view name) {
  ASSIGN_OR_RETURN(auto v, QueryInt(req, name));
  if (!v) return std::optional<int>();
  if (*v < 2000 || *v > 2100) return QueryInvalid(name, " 2000 至 2100 之间的年份");
  return std::optional<int>(static_cast<int>(*v));
}

StatusOr<std::optional<bool>> QueryBool(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return QueryInvalid(name, " true 或 false");
}

std::vector<std::string> QueryList(const Request& req, std::string_view name) {
  std::vector<std::string> out;
  auto v = req.Query(name);
  if (!v) return out;
  std::string s = *v;
  for (size_t pos; (pos = s.find("、")) != std::string::npos;) s.replace(pos, 3, ",");
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string part(registers::TrimText(
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (!part.empty()) out.push_back(std::move(part));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

StatusOr<std::optional<Date>> QueryDate(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<Date>();
  auto d = Date::Parse(*v);
  if (!d) return QueryInvalid(name, "日期 YYYY-MM-DD");
  return std::optional<Date>(*d);
}

}  // namespace suiji::api
