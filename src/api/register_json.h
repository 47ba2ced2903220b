// JSON shapes of the register API (一单两库一细则), shared by the route groups. Records carry the
// canonical JSON of core/registers (ItemToJson, TargetToJson …) plus their identity, times and,
// where it helps a client, display names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "api/json_util.h"
#include "core/registers/fields.h"
#include "core/registers/records.h"
#include "service/registers/registers.h"

namespace suiji::api {

Json ItemHeadJson(const registers::ItemHead& h, const service::OrgSnapshot& snap);
Json ItemVersionJson(const registers::ItemVersion& v);
// {id, …head, item: {...}, version: {...}}
Json ItemViewJson(const service::ItemView& v, const service::OrgSnapshot& snap);
Json RulesVersionJson(const registers::RulesVersion& v);
Json RulesViewJson(const service::RulesView& v);

Json TargetJson(const registers::TargetRecord& t, const service::OrgSnapshot& snap);
Json InspectorJson(const registers::InspectorRecord& i, const service::OrgSnapshot& snap);
Json ExpertJson(const registers::ExpertRecord& e, const service::OrgSnapshot& snap);
Json ConflictJson(const registers::ConflictRecord& c);

// History rows with each field's Chinese label.
Json HistoryJson(const std::vector<registers::HistoryEntry>& entries,
                 const std::vector<registers::FieldInfo>& fields);
Json ChangesResponse(int from, int to, const registers::Changes& changes);

Json ImportResultJson(const service::ImportResult& r);
// The answer to an import: 200 with ImportResultJson, or — when rows are bad and nothing was
// imported — the report's refusal (IMPORT_ROWS_INVALID) through the one status mapping, its body
// carrying the whole result (report included) beside "code" and "message".
Response ImportResponse(const service::ImportResult& r);
// The refusal `s` as ErrorResponse maps it (HttpStatusFor, {"code", "message"}), with the fields
// of `details` added to the body.
Response ErrorResponseWith(const Status& s, Json details);

// {"items": [...], "total": N, "page": P, "page_size": S}
Json PageJson(Json items, int64_t total, int64_t page, int64_t page_size);

// --- query parameters ----------------------------------------------------------------------

struct Paging {
  int64_t page = 1;
  int64_t page_size = 50;
  int64_t offset() const { return (page - 1) * page_size; }
};
// ?page=&page_size= (page_size at most 500). InvalidArgument PAGE_INVALID.
StatusOr<Paging> ParsePaging(const Request& req);
// ?limit=&offset= for the lists paged that way: limit 1..500 (default 50), offset ≥ 0.
// InvalidArgument PAGE_INVALID.
struct LimitOffset {
  int limit = 50;
  int offset = 0;
};
StatusOr<LimitOffset> ParseLimitOffset(const Request& req);
// A positive id (department_id, …); nullopt when absent or empty. InvalidArgument QUERY_INVALID.
StatusOr<std::optional<int64_t>> QueryId(const Request& req, std::string_view name);
// A plan year, 2000..2100; nullopt when absent or empty. InvalidArgument QUERY_INVALID.
StatusOr<std::optional<int>> QueryYear(const Request& req, std::string_view name = "year");
// "true"/"false"/"1"/"0"; nullopt when absent. InvalidArgument QUERY_INVALID.
StatusOr<std::optional<bool>> QueryBool(const Request& req, std::string_view name);
StatusOr<std::optional<int64_t>> QueryInt(const Request& req, std::string_view name);
// Comma- or "、"-separated values; empty when absent.
std::vector<std::string> QueryList(const Request& req, std::string_view name);
StatusOr<std::optional<Date>> QueryDate(const Request& req, std::string_view name);

// The body's "note" (or "reason") text, "" when absent.
StatusOr<std::string> NoteOf(const Json& body, const char* key = "note");

// A file download: Content-Type by format and a Content-Disposition with the Chinese name
// (RFC 6266 / 5987) and an ASCII fallback.
Response FileResponse(std::string bytes, tabular::Format format, const std::string& chinese_name,
                      const std::string& ascii_name);

}  // namespace suiji::api
