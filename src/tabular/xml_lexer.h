// Internal to suiji_tabular: a small pull tokenizer for the large OOXML parts (worksheets,
// shared strings), which are streamed instead of being loaded as a DOM.
//
// It checks what a reader of these parts depends on: tags close in order, attribute quoting,
// entity and character references, UTF-8 of decoded text is left to the caller. DOCTYPE is
// rejected (OOXML forbids it, and it is where entity-expansion attacks live). Comments and
// processing instructions are skipped, CDATA is returned as text.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace suiji::tabular::internal {

class XmlLexer {
 public:
  // Fills dst with up to cap bytes; returns 0 at end of input.
  using Source = std::function<StatusOr<size_t>(char* dst, size_t cap)>;

  enum class Kind { kStartTag, kEndTag, kText };
  struct Token {
    Kind kind = Kind::kText;
    std::string_view name;   // local name, namespace prefix removed
    std::string_view attrs;  // raw attribute text of a start tag
    bool self_closing = false;
    std::string_view text;  // raw character data (undecoded), or CDATA content
    bool cdata = false;
  };

  // `part` names the part in error details.
  XmlLexer(Source source, std::string part);

  // The next token, valid until the following call. Returns false at the end of input or on
  // error; then status() tells which.
  bool Next(Token* t);
  const Status& status() const { return status_; }

  // Unprefixed attribute `name` in `attrs` (raw value, undecoded). False if absent.
  static bool FindAttr(std::string_view attrs, std::string_view name, std::string_view* value);

  // Appends `raw` character data to `out`, resolving entity and character references and
  // normalising CRLF / CR to LF as XML requires. False on a malformed reference.
  static bool AppendDecoded(std::string_view raw, std::string* out);

 private:
  bool More();  // reads more input; false at end of input or on error
  bool Fail(const std::string& what);

  Source source_;
  std::string part_;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  Status status_;
  // Qualified names of the open elements, concatenated; open_ends_[i] is where name i ends.
  std::string open_names_;
  std::vector<uint32_t> open_ends_;
};

// Decodes OOXML's _xHHHH_ escapes (ST_Xstring: control characters, and "_x005F_" for a
// literal underscore) in s[from..] in place.
void DecodeOoxmlEscapes(std::string* s, size_t from = 0);

}  // namespace suiji::tabular::internal
