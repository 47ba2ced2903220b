// JSON request bodies and query strings as the API reads them (src/api/json_util.h,
// src/api/register_json.h): any bytes give a value or an InvalidArgument with a reason and a
// Chinese message, never an exception, and what parses re-serialises to the same JSON (the
// audit log and responses dump what handlers read).
#include <cstdint>
#include <string>

#include "api/json_util.h"
#include "api/register_json.h"
#include "fuzz/fuzz_check.h"

namespace {

using suiji::Status;
using suiji::api::Json;

void CheckRefusal(const Status& s, const char* what) {
  FUZZ_CHECK(!s.ok(), what);
  FUZZ_CHECK(!s.reason().empty(), what);
  FUZZ_CHECK(!s.message().empty(), what);
  FUZZ_CHECK(s.code() == suiji::StatusCode::kInvalidArgument, what);
}

void ReadEveryField(const Json& body) {
  for (const auto& [key, value] : body.items()) {
    const bool missing = value.is_null();
    auto s = suiji::api::RequireString(body, key, "字段");
    if (s.ok()) FUZZ_CHECK(value.is_string() && *s == value.get<std::string>(), "RequireString");
    else CheckRefusal(s.status(), "RequireString refusal");
    auto os = suiji::api::OptionalString(body, key, "字段");
    if (os.ok()) FUZZ_CHECK(missing == !os->has_value(), "OptionalString");
    else CheckRefusal(os.status(), "OptionalString refusal");
    auto i = suiji::api::RequireInt(body, key, "字段");
    if (i.ok()) FUZZ_CHECK(value.is_number_integer(), "RequireInt type");
    else CheckRefusal(i.status(), "RequireInt refusal");
    auto oi = suiji::api::OptionalInt(body, key, "字段");
    if (!oi.ok()) CheckRefusal(oi.status(), "OptionalInt refusal");
    auto b = suiji::api::RequireBool(body, key, "字段");
    if (b.ok()) FUZZ_CHECK(value.is_boolean() && *b == value.get<bool>(), "RequireBool");
    else CheckRefusal(b.status(), "RequireBool refusal");
  }
  auto note = suiji::api::NoteOf(body);
  if (!note.ok()) CheckRefusal(note.status(), "NoteOf refusal");
  FUZZ_CHECK(!suiji::api::RequireString(body,
                                        "\x01"
                                        "absent",
                                        "字段")
                  .ok(),
             "absent key");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  suiji::api::Request req;
  req.method = "POST";
  req.path = "/api/v1/fuzz";
  req.body = text;
  auto body = suiji::api::ParseJsonObject(req);
  if (body.ok()) {
    FUZZ_CHECK(body->is_object(), "ParseJsonObject returned a non-object");
    const std::string dumped = body->dump();
    FUZZ_CHECK(Json::parse(dumped) == *body, "dump/parse round trip");
    ReadEveryField(*body);
  } else {
    CheckRefusal(body.status(), "ParseJsonObject refusal");
  }

  // The same bytes as a path id and as a query string.
  auto id = suiji::api::ParseId(text.substr(0, 40), "对象");
  if (id.ok()) FUZZ_CHECK(*id > 0, "ParseId accepted a non-positive id");
  else CheckRefusal(id.status(), "ParseId refusal");

  suiji::api::Request q;
  q.method = "GET";
  suiji::api::SetRequestTarget(q, "/api/v1/fuzz?" + std::string(text));
  auto limits = suiji::api::ParseLimitOffset(q);
  if (limits.ok())
    FUZZ_CHECK(limits->limit >= 1 && limits->limit <= 500 && limits->offset >= 0,
               "limit/offset range");
  else CheckRefusal(limits.status(), "ParseLimitOffset refusal");
  auto year = suiji::api::QueryYear(q);
  if (year.ok() && *year) FUZZ_CHECK(**year >= 2000 && **year <= 2100, "year range");
  auto paging = suiji::api::ParsePaging(q);
  if (paging.ok()) {
    FUZZ_CHECK(paging->page >= 1 && paging->page_size >= 1 && paging->page_size <= 500,
               "paging range");
    FUZZ_CHECK(paging->page <= INT64_MAX / paging->page_size, "paging offset overflows");
  } else {
    CheckRefusal(paging.status(), "ParsePaging refusal");
  }
  for (const auto& [name, value] : q.query) {
    auto qi = suiji::api::QueryInt(q, name);
    if (!qi.ok()) CheckRefusal(qi.status(), "QueryInt refusal");
    auto qb = suiji::api::QueryBool(q, name);
    if (!qb.ok()) CheckRefusal(qb.status(), "QueryBool refusal");
    auto qd = suiji::api::QueryDate(q, name);
    if (!qd.ok()) CheckRefusal(qd.status(), "QueryDate refusal");
    (void)suiji::api::QueryList(q, name);
  }
  auto decoded = suiji::api::PercentDecode(text, true);
  if (decoded) FUZZ_CHECK(decoded->size() <= text.size(), "PercentDecode grew the text");
  return 0;
}
