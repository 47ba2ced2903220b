#include "tabular/xml_lexer.h"

#include <array>
#include <cstring>

#include "tabular/read_internal.h"
#include "tabular/utf8.h"

namespace suiji::tabular::internal {
namespace {

constexpr size_t kInitialBuffer = 1 << 20;
// A single tag or text run larger than this is not a spreadsheet (Excel's cell limit is
// 32,767 characters).
constexpr size_t kMaxToken = 64u << 20;

// Bytes that end a run inside a start tag: quotes, '>' and a stray '<'.
constexpr auto kTagSpecial = [] {
  std::array<bool, 256> t{};
  t['"'] = t['\''] = t['>'] = t['<'] = true;
  return t;
}();

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view LocalName(std::string_view qname) {
  for (size_t i = qname.size(); i > 0; --i) {
    if (qname[i - 1] == ':') return qname.substr(i);
  }
  return qname;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

XmlLexer::XmlLexer(Source source, std::string part)
    : source_(std::move(source)), part_(std::move(part)) {}

bool XmlLexer::Fail(const std::string& what) {
  if (status_.ok()) {
    status_ = FileCorrupt("文件内容已损坏（工作表数据格式错误），请用 Excel 打开后重新保存再导入",
                          part_ + ": " + what);
  }
  return false;
}

bool XmlLexer::More() {
  if (!status_.ok() || eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  if (len_ == cap_) {
    const size_t new_cap = cap_ == 0 ? kInitialBuffer : cap_ * 2;
    if (new_cap > kMaxToken) return Fail("token too large");
    auto bigger = std::make_unique<char[]>(new_cap);
    if (len_ > 0) std::memcpy(bigger.get(), buf_.get(), len_);
    buf_ = std::move(bigger);
    cap_ = new_cap;
  }
  StatusOr<size_t> got = source_(buf_.get() + len_, cap_ - len_);
  if (!got.ok()) {
    status_ = got.status();
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  len_ += *got;
  return true;
}

bool XmlLexer::Next(Token* t) {
  for (;;) {
    if (!status_.ok()) return false;
    if (pos_ == len_ && !More()) {
      if (!status_.ok()) return false;
      if (!open_ends_.empty()) return Fail("unexpected end of part");
      return false;
    }
    const char* p = buf_.get() + pos_;
    const size_t avail = len_ - pos_;
    if (*p != '<') {
      const void* lt = std::memchr(p, '<', avail);
      if (lt == nullptr && !eof_) {
        if (More() || status_.ok()) continue;
        return false;
      }
      const size_t n = lt ? static_cast<size_t>(static_cast<const char*>(lt) - p) : avail;
      t->kind = Kind::kText;
      t->text = std::string_view(p, n);
      t->cdata = false;
      t->name = {};
      pos_ += n;
      return true;
    }
    if (avail < 2) {
      if (More()) continue;
      return status_.ok() ? Fail("truncated tag") : false;
    }
    if (p[1] == '?' || p[1] == '!') {
      std::string_view rest(p, avail);
      std::string_view close;
      bool cdata = false;
      if (p[1] == '?') {
        close = "?>";
      } else if (rest.size() < 9 && !eof_) {
        if (More()) continue;
        return status_.ok() ? Fail("truncated markup") : false;
      } else if (rest.starts_with("<!--")) {
        close = "-->";
      } else if (rest.starts_with("<![CDATA[")) {
        close = "]]>";
        cdata = true;
      } else {
        return Fail("DOCTYPE or unknown markup");
      }
      const size_t start = cdata ? 9 : 2;
      const size_t end = rest.find(close, start);
      if (end == std::string_view::npos) {
        if (More()) continue;
        return status_.ok() ? Fail("unterminated markup") : false;
      }
      pos_ += end + close.size();
      if (!cdata) continue;
      if (open_ends_.empty()) return Fail("CDATA outside the root element");
      t->kind = Kind::kText;
      t->text = rest.substr(start, end - start);
      t->cdata = true;
      t->name = {};
      return true;
    }
    // A tag: find its '>' outside quoted attribute values. End tags have no attributes.
    size_t i;
    if (p[1] == '/') {
      const void* gtp = std::memchr(p + 2, '>', avail - 2);
      i = gtp ? static_cast<size_t>(static_cast<const char*>(gtp) - p) : avail;
    } else {
      i = 1;
      for (;;) {
        while (i < avail && !kTagSpecial[static_cast<unsigned char>(p[i])]) ++i;
        if (i == avail || p[i] == '>') break;
        if (p[i] == '<') return Fail("'<' inside a tag");
        const void* close = std::memchr(p + i + 1, p[i], avail - i - 1);
        if (close == nullptr) {
          i = avail;
          break;
        }
        i = static_cast<size_t>(static_cast<const char*>(close) - p) + 1;
      }
    }
    if (i == avail) {
      if (More()) continue;
      return status_.ok() ? Fail("truncated tag") : false;
    }
    const size_t gt = i;
    pos_ += gt + 1;
    if (p[1] == '/') {
      size_t b = 2, e = gt;
      while (e > b && IsSpace(p[e - 1])) --e;
      const std::string_view qname(p + b, e - b);
      // Compare with the innermost open element.
      if (open_ends_.empty()) return Fail("end tag without start tag");
      const size_t end = open_ends_.back();
      const size_t start = open_ends_.size() > 1 ? open_ends_[open_ends_.size() - 2] : 0;
      if (end - start != qname.size()) return Fail("mismatched end tag");
      const char* open_name = open_names_.data() + start;
      for (size_t k = 0; k < qname.size(); ++k) {  // names are short: no memcmp call
        if (open_name[k] != qname[k]) return Fail("mismatched end tag");
      }
      open_names_.resize(start);
      open_ends_.pop_back();
      t->kind = Kind::kEndTag;
      t->name = LocalName(qname);
      t->attrs = {};
      t->self_closing = false;
      return true;
    }
    bool self_closing = p[gt - 1] == '/';
    const size_t body_end = self_closing ? gt - 1 : gt;
    size_t ne = 1;
    while (ne < body_end && !IsSpace(p[ne]) && p[ne] != '/') ++ne;
    if (ne == 1) return Fail("empty element name");
    const std::string_view qname(p + 1, ne - 1);
    if (!self_closing) {
      if (open_ends_.size() > 10000) return Fail("elements nested too deeply");
      open_names_.append(qname);
      open_ends_.push_back(static_cast<uint32_t>(open_names_.size()));
    }
    t->kind = Kind::kStartTag;
    t->name = LocalName(qname);
    t->attrs = std::string_view(p + ne, body_end - ne);
    t->self_closing = self_closing;
    return true;
  }
}

bool XmlLexer::FindAttr(std::string_view attrs, std::string_view name, std::string_view* value) {
  size_t i = 0;
  const size_t n = attrs.size();
  while (i < n) {
    while (i < n && IsSpace(attrs[i])) ++i;
    if (i >= n) break;
    const size_t name_start = i;
    while (i < n && attrs[i] != '=' && !IsSpace(attrs[i])) ++i;
    const std::string_view attr_name = attrs.substr(name_start, i - name_start);
    while (i < n && IsSpace(attrs[i])) ++i;
    if (i >= n || attrs[i] != '=') return false;
    ++i;
    while (i < n && IsSpace(attrs[i])) ++i;
    if (i >= n || (attrs[i] != '"' && attrs[i] != '\'')) return false;
    const char q = attrs[i++];
    const size_t v_start = i;
    while (i < n && attrs[i] != q) ++i;
    if (i >= n) return false;
    if (attr_name == name) {
      *value = attrs.substr(v_start, i - v_start);
      return true;
    }
    ++i;
  }
  return false;
}

bool XmlLexer::AppendDecoded(std::string_view raw, std::string* out) {
  size_t i = 0;
  const size_t n = raw.size();
  while (i < n) {
    size_t j = i;
    while (j < n && raw[j] != '&' && raw[j] != '\r') ++j;
    out->append(raw.data() + i, j - i);
    if (j == n) break;
    if (raw[j] == '\r') {
      out->push_back('\n');
      i = j + 1;
      if (i < n && raw[i] == '\n') ++i;
      continue;
    }
    const size_t semi = raw.find(';', j);
    if (semi == std::string_view::npos || semi - j > 12) return false;
    const std::string_view ent = raw.substr(j + 1, semi - j - 1);
    if (ent == "lt") {
      out->push_back('<');
    } else if (ent == "gt") {
      out->push_back('>');
    } else if (ent == "amp") {
      out->push_back('&');
    } else if (ent == "quot") {
      out->push_back('"');
    } else if (ent == "apos") {
      out->push_back('\'');
    } else if (ent.size() >= 2 && ent[0] == '#') {
      uint32_t cp = 0;
      const bool hex = ent[1] == 'x';
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      for (char c : digits) {
        const int v = hex ? HexValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (v < 0) return false;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) return false;
      }
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      AppendUtf8(*out, cp);
    } else {
      return false;
    }
    i = semi + 1;
  }
  return true;
}

void DecodeOoxmlEscapes(std::string* s, size_t from) {
  std::string& str = *s;
  size_t hit = str.find("_x", from);
  if (hit == std::string::npos) return;
  auto parse4 = [&](size_t at, uint32_t* v) {
    if (at + 7 > str.size() || str[at] != '_' || str[at + 1] != 'x' || str[at + 6] != '_') {
      return false;
    }
    uint32_t x = 0;
    for (size_t k = at + 2; k < at + 6; ++k) {
      const int h = HexValue(str[k]);
      if (h < 0) return false;
      x = x * 16 + static_cast<uint32_t>(h);
    }
    *v = x;
    return true;
  };
  std::string out;
  out.reserve(str.size() - from);
  size_t i = from;
  while (hit != std::string::npos) {
    out.append(str, i, hit - i);
    uint32_t v;
    if (!parse4(hit, &v)) {
      out.append("_x");
      i = hit + 2;
    } else if (v >= 0xD800 && v <= 0xDBFF) {
      uint32_t lo;
      if (parse4(hit + 7, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
        AppendUtf8(out, 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00));
        i = hit + 14;
      } else {
        out.append(str, hit, 7);
        i = hit + 7;
      }
    } else if (v >= 0xDC00 && v <= 0xDFFF) {
      out.append(str, hit, 7);
      i = hit + 7;
    } else {
      AppendUtf8(out, v);
      i = hit + 7;
    }
    hit = str.find("_x", i);
  }
  out.append(str, i, std::string::npos);
  str.replace(from, std::string::npos, out);
}

}  // namespace suiji::tabular::internal
