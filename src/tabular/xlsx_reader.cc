// XLSX reading: libzip for the package, pugixml for the small parts (relationships, workbook,
// styles), and XmlLexer streaming over the shared strings and the worksheet.

#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/time.h"
#include "tabular/columns.h"
#include "tabular/read_internal.h"
#include "tabular/utf8.h"
#include "tabular/xml_lexer.h"

namespace suiji::tabular::internal {
namespace {

constexpr size_t kExcelMaxRows = 1'048'576;
constexpr std::string_view kResave = "请用 Excel 打开后另存为 .xlsx 再导入";

Status NotXlsx(std::string_view detail) {
  return FileCorrupt(
      "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或是其他格式，" + std::string(kResave),
      detail);
}

Status PartCorrupt(std::string_view detail) {
  return FileCorrupt("文件内容已损坏，" + std::string(kResave), detail);
}

// ---------------------------------------------------------------------------------------------
// The zip package, with one budget of decompressed bytes across all parts read.

class Package {
 public:
  ~Package() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  Status Open(std::string_view bytes, size_t budget) {
    budget_ = budget;
    if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
      // OLE compound file: Excel 97-2003 .xls, or an OOXML workbook encrypted with a password.
      return FileCorrupt(
          "文件已设置打开密码，或是旧版 Excel 97-2003（.xls）格式；请取消密码或另存为 .xlsx "
          "后重新导入");
    }
    if (!bytes.starts_with("PK")) return NotXlsx("no zip signature");
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      std::string d = zip_error_strerror(&err);
      zip_error_fini(&err);
      return NotXlsx(d);
    }
    zip_ = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (zip_ == nullptr) {
      zip_source_free(src);
      std::string d = zip_error_strerror(&err);
      zip_error_fini(&err);
      return NotXlsx(d);
    }
    zip_error_fini(&err);
    return OkStatus();
  }

  // -1 when absent. OPC part names are case-insensitive.
  int64_t Locate(const std::string& name) const {
    return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  }

  // A streaming reader of one entry.
  class Entry {
   public:
    Entry(Package* pkg, zip_file_t* f, std::string name)
        : pkg_(pkg), f_(f), name_(std::move(name)) {}
    ~Entry() {
      if (f_ != nullptr) zip_fclose(f_);
    }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

    StatusOr<size_t> Read(char* dst, size_t cap) {
      const zip_int64_t n = zip_fread(f_, dst, cap);
      if (n < 0) {
        return PartCorrupt(name_ + ": " + zip_error_strerror(zip_file_get_error(f_)));
      }
      const auto got = static_cast<size_t>(n);
      if (got > pkg_->budget_) {
        return FileTooLarge("文件解压后超过上限（" + std::to_string(pkg_->limit_mb()) +
                            " MB），请拆分为多个文件后分别导入");
      }
      pkg_->budget_ -= got;
      return got;
    }

   private:
    Package* pkg_;
    zip_file_t* f_;
    std::string name_;
  };

  StatusOr<std::unique_ptr<Entry>> OpenEntry(const std::string& name) {
    const int64_t idx = Locate(name);
    if (idx < 0) return PartCorrupt("missing part " + name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(idx), 0, &st) != 0) {
      return PartCorrupt("stat " + name);
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return FileCorrupt("文件已加密，请取消密码保护后重新导入");
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > budget_) {
      return FileTooLarge("文件解压后超过上限（" + std::to_string(limit_mb()) +
                          " MB），请拆分为多个文件后分别导入");
    }
    zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(idx), 0);
    if (f == nullptr) {
      const int code = zip_error_code_zip(zip_get_error(zip_));
      if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
        return FileCorrupt("文件已加密，请取消密码保护后重新导入");
      }
      return PartCorrupt("open " + name + ": " + zip_strerror(zip_));
    }
    return std::make_unique<Entry>(this, f, name);
  }

  // The uncompressed size the archive declares for `name` (a hint: never trusted for limits).
  uint64_t DeclaredSize(const std::string& name) const {
    const int64_t idx = Locate(name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (idx < 0 || zip_stat_index(zip_, static_cast<zip_uint64_t>(idx), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE)) {
      return 0;
    }
    return st.size;
  }

  // The whole part (small parts only: relationships, workbook, styles, which are parsed into a
  // DOM several times their size, hence their own cap).
  StatusOr<std::string> ReadPart(const std::string& name) {
    constexpr size_t kMaxSmallPart = 256u << 20;
    ASSIGN_OR_RETURN(std::unique_ptr<Entry> e, OpenEntry(name));
    std::string out;
    size_t len = 0;
    for (;;) {
      if (len > kMaxSmallPart) {
        return FileTooLarge("文件的样式或工作簿结构部分过大，" + std::string(kResave));
      }
      if (out.size() - len < 65536) out.resize(len + 262144);
      ASSIGN_OR_RETURN(size_t n, e->Read(out.data() + len, out.size() - len));
      if (n == 0) break;
      len += n;
    }
    out.resize(len);
    return out;
  }

  size_t limit_mb() const { return limit_ >> 20; }
  void set_limit(size_t l) { limit_ = l; }

 private:
  zip_t* zip_ = nullptr;
  size_t budget_ = 0;
  size_t limit_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Small parts through pugixml. Elements and attributes are matched by local name: files written
// by other tools (and Strict OOXML) use different prefixes and namespaces.

std::string_view Local(const char* qname) {
  std::string_view s(qname);
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c.name()) == local) return c;
  }
  return {};
}

