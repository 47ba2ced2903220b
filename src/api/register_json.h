// JSON shapes of the register API (一单两库一细则), shared by the route groups. Records carry the
// canonical JSON of core/registers (ItemToJson, TargetToJson …) plus their identity, times and,
// where it helps a client, display names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "api/json_util.h"
#include "api/query_params.h"
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

// {"items": [...], "total": N, "page": P, "page_size": S}
Json PageJson(Json items, int64_t total, int64_t page, int64_t page_size);

// The body's "note" (or "reason") text, "" when absent.
StatusOr<std::string> NoteOf(const Json& body, const char* key = "note");

// A file download: Content-Type by format and a Content-Disposition with the Chinese name
// (RFC 6266 / 5987) and an ASCII fallback.
Response FileResponse(std::string bytes, tabular::Format format, const std::string& chinese_name,
                      const std::string& ascii_name);

}  // namespace suiji::api
