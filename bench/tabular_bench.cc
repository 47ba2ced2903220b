// Tabular I/O throughput: reading 1M × 15 registers from .csv and .xlsx (as our writer makes
// them, and as Excel saves them, with shared strings), and writing 100k rows.
//
//   suiji_tabular_bench [read_rows=1000000] [write_rows=100000] [dir]
//
// With a dir, the generated files are kept there (bench/run_tabular_bench.sh reads them with
// the peers afterwards); without, they go to a temp dir that is removed.
//
// Every phase runs in a child process so its peak RSS (VmHWM) is its own.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tabular/cells.h"
#include "tabular/columns.h"
#include "tabular/reader.h"
#include "tabular/writer.h"

namespace {

using suiji::Status;
using namespace suiji::tabular;  // NOLINT(google-build-using-namespace)
using Clock = std::chrono::steady_clock;

constexpr const char* kRegions[] = {"鼓楼区", "台江区", "仓山区", "晋安区", "马尾区", "长乐区"};
constexpr const char* kIndustries[] = {"批发和零售业", "制造业", "住宿和餐饮业", "建筑业",
                                       "信息传输、软件和信息技术服务业"};
constexpr const char* kTypes[] = {"有限责任公司", "个体工商户", "股份有限公司", "农民专业合作社"};
constexpr const char* kStatus[] = {"存续", "在业", "迁出"};
constexpr const char* kRisk[] = {"A 信用风险低", "B 信用风险一般", "C 信用风险较高",
                                 "D 信用风险高"};

const std::vector<ColumnSpec>& Specs() {
  static const std::vector<ColumnSpec> specs = {
      {"uscc", "统一社会信用代码", true, {}, ""},
      {"name", "企业名称", true, {}, ""},
      {"legal", "法定代表人", false, {}, ""},
      {"address", "住所", false, {}, ""},
      {"region", "行政区划", false, {}, ""},
      {"industry", "行业", false, {}, ""},
      {"type", "市场主体类型", false, {}, ""},
      {"founded", "成立日期", false, {}, ""},
      {"capital", "注册资本（万元）", false, {}, ""},
      {"phone", "联系电话", false, {}, ""},
      {"authority", "登记机关", false, {}, ""},
      {"status", "经营状态", false, {}, ""},
      {"risk", "信用风险等级", false, {}, ""},
      {"key", "是否重点监管", false, {}, ""},
      {"note", "备注", false, {}, ""},
  };
  return specs;
}

std::string Code(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "91350%03zuMA%08zu", i % 1000, i);
  return buf;
}

// Row i of the synthetic register: all text, as exports write it.
std::vector<std::string> MakeRow(size_t i) {
  char date[16];
  std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 1995 + i % 30, 1 + i % 12, 1 + i % 28);
  return {Code(i),
          "福州市" + std::to_string(i) + "号贸易有限公司",
          i % 3 == 0 ? "张三" : (i % 3 == 1 ? "李四" : "王五"),
          std::string("福建省福州市") + kRegions[i % 6] + "五四路" + std::to_string(i % 500) + "号",
          kRegions[i % 6],
          kIndustries[i % 5],
          kTypes[i % 4],
          date,
          std::to_string(10 + i % 990),
          "1380013" + std::to_string(1000 + i % 9000),
          std::string("福州市") + kRegions[i % 6] + "市场监督管理局",
          kStatus[i % 3],
          kRisk[i % 4],
          i % 7 == 0 ? "是" : "否",
          i % 10 == 0 ? "曾被列入经营异常名录, 已移出" : ""};
}

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// User + system CPU seconds of this process: stable when other jobs share the cores.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long PeakRssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6) / 1024;
  }
  return -1;
}

void RunInChild(const std::function<void()>& phase) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    phase();
    std::fflush(stdout);
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) std::printf("  phase failed (status %d)\n", st);
}

void Die(const Status& s) {
  std::printf("  error: %s\n", s.ToString().c_str());
  std::fflush(stdout);
  _exit(1);
}

void Write(Format f, const std::string& path, size_t rows, bool report) {
  const auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  auto w = TableWriter::Create(f, path, "抽查对象名录");
  if (!w.ok()) Die(w.status());
  if (Status s = (*w)->AddRow(HeaderRow(Specs())); !s.ok()) Die(s);
  for (size_t i = 0; i < rows; ++i) {
    if (Status s = (*w)->AddRow(MakeRow(i)); !s.ok()) Die(s);
  }
  if (Status s = (*w)->Finish(); !s.ok()) Die(s);
  const double sec = Seconds(t0);
  const double cpu = CpuSeconds() - c0;
  if (report) {
    std::printf(
        "  write %-30s %8zu rows: %6.2f s wall %6.2f s cpu %9.0f rows/s (cpu)  %6.1f MB file  peak "
        "RSS %ld MB\n",
        f == Format::kCsv ? "csv" : "xlsx", rows, sec, cpu, rows / cpu,
        std::filesystem::file_size(path) / 1e6, PeakRssMb());
  }
}