template <typename F>
void ForChildren(pugi::xml_node n, std::string_view local, F f) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c.name()) == local) f(c);
  }
}

// r:id of a <sheet>: a prefixed attribute with local name "id".
std::string RelId(pugi::xml_node n) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    if (name.find(':') != std::string_view::npos && Local(a.name()) == "id") return a.value();
  }
  return {};
}

Status ParseXml(const std::string& text, const std::string& part, pugi::xml_document* doc) {
  const pugi::xml_parse_result r = doc->load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!r) return PartCorrupt(part + ": " + r.description());
  return OkStatus();
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string RelsPathOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return dir + "_rels/" + file + ".rels";
}

// Resolves a relationship target against the source part's folder.
std::string ResolveTarget(const std::string& source_part, std::string target) {
  std::vector<std::string> segs;
  if (!target.empty() && target[0] == '/') {
    target.erase(0, 1);
  } else {
    const size_t slash = source_part.rfind('/');
    if (slash != std::string::npos) target = source_part.substr(0, slash + 1) + target;
  }
  size_t i = 0;
  while (i <= target.size()) {
    size_t j = target.find('/', i);
    if (j == std::string::npos) j = target.size();
    std::string seg = target.substr(i, j - i);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (const std::string& s : segs) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

struct Relationship {
  std::string type_suffix;  // "worksheet", "sharedStrings", …
  std::string target;       // resolved part name
};

StatusOr<std::map<std::string, Relationship>> ReadRels(Package& pkg, const std::string& part) {
  std::map<std::string, Relationship> rels;
  const std::string path = RelsPathOf(part);
  if (pkg.Locate(path) < 0) return rels;
  ASSIGN_OR_RETURN(std::string text, pkg.ReadPart(path));
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(text, path, &doc));
  ForChildren(doc.document_element(), "Relationship", [&](pugi::xml_node r) {
    if (std::string_view(r.attribute("TargetMode").value()) == "External") return;
    std::string_view type = r.attribute("Type").value();
    const size_t slash = type.rfind('/');
    rels[r.attribute("Id").value()] =
        Relationship{std::string(slash == std::string_view::npos ? type : type.substr(slash + 1)),
                     ResolveTarget(part, r.attribute("Target").value())};
  });
  return rels;
}

struct SheetRef {
  std::string name;
  std::string part;  // empty if the relationship is missing
  bool worksheet = false;
  bool visible = true;
};

struct Workbook {
  std::string part;
  bool date1904 = false;
  std::vector<SheetRef> sheets;
  std::string shared_strings;  // part name or empty
  std::string styles;          // part name or empty
};

StatusOr<Workbook> ReadWorkbook(Package& pkg) {
  Workbook wb;
  ASSIGN_OR_RETURN(auto root_rels, ReadRels(pkg, ""));
  for (const auto& [id, rel] : root_rels) {
    if (rel.type_suffix == "officeDocument") wb.part = rel.target;
  }
  if (wb.part.empty()) {
    if (pkg.Locate("xl/workbook.xml") < 0) return NotXlsx("no workbook part");
    wb.part = "xl/workbook.xml";
  }
  ASSIGN_OR_RETURN(std::string text, pkg.ReadPart(wb.part));
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(text, wb.part, &doc));
  const pugi::xml_node root = doc.document_element();
  if (Local(root.name()) != "workbook") return NotXlsx("root is not workbook");
  if (pugi::xml_node pr = Child(root, "workbookPr")) {
    const std::string_view v = pr.attribute("date1904").value();
    wb.date1904 = v == "1" || v == "true";
  }
  ASSIGN_OR_RETURN(auto rels, ReadRels(pkg, wb.part));
  ForChildren(Child(root, "sheets"), "sheet", [&](pugi::xml_node s) {
    SheetRef ref;
    ref.name = s.attribute("name").value();
    const std::string_view state = s.attribute("state").value();
    ref.visible = state.empty() || state == "visible";
    auto it = rels.find(RelId(s));
    if (it != rels.end()) {
      ref.part = it->second.target;
      ref.worksheet = it->second.type_suffix == "worksheet";
    }
    wb.sheets.push_back(std::move(ref));
  });
  for (const auto& [id, rel] : rels) {
    if (rel.type_suffix == "sharedStrings") wb.shared_strings = rel.target;
    if (rel.type_suffix == "styles") wb.styles = rel.target;
  }
  // Some generators omit these relationships but ship the parts under their usual names.
  if (wb.shared_strings.empty() && pkg.Locate("xl/sharedStrings.xml") >= 0) {
    wb.shared_strings = "xl/sharedStrings.xml";
  }
  if (wb.styles.empty() && pkg.Locate("xl/styles.xml") >= 0) wb.styles = "xl/styles.xml";
  return wb;
}

