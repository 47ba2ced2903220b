#include "tabular/test_zip.h"

#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace suiji::tabular::testing {

namespace {

// One directory per test process, removed when the process exits.
class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("suiji_tabular_test_" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string TempPath(const std::string& name) {
  static TempDir dir;
  return (dir.path() / name).string();
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  static int counter = 0;
  const std::string path = TempPath("zip_" + std::to_string(counter++) + ".zip");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& [name, content] : entries) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    if (src == nullptr || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) {
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
  std::string bytes = ReadFileBytes(path);
  std::filesystem::remove(path);
  return bytes;
}

std::string SheetXml(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

std::string SstXml(const std::string& items) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
         items + "</sst>";
}

std::string MakeXlsx(const XlsxParts& parts) {
  const std::string ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::vector<std::pair<std::string, std::string>> entries;
  std::string types =
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>)";
  entries.emplace_back("[Content_Types].xml", types);
  entries.emplace_back(
      "_rels/.rels",
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type=")" +
          ns + R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)");
  std::string wb =
      R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r=")" +
      ns + "\">";
  if (parts.date1904) wb += R"(<workbookPr date1904="1"/>)";
  wb += "<sheets>";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (size_t i = 0; i < parts.sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    wb += "<sheet name=\"" + parts.sheets[i].name + "\" sheetId=\"" + n + "\"" +
          (parts.sheets[i].hidden ? " state=\"hidden\"" : "") + " r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + ns +
            "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    entries.emplace_back("xl/worksheets/sheet" + n + ".xml", parts.sheets[i].xml);
  }
  wb += "</sheets></workbook>";
  if (!parts.shared_strings.empty()) {
    rels += "<Relationship Id=\"rIdS\" Type=\"" + ns +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    entries.emplace_back("xl/sharedStrings.xml", parts.shared_strings);
  }
  if (!parts.styles.empty()) {
    rels += "<Relationship Id=\"rIdT\" Type=\"" + ns + "/styles\" Target=\"/xl/styles.xml\"/>";
    entries.emplace_back("xl/styles.xml", parts.styles);
  }
  rels += "</Relationships>";
  entries.emplace_back("xl/workbook.xml", wb);
  entries.emplace_back("xl/_rels/workbook.xml.rels", rels);
  return MakeZip(entries);
}

ReadResult ReadAll(std::string_view bytes, Format f, const ReadOptions& o) {
  ReadResult r;
  r.status = ReadTable(
      bytes, f, o,
      [&](size_t n, const std::vector<std::string_view>& cells) {
        r.row_numbers.push_back(n);
        r.rows.emplace_back(cells.begin(), cells.end());
        return true;
      },
      &r.info);
  return r;
}

}  // namespace suiji::tabular::testing
