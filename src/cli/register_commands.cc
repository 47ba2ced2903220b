#include "cli/register_commands.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"

#include "service/registers/transfer.h"
#include "tabular/format.h"
#include "tabular/writer.h"

namespace suiji::cli {
namespace {

// The file's name as UTF-8 for the audit log: names copied from Chinese Windows shares are
// often GBK bytes; decode those as GB18030, and fall back to the bare extension otherwise.
std::string FileNameLabel(const std::filesystem::path& path) {
  std::string raw = path.filename().string();
  if (!text::FindTextViolation(raw, text::kName)) return raw;
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd != reinterpret_cast<iconv_t>(-1)) {
    std::string out(raw.size() * 4 + 4, '\0');
    char* in = raw.data();
    size_t in_left = raw.size();
    char* dst = out.data();
    size_t out_left = out.size();
    const bool ok =
        iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1) && in_left == 0;
    iconv_close(cd);
    out.resize(out.size() - out_left);
    if (ok && !text::FindTextViolation(out, text::kName)) return out;
  }
  return "（文件名无法识别）" + path.extension().string().substr(0, 16);
}

struct ImportArgs {
  PlatformOpenOptions db;
  std::string register_name;
  std::string file;
  bool dry_run = false;
  std::string department;
  bool allow_invalid_codes = false;
  std::string sheet;
};

struct ExportArgs {
  PlatformOpenOptions db;
  std::string register_name;
  std::string format;
  std::string out;
  std::string department;
  bool template_only = false;
  std::string since;  // results: published on or after this date
};

// An import file, mapped read-only rather than copied into memory: a province's directory is
// gigabytes of CSV, read twice (checksum, rows) and a third time when stored targets are
// updated; the page cache holds it once, and the kernel may drop pages already read.
class MappedFile {
 public:
  static StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return NotFound("FILE_NOT_FOUND", "文件不存在：" + path);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Unavailable("FILE_UNREADABLE", "无法读取文件：" + path);
    struct stat st {};
    auto file = std::unique_ptr<MappedFile>(new MappedFile());
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
        file->data_ = static_cast<const char*>(p);
        file->size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
    if (st.st_size > 0 && file->data_ == nullptr)
      return Unavailable("FILE_UNREADABLE", "无法读取文件：" + path);
    return file;
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Beside the target, then renamed: a failed export never leaves a half file behind.
Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
  }
  return OkStatus();
}

void PrintResult(Context& ctx, const service::ImportResult& r) {
  const std::string title(service::RegisterKindTitle(r.kind));
  if (!r.report.ok()) {
    ctx.out << "导入失败，未做任何修改：" << title << "共 " << r.report.rows() << " 行，其中 "
            << r.report.rows_with_errors() << " 行存在 " << r.report.error_count() << " 处错误：\n";
    for (const auto& line : r.report.ToTextLines()) ctx.out << "  " << line << "\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  ctx.out << (r.dry_run ? "试导入（未做任何修改）" : "已导入") << title << "：共 "
          << r.report.rows() << " 行，" << (r.dry_run ? "将新增 " : "新增 ") << r.created << "，"
          << (r.dry_run ? "将更新 " : "更新 ") << r.updated << "，未变 " << r.unchanged;
  if (r.overridden) ctx.out << "，其中 " << r.overridden << " 个代码未通过校验但按要求保留";
  ctx.out << "\n文件 SHA-256：" << r.sha256 << "\n";
}

}  // namespace

void AddRegisterCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory) {
  const std::string registers_help =
      "名录：items（抽查事项清单）targets（检查对象名录库）inspectors（执法检查人员名录库）"
      "experts（专家名录库）conflicts（回避关系）inspections（历史检查记录：上线前的检查，计入"
      "年度抽查次数上限和最短检查间隔）";
  {
    auto a = std::make_shared<ImportArgs>();
    CLI::App* cmd = app.add_subcommand("import", "从 .xlsx 或 .csv 文件导入名录（全部成功才生效）");
    AddDbOptions(cmd, a->db);
    cmd->add_option("register", a->register_name, registers_help)->required();
    cmd->add_option("file", a->file, "要导入的文件（.xlsx 或 .csv）")->required();
    cmd->add_flag("--dry-run", a->dry_run, "只校验并统计，不做任何修改");
    cmd->add_option("--department", a->department,
                    "所属部门（编号、代码或名称），文件中没有部门列时使用");
    cmd->add_flag("--allow-invalid-codes", a->allow_invalid_codes,
                  "保留校验位不正确的统一社会信用代码/注册号（逐条记录在变更历史和审计日志中）");
    cmd->add_option("--sheet", a->sheet, "读取 .xlsx 中的指定工作表（默认第一个）");
    cmd->callback([&ctx, factory, a] {
      auto kind = service::ParseRegisterKind(a->register_name);
      if (!kind.ok()) return ReportError(ctx, kind.status());
      auto format = tabular::FormatFromFileName(a->file);
      if (!format.ok()) return ReportError(ctx, format.status());
      auto file = MappedFile::Open(a->file);
      if (!file.ok()) return ReportError(ctx, file.status());
      auto p = factory(a->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      service::RegisterTransfer& transfer = (*p)->registers().transfer();
      service::ImportOptions o;
      o.format = *format;
      o.dry_run = a->dry_run;
      o.allow_invalid_codes = a->allow_invalid_codes;
      o.file_name = FileNameLabel(std::filesystem::path(a->file));
      o.sheet = a->sheet;
      // An administrator's command: a province's directory in one file (SPEC §NFR, 10M targets).
      o.max_rows = 50'000'000;
      o.max_bytes = 16ull << 30;
      if (!a->department.empty()) {
        auto dept = transfer.FindDepartment(a->department);
        if (!dept.ok()) return ReportError(ctx, dept.status());
        o.department_id = *dept;
      }
      auto r = transfer.Import(Principal::System("cli"), *kind, (*file)->bytes(), o);
      if (!r.ok()) return ReportError(ctx, r.status());
      PrintResult(ctx, *r);
    });
  }
  {
    auto a = std::make_shared<ExportArgs>();
    CLI::App* cmd =
        app.add_subcommand("export", "把名录导出为 .xlsx 或 .csv 文件（列与导入模板相同）");
    AddDbOptions(cmd, a->db);
    cmd->add_option("register", a->register_name,
                    registers_help +
                        "；或 results（公示的抽查检查结果，需 --since）；或 credit-results"
                        "（报送信用平台的抽查检查结果，含历史检查记录，可加 --since）")
        ->required();
    cmd->add_option("--format", a->format, "文件格式：xlsx 或 csv")
        ->required()
        ->check(CLI::IsMember({"xlsx", "csv"}));
    cmd->add_option("--out", a->out, "输出文件")->required();
    cmd->add_option("--department", a->department, "只导出该部门的（事项、人员、专家）");
    cmd->add_flag("--template", a->template_only, "只导出空白导入模板（表头和一行示例）");
    cmd->add_option("--since", a->since,
                    "导出 results 时：只导出该日期（YYYY-MM-DD）及以后公示的结果");
    cmd->callback([&ctx, factory, a] {
      const tabular::Format format =
          a->format == "xlsx" ? tabular::Format::kXlsx : tabular::Format::kCsv;
      if (a->register_name == "results") {
        // Published inspection results for the national 公示系统 (its column headers).
        if (a->since.empty())
          return ReportError(
              ctx, InvalidArgument("FIELD_REQUIRED", "导出检查结果时必须指定 --since 日期"));
        const auto since = Date::Parse(a->since);
        if (!since)
          return ReportError(
              ctx,
              InvalidArgument("DATE_INVALID", "--since 应为 YYYY-MM-DD 格式的日期：" + a->since));
        auto p = factory(a->db);
        if (!p.ok()) return ReportError(ctx, p.status());
        auto n =
            (*p)->inspections().ExportPublished(Principal::System("cli"), *since, format, a->out);
        if (!n.ok()) return ReportError(ctx, n.status());
        ctx.out << "已导出 " << *n << " 条公示的检查结果：" << a->out << "\n";
        return;
      }
      if (a->register_name == "credit-results") {
        // 互认共享 results for the credit platforms (issue 13 "Exports").
        Date since{2000, 1, 1};
        if (!a->since.empty()) {
          const auto d = Date::Parse(a->since);
          if (!d)
            return ReportError(
                ctx,
                InvalidArgument("DATE_INVALID", "--since 应为 YYYY-MM-DD 格式的日期：" + a->since));
          since = *d;
        }
        auto p = factory(a->db);
        if (!p.ok()) return ReportError(ctx, p.status());
        auto table = (*p)->credit().CreditResultTable(Principal::System("cli"), since);
        if (!table.ok()) return ReportError(ctx, table.status());
        auto bytes = tabular::WriteTableToBytes(format, "抽查检查结果", *table);
        if (!bytes.ok()) return ReportError(ctx, bytes.status());
        Status s = WriteFileAtomically(a->out, *bytes);
        if (!s.ok()) return ReportError(ctx, s);
        ctx.out << "已导出 " << table->size() - 1 << " 条报送信用平台的抽查检查结果：" << a->out
                << "\n";
        return;
      }
      auto kind = service::ParseRegisterKind(a->register_name);
      if (!kind.ok()) return ReportError(ctx, kind.status());
      auto p = factory(a->db);
      if (!p.ok()) return ReportError(ctx, p.status());
      service::RegisterTransfer& transfer = (*p)->registers().transfer();
      if (a->template_only) {
        auto bytes = transfer.Template(*kind, format);
        if (!bytes.ok()) return ReportError(ctx, bytes.status());
        std::ofstream out(a->out, std::ios::binary | std::ios::trunc);
        out << *bytes;
        out.close();
        if (!out)
          return ReportError(ctx, Unavailable("FILE_UNWRITABLE", "无法写入文件：" + a->out));
        ctx.out << "已生成导入模板：" << a->out << "\n";
        return;
      }
      service::ExportOptions o;
      if (!a->department.empty()) {
        auto dept = transfer.FindDepartment(a->department);
        if (!dept.ok()) return ReportError(ctx, dept.status());
        o.department_id = *dept;
      }
      Status s = transfer.ExportToFile(Principal::System("cli"), *kind, format, o, a->out);
      if (!s.ok()) return ReportError(ctx, s);
      ctx.out << "已导出" << service::RegisterKindTitle(*kind) << "：" << a->out << "\n";
    });
  }
}

}  // namespace suiji::cli