// ---------------------------------------------------------------------------------------------
// Styles: which cell formats display numbers as dates or times.

enum class NumKind : uint8_t { kNumber, kDate, kDateTime, kTime };

NumKind BuiltinKind(int id) {
  if (id >= 14 && id <= 17) return NumKind::kDate;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return NumKind::kTime;
  if (id == 22) return NumKind::kDateTime;
  // East Asian built-ins (ECMA-376 §18.8.30); in zh-CN: 年月日 forms and 时分秒 forms.
  if ((id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58) {
    return NumKind::kDate;
  }
  if ((id >= 32 && id <= 35) || id == 55 || id == 56) return NumKind::kTime;
  return NumKind::kNumber;
}

NumKind KindOfFormatCode(std::string_view code) {
  bool date = false, time = false, month_or_minute = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;  // only the first (positive) section decides
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inner = code.substr(i + 1, close - i - 1);
      if (!inner.empty() && inner.find_first_not_of("hHmMsS") == std::string_view::npos) {
        time = true;  // elapsed time [h] [mm] [ss]
      }
      i = close;
      continue;
    }
    switch (c) {
      case 'y':
      case 'Y':
      case 'd':
      case 'D': date = true; break;
      case 'h':
      case 'H':
      case 's':
      case 'S': time = true; break;
      case 'm':
      case 'M': month_or_minute = true; break;
      default: break;
    }
  }
  if (month_or_minute && !time) date = true;
  if (date && time) return NumKind::kDateTime;
  if (date) return NumKind::kDate;
  if (time) return NumKind::kTime;
  return NumKind::kNumber;
}

StatusOr<std::vector<NumKind>> ReadStyles(Package& pkg, const std::string& part) {
  std::vector<NumKind> kinds;
  if (part.empty() || pkg.Locate(part) < 0) return kinds;
  ASSIGN_OR_RETURN(std::string text, pkg.ReadPart(part));
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(text, part, &doc));
  const pugi::xml_node root = doc.document_element();
  std::map<int, NumKind> custom;
  ForChildren(Child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
    custom[f.attribute("numFmtId").as_int(-1)] =
        KindOfFormatCode(f.attribute("formatCode").value());
  });
  ForChildren(Child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
    const int id = xf.attribute("numFmtId").as_int(0);
    auto it = custom.find(id);
    kinds.push_back(it != custom.end() ? it->second : BuiltinKind(id));
  });
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Shared strings: one arena, offsets[i]..offsets[i+1] is string i.

