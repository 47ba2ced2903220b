#include "core/text.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace suiji::text {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when it is malformed (overlong
// forms, surrogates and values above U+10FFFF are malformed too).
size_t DecodeOne(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::string CodePointName(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

bool IsBidiControl(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

TextViolation TooLong(TextRule rule) {
  return {"TEXT_TOO_LONG", "不能超过 " + std::to_string(rule.max_chars) + " 个字符"};
}

}  // namespace

std::optional<TextViolation> FindTextViolation(std::string_view value, TextRule rule) {
  // A character takes at most 4 bytes: beyond that the value is too long whatever it holds.
  if (value.size() > rule.max_chars * 4) return TooLong(rule);
  size_t chars = 0;
  for (size_t i = 0; i < value.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeOne(value, i, cp);
    if (len == 0) return TextViolation{"TEXT_INVALID_CHAR", "不是有效的 UTF-8 文本"};
    i += len;
    ++chars;
    if ((cp == '\n' || cp == '\t') && rule.multiline) continue;
    if (cp == '\n' || cp == '\r') return TextViolation{"TEXT_INVALID_CHAR", "不能包含换行"};
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      return TextViolation{"TEXT_INVALID_CHAR", "含有不允许的控制字符 " + CodePointName(cp)};
    if (IsBidiControl(cp))
      return TextViolation{"TEXT_INVALID_CHAR",
                           "含有不允许的字符 " + CodePointName(cp) + "（双向文字控制符）"};
  }
  if (chars > rule.max_chars) return TooLong(rule);
  return std::nullopt;
}

Status CheckText(std::string_view label, std::string_view value, TextRule rule) {
  auto v = FindTextViolation(value, rule);
  if (!v) return OkStatus();
  return InvalidArgument(v->reason, "“" + std::string(label) + "”" + v->problem);
}

Status CheckRequiredText(std::string_view label, std::string_view value, TextRule rule) {
  if (value.find_first_not_of(" \t\n") == std::string_view::npos)
    return InvalidArgument("TEXT_REQUIRED", "“" + std::string(label) + "”不能为空");
  return CheckText(label, value, rule);
}

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

// The high bit of every byte of `w` equal to `c`, when it has one; the lowest set bit is always
// exact (a false bit can only follow a true one, above it), which is all FindTabOrBackslash
// uses; "none" is exact too.
constexpr uint64_t BytesEqual(uint64_t w, char c) {
  const uint64_t x = w ^ (kOnes * static_cast<unsigned char>(c));
  return (x - kOnes) & ~x & kHigh;
}

uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

template <bool kReturn>
void AppendEscapedImpl(std::string& out, std::string_view value) {
  const char* p = value.data();
  const char* const end = p + value.size();
  const char* run = p;  // not yet appended
  while (p < end) {
    for (; end - p >= 8; p += 8) {
      const uint64_t w = Load8(p);
      uint64_t m = BytesEqual(w, '\\') | BytesEqual(w, '\t') | BytesEqual(w, '\n');
      if constexpr (kReturn) m |= BytesEqual(w, '\r');
      if (m != 0) break;
    }
    for (const char* stop = std::min(p + 8, end); p < stop; ++p) {
      char code;
      switch (*p) {
        case '\\': code = '\\'; break;
        case '\t': code = 't'; break;
        case '\n': code = 'n'; break;
        case '\r':
          if (!kReturn) continue;
          code = 'r';
          break;
        default: continue;
      }
      out.append(run, p);
      out.push_back('\\');
      out.push_back(code);
      run = p + 1;
    }
  }
  out.append(run, end);
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view value, Escapes which) {
  if (which == Escapes::kTabNewlineReturn) AppendEscapedImpl<true>(out, value);
  else AppendEscapedImpl<false>(out, value);
}

const char* FindTabOrBackslash(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    for (; end - p >= 8; p += 8) {
      const uint64_t w = Load8(p);
      const uint64_t m = BytesEqual(w, '\t') | BytesEqual(w, '\\');
      if (m != 0) return p + std::countr_zero(m) / 8;  // the first byte in memory is the lowest
    }
  }
  while (p < end && *p != '\t' && *p != '\\') ++p;
  return p;
}

bool ReadTabEscaped(std::string_view escaped, std::string& out) {
  out.clear();
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '\\') {
      out.push_back(escaped[i]);
      continue;
    }
    if (++i == escaped.size()) return false;
    switch (escaped[i]) {
      case '\\': out.push_back('\\'); break;
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      default: return false;
    }
  }
  return true;
}

}  // namespace suiji::text
