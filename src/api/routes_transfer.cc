// Register import, export and templates (SPEC §IO) over HTTP.
//
// Uploads are the raw file as the request body (no multipart): the format comes from
// ?format=xlsx|csv, else from the Content-Type (text/csv, the OOXML spreadsheet type), else from
// ?file_name=… . Options: dry_run, department (id, code or name), allow_invalid_codes, sheet.
// A file with bad rows answers 400 IMPORT_ROWS_INVALID with the full report and changes nothing.
#include "api/register_json.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

StatusOr<tabular::Format> FormatOf(const Request& req) {
  if (auto f = req.Query("format")) {
    if (*f == "xlsx") return tabular::Format::kXlsx;
    if (*f == "csv") return tabular::Format::kCsv;
    return InvalidArgument("FILE_FORMAT_UNSUPPORTED", "文件格式应为 xlsx 或 csv");
  }
  const std::string type = req.Header("content-type");
  if (type.starts_with("text/csv")) return tabular::Format::kCsv;
  if (type.starts_with(std::string(tabular::MimeType(tabular::Format::kXlsx))))
    return tabular::Format::kXlsx;
  if (auto name = req.Query("file_name")) return tabular::FormatFromFileName(*name);
  return InvalidArgument("FILE_FORMAT_REQUIRED", "请用 ?format=xlsx 或 ?format=csv 指明文件格式");
}

StatusOr<std::optional<int64_t>> DepartmentOf(Call& c) {
  auto d = c.request.Query("department");
  if (!d || d->empty()) d = c.request.Query("department_id");
  if (!d || d->empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t id, c.platform.registers().transfer().FindDepartment(*d));
  return std::optional<int64_t>(id);
}

// A register of a million rows as .csv is ~150 MB; the body is read only after the caller is
// known to hold register-write (Router::Admit).
constexpr size_t kMaxImportBytes = 256u << 20;

}  // namespace

void AddTransferRoutes(Router& r, const ApiOptions&) {
  r.Add(
      "POST", "/api/v1/registers/:register/import", Access::Requires(Permission::kRegisterWrite),
      [](Call& c) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(auto kind, service::ParseRegisterKind(c.request.Param("register")));
        if (c.request.body.empty())
          return InvalidArgument(
              "FILE_EMPTY", "文件是空的（0 字节）：请选择填写了表头和数据的 .xlsx 或 .csv 文件");
        service::ImportOptions o;
        ASSIGN_OR_RETURN(o.format, FormatOf(c.request));
        ASSIGN_OR_RETURN(auto dry_run, QueryBool(c.request, "dry_run"));
        ASSIGN_OR_RETURN(auto allow, QueryBool(c.request, "allow_invalid_codes"));
        o.dry_run = dry_run.value_or(false);
        o.allow_invalid_codes = allow.value_or(false);
        ASSIGN_OR_RETURN(o.department_id, DepartmentOf(c));
        o.file_name = c.request.Query("file_name").value_or("");
        o.sheet = c.request.Query("sheet").value_or("");
        ASSIGN_OR_RETURN(auto result, c.platform.registers().transfer().Import(c.principal, kind,
                                                                               c.request.body, o));
        return ImportResponse(result);
      },
      RouteOptions::Upload(kMaxImportBytes));
  r.Add("GET", "/api/v1/registers/:register/export", Access::Requires(Permission::kRegisterRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto kind, service::ParseRegisterKind(c.request.Param("register")));
          ASSIGN_OR_RETURN(tabular::Format format, FormatOf(c.request));
          service::ExportOptions o;
          ASSIGN_OR_RETURN(o.department_id, DepartmentOf(c));
          ASSIGN_OR_RETURN(std::string bytes, c.platform.registers().transfer().ExportToBytes(
                                                  c.principal, kind, format, o));
          return FileResponse(std::move(bytes), format,
                              std::string(service::RegisterKindTitle(kind)),
                              std::string(service::RegisterKindName(kind)));
        });
  r.Add("GET", "/api/v1/registers/:register/template", Access::Requires(Permission::kRegisterRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto kind, service::ParseRegisterKind(c.request.Param("register")));
          ASSIGN_OR_RETURN(tabular::Format format, FormatOf(c.request));
          ASSIGN_OR_RETURN(std::string bytes,
                           c.platform.registers().transfer().Template(kind, format));
          return FileResponse(std::move(bytes), format,
                              std::string(service::RegisterKindTitle(kind)) + "导入模板",
                              std::string(service::RegisterKindName(kind)) + "-template");
        });
}

}  // namespace suiji::api