struct SharedStrings {
  std::string arena;
  // 32-bit offsets halve the index of a table with millions of strings; ReadSharedStrings
  // refuses an arena beyond 4 GiB.
  std::vector<uint32_t> offsets{0};
  size_t size() const { return offsets.size() - 1; }
  std::string_view at(size_t i) const {
    return std::string_view(arena.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

Status ReadSharedStrings(Package& pkg, const std::string& part, SharedStrings* sst) {
  if (part.empty() || pkg.Locate(part) < 0) return OkStatus();
  ASSIGN_OR_RETURN(std::unique_ptr<Package::Entry> entry, pkg.OpenEntry(part));
  // The text is smaller than its XML: reserving the part's size avoids regrowing a buffer of
  // hundreds of MB. OpenEntry has checked the size against the budget.
  const uint64_t declared = pkg.DeclaredSize(part);
  sst->arena.reserve(declared);
  sst->offsets.reserve(declared / 16 + 1);
  XmlLexer lex([&](char* d, size_t n) { return entry->Read(d, n); }, part);
  XmlLexer::Token t;
  bool in_si = false, in_t = false;
  int phonetic_depth = 0;  // inside <rPh>: Japanese reading hints, not cell text
  size_t start = 0;
  while (lex.Next(&t)) {
    switch (t.kind) {
      case XmlLexer::Kind::kStartTag:
        if (t.name == "si") {
          if (in_si) return PartCorrupt(part + ": nested si");
          if (t.self_closing) {
            sst->offsets.push_back(sst->offsets.back());
          } else {
            in_si = true;
            start = sst->arena.size();
          }
        } else if (t.name == "t" && !t.self_closing) {
          in_t = true;
        } else if (t.name == "rPh" && !t.self_closing) {
          ++phonetic_depth;
        }
        break;
      case XmlLexer::Kind::kEndTag:
        if (t.name == "si") {
          DecodeOoxmlEscapes(&sst->arena, start);
          const std::string_view s(sst->arena.data() + start, sst->arena.size() - start);
          if (FindInvalidUtf8(s) != kNpos) return PartCorrupt(part + ": invalid UTF-8");
          if (sst->arena.size() > UINT32_MAX) {
            return FileTooLarge("文件中的文本总量超过上限（4 GB），请拆分为多个文件后分别导入");
          }
          sst->offsets.push_back(static_cast<uint32_t>(sst->arena.size()));
          in_si = false;
        } else if (t.name == "t") {
          in_t = false;
        } else if (t.name == "rPh") {
          --phonetic_depth;
        }
        break;
      case XmlLexer::Kind::kText:
        if (in_si && in_t && phonetic_depth == 0) {
          if (t.cdata) {
            sst->arena.append(t.text);
          } else if (!XmlLexer::AppendDecoded(t.text, &sst->arena)) {
            return PartCorrupt(part + ": bad entity");
          }
        }
        break;
    }
  }
  return lex.status();
}

// ---------------------------------------------------------------------------------------------
// Cell values.

bool ParseUnsigned(std::string_view s, size_t* out) {
  if (s.empty() || s.size() > 18) return false;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  *out = v;
  return true;
}

// "AB12" → column 27 (0-based); false if malformed.
bool ParseCellRef(std::string_view r, size_t* col) {
  size_t i = 0, c = 0;
  while (i < r.size() && r[i] >= 'A' && r[i] <= 'Z') {
    c = c * 26 + static_cast<size_t>(r[i] - 'A' + 1);
    if (c > kMaxColumns) return false;
    ++i;
  }
  if (i == 0) return false;
  for (size_t k = i; k < r.size(); ++k) {
    if (r[k] < '0' || r[k] > '9') return false;
  }
  *col = c - 1;
  return true;
}

bool IsPlainSmallInteger(std::string_view v) {
  size_t i = v.starts_with('-') ? 1 : 0;
  const size_t digits = v.size() - i;
  if (digits == 0 || digits > 15) return false;
  if (v[i] == '0' && digits > 1) return false;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return false;
  }
  return v != "-0";
}

void AppendTwo(std::string* out, int v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// Excel's formula-bar rendering of a General number.
void AppendGeneralNumber(double x, std::string* out) {
  char buf[400];
  if (x == 0) {
    out->push_back('0');
    return;
  }
  if (std::fabs(x) >= 1e15) {
    // Keep the 15 significant digits Excel keeps, then zeros.
    std::snprintf(buf, sizeof buf, "%.14e", x);
    std::string_view s(buf);
    const size_t e = s.find('e');
    const int exp = std::atoi(buf + e + 1);
    if (s[0] == '-') out->push_back('-');
    std::string digits;
    for (char c : s.substr(0, e)) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    digits.resize(static_cast<size_t>(exp) + 1, '0');
    out->append(digits);
    return;
  }
  if (x == std::floor(x)) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(x));
    out->append(buf);
    return;
  }
  std::snprintf(buf, sizeof buf, "%.15g", x);
  if (std::strchr(buf, 'e') == nullptr) {
    out->append(buf);
    return;
  }
  // Small magnitudes: plain decimal with 15 significant digits, trailing zeros dropped.
  const int exp10 = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  const int decimals = std::min(340, 14 - exp10);
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string_view s(buf);
  if (s.find('.') != std::string_view::npos) {
    while (s.ends_with('0')) s.remove_suffix(1);
    if (s.ends_with('.')) s.remove_suffix(1);
  }
  out->append(s);
}

// Appends the text Excel shows for the serial `x` in a date/time format. False when Excel
// would not show a date (negative or beyond 9999-12-31): the caller renders the number.
bool AppendDateTime(double x, NumKind kind, bool date1904, std::string* out) {
  if (!(x >= 0) || x > 2958465.99999) return false;
  const int64_t total_ms = std::llround(x * 86400000.0);
  int64_t days = total_ms / 86400000;
  int64_t secs = (total_ms % 86400000 + 500) / 1000;
  if (secs >= 86400) {
    secs -= 86400;
    ++days;
  }
  if (kind != NumKind::kTime) {
    if (date1904) {
      const Date d = Date::FromDaysSinceEpoch(Date{1904, 1, 1}.DaysSinceEpoch() + days);
      out->append(d.ToString());
    } else if (days == 60) {
      out->append("1900-02-29");  // Excel's fictitious leap day (Lotus 1-2-3 compatibility)
    } else {
      const int64_t base = Date{1899, 12, 30}.DaysSinceEpoch() + (days < 60 ? 1 : 0);
      out->append(Date::FromDaysSinceEpoch(base + days).ToString());
    }
  }
  if (kind == NumKind::kDate) return true;
  if (kind == NumKind::kDateTime) out->push_back(' ');
  AppendTwo(out, static_cast<int>(secs / 3600));
  out->push_back(':');
  AppendTwo(out, static_cast<int>(secs / 60 % 60));
  out->push_back(':');
  AppendTwo(out, static_cast<int>(secs % 60));
  return true;
}

// ISO 8601 cell (t="d") → "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS".
void AppendIsoDate(std::string_view v, std::string* out) {
  std::string s(v.substr(0, 19));
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  if (s.size() == 19 && s.ends_with(" 00:00:00")) s.resize(10);
  out->append(s);
}

// ---------------------------------------------------------------------------------------------
// The worksheet.

enum class CellType : uint8_t { kNumber, kShared, kInline, kFormulaString, kBool, kError, kIso };

bool ParseCellType(std::string_view t, CellType* out) {
  if (t.empty()) {
    *out = CellType::kNumber;
    return true;
  }
  if (t.size() == 1) {
    switch (t[0]) {
      case 'n': *out = CellType::kNumber; return true;
      case 's': *out = CellType::kShared; return true;
      case 'b': *out = CellType::kBool; return true;
      case 'e': *out = CellType::kError; return true;
      case 'd': *out = CellType::kIso; return true;
      default: return false;
    }
  }
  if (t == "inlineStr") *out = CellType::kInline;
  else if (t == "str") *out = CellType::kFormulaString;
  else return false;
  return true;
}

// Worksheet element names the reader acts on, classified without string compares (this runs
// several times per cell).
enum class Tag : uint8_t {
  kOther,
  kRow,
  kCell,
  kValue,
  kInlineString,
  kText,
  kPhonetic,
  kSheetData
};

Tag ClassifyTag(std::string_view n) {
  switch (n.size()) {
    case 1:
      return n[0] == 'c'   ? Tag::kCell
             : n[0] == 'v' ? Tag::kValue
             : n[0] == 't' ? Tag::kText
                           : Tag::kOther;
    case 2: return n[0] == 'i' && n[1] == 's' ? Tag::kInlineString : Tag::kOther;
    case 3:
      if (n[0] == 'r' && n[1] == 'o' && n[2] == 'w') return Tag::kRow;
      if (n[0] == 'r' && n[1] == 'P' && n[2] == 'h') return Tag::kPhonetic;
      return Tag::kOther;
    case 9: return n == "sheetData" ? Tag::kSheetData : Tag::kOther;
    default: return Tag::kOther;
  }
}

// The r, t and s attributes of a <c>, in one pass. False on malformed attribute syntax.
bool CellAttrs(std::string_view a, std::string_view* r, std::string_view* t, std::string_view* s) {
  size_t i = 0;
  const size_t n = a.size();
  for (;;) {
    while (i < n && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r')) ++i;
    if (i >= n) return true;
    const size_t name_start = i;
    while (i < n && a[i] != '=' && a[i] != ' ') ++i;
    const size_t name_len = i - name_start;
    while (i < n && a[i] == ' ') ++i;
    if (i + 1 >= n || a[i] != '=') return false;
    ++i;
    while (i < n && a[i] == ' ') ++i;
    if (i >= n || (a[i] != '"' && a[i] != '\'')) return false;
    const char q = a[i++];
    const size_t v_start = i;
    while (i < n && a[i] != q) ++i;
    if (i >= n) return false;
    if (name_len == 1) {
      const std::string_view v = a.substr(v_start, i - v_start);
      switch (a[name_start]) {
        case 'r': *r = v; break;
        case 't': *t = v; break;
        case 's': *s = v; break;
        default: break;
      }
    }
    ++i;
  }
}

class SheetReader {
 public:
  SheetReader(const ReadOptions& o, const RowCallback& on_row, ReadInfo* info,
              const SharedStrings& sst, const std::vector<NumKind>& styles, bool date1904)
      : o_(o), on_row_(on_row), info_(info), sst_(sst), styles_(styles), date1904_(date1904) {}

  Status Run(XmlLexer& lex) {
    XmlLexer::Token t;
    while (lex.Next(&t)) {
      switch (t.kind) {
        case XmlLexer::Kind::kStartTag: RETURN_IF_ERROR(OnStart(t)); break;
        case XmlLexer::Kind::kEndTag: {
          const Tag tag = ClassifyTag(t.name);
          if (tag == Tag::kSheetData) return OkStatus();  // the rest is layout, not data
          if (in_sheet_data_) RETURN_IF_ERROR(OnEnd(tag));
          break;
        }
        case XmlLexer::Kind::kText:
          if (in_v_ || (in_is_ && in_t_ && phonetic_depth_ == 0)) {
            if (t.cdata) {
              value_.append(t.text);
            } else if (!XmlLexer::AppendDecoded(t.text, &value_)) {
              return Corrupt("bad entity");
            }
          }
          break;
      }
      if (done_) return OkStatus();
    }
    return lex.status();
  }

 private:
  struct Slot {
    bool shared;  // view into sst, else into arena_
    size_t off;
    size_t len;
  };

  Status Corrupt(const std::string& what) const {
    return PartCorrupt("sheet row " + std::to_string(row_) + ": " + what);
  }

  Status OnStart(const XmlLexer::Token& t) {
    const Tag tag = ClassifyTag(t.name);
    if (!in_sheet_data_) {
      if (tag == Tag::kSheetData) in_sheet_data_ = !t.self_closing;
      return OkStatus();
    }
    if (tag == Tag::kRow) {
      if (in_row_) return Corrupt("nested row");
      std::string_view r;
      size_t row = last_row_ + 1;
      if (XmlLexer::FindAttr(t.attrs, "r", &r) && (!ParseUnsigned(r, &row) || row == 0)) {
        return Corrupt("bad row number");
      }
      if (row <= last_row_ || row > kExcelMaxRows) return Corrupt("row out of order");
      row_ = row;
      last_row_ = row;
      slots_.clear();
      arena_.clear();
      if (t.self_closing) return OkStatus();
      in_row_ = true;
    } else if (tag == Tag::kCell) {
      if (!in_row_ || in_cell_) return Corrupt("cell outside row");
      std::string_view r, type, style;
      if (!CellAttrs(t.attrs, &r, &type, &style)) return Corrupt("bad cell attributes");
      col_ = slots_.size();
      if (!r.empty() && !ParseCellRef(r, &col_)) return Corrupt("bad cell reference");
      if (col_ < slots_.size()) return Corrupt("cells out of order");
      if (col_ >= kMaxColumns) return TooManyColumns(row_);
      if (!ParseCellType(type, &type_)) return Corrupt("bad cell type");
      style_ = 0;
      if (!style.empty() && !ParseUnsigned(style, &style_)) return Corrupt("bad style index");
      value_.clear();
      if (t.self_closing) return OkStatus();  // styled but empty
      in_cell_ = true;
    } else if (in_cell_ && !t.self_closing) {
      if (tag == Tag::kValue) in_v_ = true;
      else if (tag == Tag::kInlineString) in_is_ = true;
      else if (tag == Tag::kText) in_t_ = true;
      else if (tag == Tag::kPhonetic) ++phonetic_depth_;
    }
    return OkStatus();
  }

  Status OnEnd(Tag tag) {
    switch (tag) {
      case Tag::kRow: in_row_ = false; return EmitRow();
      case Tag::kCell: in_cell_ = false; return FinishCell();
      case Tag::kValue: in_v_ = false; break;
      case Tag::kInlineString: in_is_ = false; break;
      case Tag::kText: in_t_ = false; break;
      case Tag::kPhonetic: --phonetic_depth_; break;
      default: break;
    }
    return OkStatus();
  }

  void PadTo(size_t col) {
    while (slots_.size() < col) slots_.push_back(Slot{false, arena_.size(), 0});
  }

  void PushArena(size_t from) { slots_.push_back(Slot{false, from, arena_.size() - from}); }

  Status FinishCell() {
    in_v_ = in_is_ = in_t_ = false;
    phonetic_depth_ = 0;
    PadTo(col_);
    const size_t from = arena_.size();
    switch (type_) {
      case CellType::kShared: {
        size_t idx;
        if (!ParseUnsigned(value_, &idx) || idx >= sst_.size()) {
          return Corrupt("bad shared string index");
        }
        slots_.push_back(Slot{true, idx, 0});
        return OkStatus();
      }
      case CellType::kInline:
      case CellType::kFormulaString:
        DecodeOoxmlEscapes(&value_);
        if (FindInvalidUtf8(value_) != kNpos) return Corrupt("invalid UTF-8");
        arena_.append(value_);
        break;
      case CellType::kBool:
        if (value_ == "1") arena_.append("TRUE");
        else if (value_ == "0") arena_.append("FALSE");
        else if (!value_.empty()) return Corrupt("bad boolean");
        break;
      case CellType::kError:
        if (FindInvalidUtf8(value_) != kNpos) return Corrupt("invalid UTF-8");
        arena_.append(value_);
        break;
      case CellType::kIso: AppendIsoDate(value_, &arena_); break;
      case CellType::kNumber: RETURN_IF_ERROR(AppendNumber()); break;
    }
    PushArena(from);
    return OkStatus();
  }

  Status AppendNumber() {
    std::string_view v = value_;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\n' || v.front() == '\t')) {
      v.remove_prefix(1);
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == '\n' || v.back() == '\t')) {
      v.remove_suffix(1);
    }
    if (v.empty()) return OkStatus();
    const NumKind kind = style_ < styles_.size() ? styles_[style_] : NumKind::kNumber;
    if (kind == NumKind::kNumber && IsPlainSmallInteger(v)) {
      arena_.append(v);
      return OkStatus();
    }
    double x = 0;
    const char* b = v.data() + (v.front() == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(b, v.data() + v.size(), x);
    if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x)) {
      return Corrupt("bad number");
    }
    if (kind != NumKind::kNumber && AppendDateTime(x, kind, date1904_, &arena_)) {
      return OkStatus();
    }
    if (std::fabs(x) >= 1e15 && o_.fail_on_precision_loss) {
      std::string shown;
      AppendGeneralNumber(x, &shown);
      return InvalidArgument(
          "NUMBER_PRECISION_LOST",
          "第 " + std::to_string(row_) + " 行第 " + ColumnLetters(col_) + " 列的数字 " + shown +
              " 超过 15 位，Excel 已丢失末尾的数字（例如统一社会信用代码、身份证号按数字录入）。"
              "请将该列设置为“文本”格式，重新录入完整号码后再导入");
    }
    AppendGeneralNumber(x, &arena_);
    return OkStatus();
  }

  Status EmitRow() {
    cells_.clear();
    for (const Slot& s : slots_) {
      cells_.push_back(s.shared ? sst_.at(s.off) : std::string_view(arena_.data() + s.off, s.len));
    }
    if (IsBlankRow(cells_)) return OkStatus();
    if (row_ > o_.max_rows) return TooManyRows(o_.max_rows);
    ++info_->rows_reported;
    info_->last_row_number = row_;
    if (!on_row_(row_, cells_)) done_ = true;
    return OkStatus();
  }

  const ReadOptions& o_;
  const RowCallback& on_row_;
  ReadInfo* info_;
  const SharedStrings& sst_;
  const std::vector<NumKind>& styles_;
  const bool date1904_;

  bool done_ = false;
  bool in_sheet_data_ = false;
  bool in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  int phonetic_depth_ = 0;
  size_t row_ = 0, last_row_ = 0, col_ = 0, style_ = 0;
  CellType type_ = CellType::kNumber;
  std::string value_;
  std::string arena_;
  std::vector<Slot> slots_;
  std::vector<std::string_view> cells_;
};

