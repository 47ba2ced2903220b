#include "tabular/reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tabular/read_internal.h"

namespace suiji::tabular {
namespace internal {

Status FileCorrupt(std::string message, std::string_view detail) {
  return InvalidArgument("FILE_CORRUPT", std::move(message)).WithDetail(detail);
}

Status FileTooLarge(std::string message) {
  return InvalidArgument("FILE_TOO_LARGE", std::move(message));
}

Status EncodingInvalid(std::string message) {
  return InvalidArgument("ENCODING_INVALID", std::move(message));
}

Status TooManyRows(size_t max_rows) {
  return FileTooLarge("文件行数超过上限（" + std::to_string(max_rows) +
                      " 行），请拆分为多个文件后分别导入");
}

Status TooManyColumns(size_t row_number) {
  return FileTooLarge("第 " + std::to_string(row_number) + " 行的列数超过上限（" +
                      std::to_string(kMaxColumns) + " 列）");
}

bool IsBlankRow(const std::vector<std::string_view>& cells) {
  for (std::string_view c : cells) {
    if (!c.empty()) return false;
  }
  return true;
}

}  // namespace internal

Status ReadTable(std::string_view bytes, Format f, const ReadOptions& o, const RowCallback& on_row,
                 ReadInfo* info) {
  ReadInfo local;
  if (info == nullptr) info = &local;
  *info = ReadInfo{};
  switch (f) {
    case Format::kCsv: return internal::ReadCsv(bytes, o, on_row, info);
    case Format::kXlsx: return internal::ReadXlsx(bytes, o, on_row, info);
  }
  return Internal("unknown tabular format");
}

namespace {

// Read-only mapping of a whole file, unmapped on destruction.
class MappedFile {
 public:
  ~MappedFile() {
    if (data_ != nullptr && size_ > 0) munmap(data_, size_);
  }
  Status Open(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) {
        return NotFound("FILE_NOT_FOUND", "找不到文件：" + path);
      }
      return Unavailable("FILE_UNREADABLE", "无法读取文件：" + path)
          .WithDetail(std::strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      return Unavailable("FILE_UNREADABLE", "无法读取文件：" + path);
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        const int err = errno;
        close(fd);
        size_ = 0;
        return Unavailable("FILE_UNREADABLE", "无法读取文件：" + path)
            .WithDetail(std::strerror(err));
      }
      data_ = p;
      // Both readers make one forward pass.
      madvise(data_, size_, MADV_SEQUENTIAL);
    }
    close(fd);
    return OkStatus();
  }
  std::string_view bytes() const {
    return size_ > 0 ? std::string_view(static_cast<const char*>(data_), size_)
                     : std::string_view();
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

Status ReadTableFile(const std::string& path, const ReadOptions& o, const RowCallback& on_row,
                     ReadInfo* info) {
  ASSIGN_OR_RETURN(Format f, FormatFromFileName(path));
  MappedFile file;
  RETURN_IF_ERROR(file.Open(path));
  return ReadTable(file.bytes(), f, o, on_row, info);
}

StatusOr<std::vector<std::string>> ListSheets(std::string_view xlsx_bytes,
                                              size_t max_uncompressed_bytes) {
  return internal::ListXlsxSheets(xlsx_bytes, max_uncompressed_bytes);
}

}  // namespace suiji::tabular
