// CSV reading: RFC 4180 records over UTF-8, with GB18030 input decoded in line-aligned chunks.

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "tabular/read_internal.h"
#include "tabular/utf8.h"

namespace suiji::tabular::internal {
namespace {

constexpr std::string_view kSaveAsUtf8 =
    "请在 Excel 中“另存为”，文件类型选择“CSV UTF-8（逗号分隔）(*.csv)”后重新导入";

// Characters after which TableWriter's guard apostrophe is removed (see writer.h).
bool IsGuardedLead(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\'';
}

size_t LineOfOffset(std::string_view bytes, size_t offset) {
  return static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n')) + 1;
}

class CsvParser {
 public:
  CsvParser(const ReadOptions& o, const RowCallback& on_row, ReadInfo* info)
      : o_(o), on_row_(on_row), info_(info) {}

  // Parses the records in `data`. Unless `final`, a record not yet terminated by a line end
  // is left unconsumed (*consumed stops before it) so the caller can append more input.
  Status Parse(std::string_view data, bool final, size_t* consumed) {
    const char* const begin = data.data();
    const char* const end = begin + data.size();
    const char* p = begin;
    *consumed = 0;
    while (p < end && !done_) {
      const char* const record_start = p;
      fields_.clear();
      const size_t row = row_ + 1;
      bool incomplete = false;
      for (;;) {
        if (p < end && *p == '"') {
          const char* q = p + 1;
          bool doubled = false;
          for (;;) {
            const void* hit = std::memchr(q, '"', static_cast<size_t>(end - q));
            if (hit == nullptr) {
              if (!final) {
                incomplete = true;
                break;
              }
              return FileCorrupt("第 " + std::to_string(row) +
                                 " 行：引号没有闭合（以引号开头的单元格必须以引号结束）");
            }
            const char* quote = static_cast<const char*>(hit);
            if (quote + 1 < end && quote[1] == '"') {
              doubled = true;
              q = quote + 2;
              continue;
            }
            if (quote + 1 == end && !final) {
              incomplete = true;
              break;
            }
            fields_.push_back({p + 1, static_cast<size_t>(quote - p - 1), doubled});
            p = quote + 1;
            break;
          }
          if (incomplete) break;
          while (p < end && (*p == ' ' || *p == '\t')) ++p;
          if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
            return FileCorrupt("第 " + std::to_string(row) +
                               " 行：引号格式错误（右引号后面只能是逗号或换行）");
          }
        } else {
          const char* s = p;
          while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
          fields_.push_back({s, static_cast<size_t>(p - s), false});
        }
        if (fields_.size() > kMaxColumns) return TooManyColumns(row);
        if (p == end) {
          if (!final) incomplete = true;
          break;
        }
        if (*p == ',') {
          ++p;
          continue;
        }
        if (*p == '\r') {
          ++p;
          if (p < end && *p == '\n') {
            ++p;
          } else if (p == end && !final) {
            incomplete = true;  // the LF of a CRLF may be in the next chunk
          }
        } else {
          ++p;
        }
        break;
      }
      if (incomplete) {
        *consumed = static_cast<size_t>(record_start - begin);
        return OkStatus();
      }
      row_ = row;
      RETURN_IF_ERROR(EmitRow());
    }
    *consumed = static_cast<size_t>(p - begin);
    return OkStatus();
  }

  bool done() const { return done_; }

 private:
  struct Field {
    const char* p;
    size_t len;
    bool doubled_quotes;
  };

  Status EmitRow() {
    size_t scratch_needed = 0;
    for (const Field& f : fields_) {
      if (f.doubled_quotes) scratch_needed += f.len;
    }
    scratch_.clear();
    scratch_.reserve(scratch_needed);  // no reallocation below: views stay valid
    cells_.clear();
    for (const Field& f : fields_) {
      std::string_view cell(f.p, f.len);
      if (f.doubled_quotes) {
        const size_t start = scratch_.size();
        for (size_t i = 0; i < f.len; ++i) {
          scratch_.push_back(f.p[i]);
          if (f.p[i] == '"') ++i;
        }
        cell = std::string_view(scratch_.data() + start, scratch_.size() - start);
      }
      if (o_.strip_formula_guard && cell.size() >= 2 && cell[0] == '\'' && IsGuardedLead(cell[1])) {
        cell.remove_prefix(1);
      }
      cells_.push_back(cell);
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
  size_t row_ = 0;
  bool done_ = false;
  std::vector<Field> fields_;
  std::vector<std::string_view> cells_;
  std::string scratch_;
};

// Decodes GB18030 `bytes` in chunks that end after a line feed (0x0A never occurs inside a
// GB18030 multi-byte character), parsing records as they become complete.
Status ParseGb18030(std::string_view bytes, CsvParser& parser) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return EncodingInvalid(std::string("文件不是 UTF-8 编码，") + std::string(kSaveAsUtf8));
  }
  struct Closer {
    iconv_t cd;
    ~Closer() { iconv_close(cd); }
  } closer{cd};