std::string SheetList(const Workbook& wb) {
  std::string s;
  for (const SheetRef& r : wb.sheets) {
    if (!r.worksheet) continue;
    if (!s.empty()) s += "、";
    s += r.name;
  }
  return s;
}

bool EqualsAsciiNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

StatusOr<const SheetRef*> ChooseSheet(const Workbook& wb, const std::string& wanted) {
  if (wanted.empty()) {
    for (const SheetRef& r : wb.sheets) {
      if (r.worksheet && r.visible && !r.part.empty()) return &r;
    }
    return InvalidArgument("SHEET_NOT_FOUND", "工作簿中没有可读取的工作表");
  }
  const SheetRef* found = nullptr;
  for (const SheetRef& r : wb.sheets) {
    if (r.name == wanted) found = &r;
  }
  if (found == nullptr) {
    for (const SheetRef& r : wb.sheets) {
      if (EqualsAsciiNoCase(r.name, wanted)) found = &r;
    }
  }
  if (found == nullptr) {
    return InvalidArgument("SHEET_NOT_FOUND", "找不到名为“" + wanted +
                                                  "”的工作表；文件中的工作表有：" + SheetList(wb));
  }
  if (!found->worksheet || found->part.empty()) {
    return InvalidArgument("SHEET_NOT_FOUND", "“" + wanted + "”不是数据工作表（可能是图表）");
  }
  return found;
}

}  // namespace

