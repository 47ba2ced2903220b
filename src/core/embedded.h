// A file compiled into the binary by cmake/embed.cmake (migrations, reference data).
#pragma once

#include <string_view>

namespace suiji {

struct EmbeddedFile {
  std::string_view name;     // base name, e.g. "0001_foundation.sql"
  std::string_view content;  // exact bytes
};

}  // namespace suiji
