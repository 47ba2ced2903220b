// CSV writing: UTF-8 with BOM, CRLF, RFC 4180 quoting, formula-injection guard.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tabular/write_internal.h"

namespace suiji::tabular::internal {
namespace {

constexpr size_t kFlushAt = 1 << 20;

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

class CsvWriter final : public TableWriter {
 public:
  CsvWriter(int fd, std::string path, std::string* out, const WriteOptions& o)
      : fd_(fd), path_(std::move(path)), out_(out ? out : &buf_), guard_(o.csv_formula_guard) {
    // The BOM makes Excel on Windows read the file as UTF-8 instead of the ANSI code page.
    out_->append("\xEF\xBB\xBF");
  }
  ~CsvWriter() override {
    if (fd_ >= 0) close(fd_);
  }

  Status Finish() override {
    if (finished_) return FailedPrecondition("WRITER_FINISHED", "文件已经写完");
    finished_ = true;
    RETURN_IF_ERROR(Flush());
    if (fd_ >= 0) {
      const int rc = close(fd_);
      fd_ = -1;
      if (rc != 0) return WriteError(errno);
    }
    return OkStatus();
  }

 protected:
  Status DoAddRow(const std::string_view* cells, size_t n) override {
    if (finished_) return FailedPrecondition("WRITER_FINISHED", "文件已经写完");
    for (size_t i = 0; i < n; ++i) RETURN_IF_ERROR(CheckCellEncoding(cells[i], row_, i));
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out_->push_back(',');
      std::string_view c = cells[i];
      const bool guard = guard_ && NeedsFormulaGuard(c);
      if (NeedsQuotes(c)) {
        out_->push_back('"');
        if (guard) out_->push_back('\'');
        for (char ch : c) {
          if (ch == '"') out_->push_back('"');
          out_->push_back(ch);
        }
        out_->push_back('"');
      } else {
        if (guard) out_->push_back('\'');
        out_->append(c);
      }
    }
    out_->append("\r\n");
    ++row_;
    if (fd_ >= 0 && out_->size() >= kFlushAt) return Flush();
    return OkStatus();
  }

 private:
  Status WriteError(int err) {
    return Unavailable("FILE_UNWRITABLE", "写入文件失败：" + path_).WithDetail(std::strerror(err));
  }

  Status Flush() {
    if (fd_ < 0) return OkStatus();
    size_t off = 0;
    while (off < buf_.size()) {
      const ssize_t w = write(fd_, buf_.data() + off, buf_.size() - off);
      if (w < 0) {
        if (errno == EINTR) continue;
        return WriteError(errno);
      }
      off += static_cast<size_t>(w);
    }
    buf_.clear();
    return OkStatus();
  }

  int fd_;
  std::string path_;
  std::string buf_;
  std::string* out_;
  bool guard_;
  bool finished_ = false;
  size_t row_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<TableWriter>> NewCsvWriter(const std::string& path, std::string* out,
                                                    const WriteOptions& o) {
  int fd = -1;
  if (out == nullptr) {
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      return Unavailable("FILE_UNWRITABLE", "无法创建文件：" + path)
          .WithDetail(std::strerror(errno));
    }
  }
  return std::unique_ptr<TableWriter>(new CsvWriter(fd, path, out, o));
}

}  // namespace suiji::tabular::internal