Status ReadXlsx(std::string_view bytes, const ReadOptions& o, const RowCallback& on_row,
                ReadInfo* info) {
  info->encoding = "XLSX";
  Package pkg;
  pkg.set_limit(o.max_uncompressed_bytes);
  RETURN_IF_ERROR(pkg.Open(bytes, o.max_uncompressed_bytes));
  ASSIGN_OR_RETURN(Workbook wb, ReadWorkbook(pkg));
  ASSIGN_OR_RETURN(const SheetRef* sheet, ChooseSheet(wb, o.sheet));
  info->sheet = sheet->name;
  ASSIGN_OR_RETURN(std::vector<NumKind> styles, ReadStyles(pkg, wb.styles));
  SharedStrings sst;
  RETURN_IF_ERROR(ReadSharedStrings(pkg, wb.shared_strings, &sst));
  ASSIGN_OR_RETURN(std::unique_ptr<Package::Entry> entry, pkg.OpenEntry(sheet->part));
  XmlLexer lex([&](char* d, size_t n) { return entry->Read(d, n); }, sheet->part);
  SheetReader reader(o, on_row, info, sst, styles, wb.date1904);
  return reader.Run(lex);
}

StatusOr<std::vector<std::string>> ListXlsxSheets(std::string_view bytes,
                                                  size_t max_uncompressed_bytes) {
  Package pkg;
  pkg.set_limit(max_uncompressed_bytes);
  RETURN_IF_ERROR(pkg.Open(bytes, max_uncompressed_bytes));
  ASSIGN_OR_RETURN(Workbook wb, ReadWorkbook(pkg));
  std::vector<std::string> names;
  for (const SheetRef& r : wb.sheets) {
    if (r.worksheet) names.push_back(r.name);
  }
  return names;
}

}  // namespace suiji::tabular::internal