// An .xlsx as Excel saves it: strings in the shared-string table, dates and amounts as numbers.
void WriteExcelStyle(const std::string& path, size_t rows) {
  // Excel stores each distinct string once.
  std::vector<std::string> sst;
  std::unordered_map<std::string, size_t> sst_index;
  std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  auto add_row = [&](size_t r, const std::vector<std::string>& cells, bool header) {
    sheet += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      const std::string ref = std::string(1, static_cast<char>('A' + c)) + std::to_string(r);
      if (!header && c == 7) {  // date → serial with a date style
        const auto d = ParseDateCell(cells[c]);
        const int64_t serial = d->DaysSinceEpoch() + 25569;
        sheet += "<c r=\"" + ref + "\" s=\"1\"><v>" + std::to_string(serial) + "</v></c>";
      } else if (!header && c == 8) {
        sheet += "<c r=\"" + ref + "\"><v>" + cells[c] + "</v></c>";
      } else {
        auto [it, added] = sst_index.emplace(cells[c], sst.size());
        if (added) sst.push_back(cells[c]);
        sheet += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(it->second) + "</v></c>";
      }
    }
    sheet += "</row>";
  };
  add_row(1, HeaderRow(Specs()), true);
  for (size_t i = 0; i < rows; ++i) add_row(i + 2, MakeRow(i), false);
  sheet += "</sheetData></worksheet>";
  std::string sst_xml =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const std::string& s : sst) sst_xml += "<si><t>" + s + "</t></si>";
  sst_xml += "</sst>";
  sst.clear();
  sst.shrink_to_fit();
  sst_index.clear();
  const std::string ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"_rels/.rels",
       R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type=")" +
           ns + R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r=")" +
           ns + R"("><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type=")" +
           ns + R"(/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type=")" +
           ns + R"(/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type=")" +
           ns + R"(/styles" Target="styles.xml"/></Relationships>)"},
      {"xl/styles.xml",
       R"(<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>)"},
      {"xl/sharedStrings.xml", std::move(sst_xml)},
      {"xl/worksheets/sheet1.xml", std::move(sheet)},
  };
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  for (const auto& [name, content] : parts) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 1);
  }
  if (zip_close(z) != 0) {
    std::printf("  zip_close failed\n");
    _exit(1);
  }
}

void Read(const std::string& label, const std::string& path, bool validate) {
  const auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  size_t rows = 0, cells = 0, bytes = 0, bad = 0;
  std::optional<HeaderMap> map;
  ReadOptions o;
  Status s = ReadTableFile(path, o, [&](size_t, const std::vector<std::string_view>& c) {
    ++rows;
    cells += c.size();
    for (std::string_view v : c) bytes += v.size();
    if (validate) {
      if (!map) {
        auto m = HeaderMap::Build(Specs(), c);
        if (!m.ok()) Die(m.status());
        map = std::move(*m);
        return true;
      }
      // What an importer does per row at minimum: map, trim/normalise, parse typed cells.
      const std::string code = NormalizeCode(map->Get(c, size_t{0}));
      const std::string_view name = TrimCell(map->Get(c, size_t{1}));
      const auto founded = ParseDateCell(map->Get(c, size_t{7}));
      const auto capital = ParseIntCell(map->Get(c, size_t{8}));
      const auto key = ParseBoolCell(map->Get(c, size_t{13}));
      if (code.size() != 18 || name.empty() || !founded || !capital || !key) ++bad;
    }
    return true;
  });
  if (!s.ok()) Die(s);
  const double sec = Seconds(t0);
  const double cpu = CpuSeconds() - c0;
  std::printf(
      "  read  %-30s %8zu rows: %6.2f s wall %6.2f s cpu %9.0f rows/s (cpu)  %6.1f MB file  peak "
      "RSS %ld MB%s\n",
      label.c_str(), rows, sec, cpu, rows / cpu, std::filesystem::file_size(path) / 1e6,
      PeakRssMb(), validate ? (bad ? "  (VALIDATION FAILURES)" : "") : "");
  (void)cells;
  (void)bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t read_rows = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
  const size_t write_rows = argc > 2 ? std::stoul(argv[2]) : 100'000;
  const std::filesystem::path dir = argc > 3
                                        ? std::filesystem::path(argv[3])
                                        : std::filesystem::temp_directory_path() /
                                              ("suiji_tabular_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "targets.csv").string();
  const std::string xlsx = (dir / "targets.xlsx").string();
  const std::string excel = (dir / "targets_excel_style.xlsx").string();

  std::printf("Tabular I/O (%zu rows x 15 columns read, %zu rows written)\n", read_rows,
              write_rows);
  std::printf("generating inputs in %s ...\n", dir.c_str());
  RunInChild([&] { Write(Format::kCsv, csv, read_rows, false); });
  RunInChild([&] { Write(Format::kXlsx, xlsx, read_rows, false); });
  RunInChild([&] { WriteExcelStyle(excel, read_rows); });

  RunInChild([&] { Read("csv (UTF-8, our export)", csv, false); });
  RunInChild([&] { Read("csv + map/normalise/parse", csv, true); });
  RunInChild([&] { Read("xlsx (inline strings, ours)", xlsx, false); });
  RunInChild([&] { Read("xlsx (shared strings, Excel)", excel, false); });
  RunInChild([&] { Read("xlsx Excel + map/normalise", excel, true); });

  RunInChild([&] { Write(Format::kCsv, (dir / "w.csv").string(), write_rows, true); });
  RunInChild([&] { Write(Format::kXlsx, (dir / "w.xlsx").string(), write_rows, true); });

  if (argc <= 3) std::filesystem::remove_all(dir);
  return 0;
}