  constexpr size_t kChunk = 1 << 20;
  std::string pending;
  size_t in_off = 0;
  while (in_off < bytes.size() && !parser.done()) {
    size_t chunk_end = std::min(bytes.size(), in_off + kChunk);
    if (chunk_end < bytes.size()) {
      const std::string_view window = bytes.substr(in_off, chunk_end - in_off);
      const size_t lf = window.rfind('\n');
      if (lf != std::string_view::npos) {
        chunk_end = in_off + lf + 1;
      } else {
        const size_t next = bytes.find('\n', chunk_end);
        chunk_end = next == std::string_view::npos ? bytes.size() : next + 1;
      }
    }
    char* in = const_cast<char*>(bytes.data() + in_off);
    size_t in_left = chunk_end - in_off;
    while (in_left > 0) {
      const size_t old = pending.size();
      pending.resize(old + in_left * 2 + 16);
      char* out = pending.data() + old;
      size_t out_left = pending.size() - old;
      const size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
      pending.resize(pending.size() - out_left);
      if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
        const size_t bad = static_cast<size_t>(in - bytes.data());
        return EncodingInvalid("文件编码无法识别（第 " + std::to_string(LineOfOffset(bytes, bad)) +
                               " 行附近既不是 UTF-8 也不是 GBK 编码），" +
                               std::string(kSaveAsUtf8));
      }
    }
    in_off = chunk_end;
    size_t consumed = 0;
    RETURN_IF_ERROR(parser.Parse(pending, in_off == bytes.size(), &consumed));
    pending.erase(0, consumed);
  }
  return OkStatus();
}

}  // namespace

Status ReadCsv(std::string_view bytes, const ReadOptions& o, const RowCallback& on_row,
               ReadInfo* info) {
  if (bytes.size() > o.max_uncompressed_bytes) {
    return FileTooLarge("文件大小超过上限（" + std::to_string(o.max_uncompressed_bytes >> 20) +
                        " MB），请拆分为多个文件后分别导入");
  }
  if (bytes.starts_with("PK\x03\x04")) {
    return FileCorrupt("文件内容是 Excel 工作簿（.xlsx），但扩展名是 .csv；请将扩展名改为 .xlsx");
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return FileCorrupt(
        "文件是旧版 Excel（.xls）或加密的工作簿，不是 CSV；请在 Excel 中另存为 .xlsx 或 CSV UTF-8");
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return EncodingInvalid("文件是 UTF-16（“Unicode 文本”）编码，" + std::string(kSaveAsUtf8));
  }
  bool bom = false;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bom = true;
    bytes.remove_prefix(3);
  }
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    return EncodingInvalid("文件含有空字符，不是文本格式的 CSV（可能是 UTF-16 编码），" +
                           std::string(kSaveAsUtf8));
  }
  CsvParser parser(o, on_row, info);
  const size_t bad = FindInvalidUtf8(bytes);
  if (bad == kNpos) {
    info->encoding = bom ? "UTF-8 BOM" : "UTF-8";
    size_t consumed = 0;
    return parser.Parse(bytes, /*final=*/true, &consumed);
  }
  // Not UTF-8. A file that is overwhelmingly well-formed UTF-8 with a few bad bytes is a
  // damaged UTF-8 file (truncated, edited with a wrong tool): decoding it as GB18030 would
  // silently turn every Chinese character into mojibake. Genuine GBK text produces invalid
  // UTF-8 at most of its characters.
  const Utf8Census census = CensusUtf8(bytes);
  if (bom || census.invalid * 10 < census.multibyte_ok) {
    return EncodingInvalid("文件第 " + std::to_string(LineOfOffset(bytes, bad)) +
                           " 行附近含有无效的 UTF-8 字符（文件可能已损坏），" +
                           std::string(kSaveAsUtf8));
  }
  info->encoding = "GB18030";
  return ParseGb18030(bytes, parser);
}

}  // namespace suiji::tabular::internal
