#include "core/text.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

namespace suiji::text {
namespace {

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(TextRulesTest, LengthIsCountedInCharactersNotBytes) {
  EXPECT_TRUE(CheckText("计划名称", Repeat("计", 200), kName).ok());
  Status s = CheckText("计划名称", Repeat("计", 201), kName);
  EXPECT_EQ(s.reason(), "TEXT_TOO_LONG");
  EXPECT_EQ(s.message(), "“计划名称”不能超过 200 个字符");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckText("说明", Repeat("a", 2000), kNote).ok());
  EXPECT_EQ(CheckText("说明", Repeat("a", 2001), kNote).reason(), "TEXT_TOO_LONG");
  EXPECT_EQ(CheckText("细则", Repeat("规", 20001), kLongText).reason(), "TEXT_TOO_LONG");
}

TEST(TextRulesTest, HugeValueIsRefusedAsTooLongEvenWhenMalformed) {
  std::string huge(30 * 1024 * 1024, '\xff');
  EXPECT_EQ(CheckText("计划名称", huge, kName).reason(), "TEXT_TOO_LONG");
}

TEST(TextRulesTest, ControlCharactersAreRefusedExceptNewlineAndTabInMultiLineFields) {
  Status nul = CheckText("计划名称", std::string("计划\0名称", 13), kName);
  EXPECT_EQ(nul.reason(), "TEXT_INVALID_CHAR");
  EXPECT_EQ(nul.message(), "“计划名称”含有不允许的控制字符 U+0000");
  EXPECT_EQ(CheckText("计划名称", "第一行\n第二行", kName).reason(), "TEXT_INVALID_CHAR");
  EXPECT_EQ(CheckText("计划名称", "a\tb", kName).reason(), "TEXT_INVALID_CHAR");
  EXPECT_TRUE(CheckText("说明", "第一行\n\t第二行", kNote).ok());
  EXPECT_EQ(CheckText("说明", "a\rb", kNote).reason(), "TEXT_INVALID_CHAR");
  EXPECT_EQ(CheckText("说明", "a\x7f", kNote).reason(), "TEXT_INVALID_CHAR");
  EXPECT_EQ(CheckText("说明", "a\xc2\x85", kNote).reason(), "TEXT_INVALID_CHAR");  // U+0085 (C1)
}

TEST(TextRulesTest, BidiOverridesAndIsolatesAreRefused) {
  for (const char* bidi :
       {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}) {
    Status s = CheckText("任务名称", std::string("检查") + bidi + "txt.exe", kName);
    EXPECT_EQ(s.reason(), "TEXT_INVALID_CHAR") << bidi;
  }
  EXPECT_EQ(CheckText("任务名称", "a\u202eb", kName).message(),
            "“任务名称”含有不允许的字符 U+202E（双向文字控制符）");
  // Neighbouring punctuation stays allowed.
  EXPECT_TRUE(CheckText("任务名称", "2026—2027 年度…“抽查”", kName).ok());
}

TEST(TextRulesTest, MalformedUtf8IsRefused) {
  for (const std::string& bad :
       {std::string("\xc3"), std::string("\xe4\xb8"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("a\x80")}) {
    Status s = CheckText("计划名称", bad, kName);
    EXPECT_EQ(s.reason(), "TEXT_INVALID_CHAR");
    EXPECT_EQ(s.message(), "“计划名称”不是有效的 UTF-8 文本");
  }
  EXPECT_TRUE(CheckText("计划名称", "😀 emoji 与汉字", kName).ok());
}

TEST(TextRulesTest, RequiredTextMayNotBeBlank) {
  EXPECT_EQ(CheckRequiredText("调整原因", "", kNote).reason(), "TEXT_REQUIRED");
  EXPECT_EQ(CheckRequiredText("调整原因", " \n", kNote).message(), "“调整原因”不能为空");
  EXPECT_TRUE(CheckRequiredText("调整原因", "批次时间调整", kNote).ok());
  EXPECT_EQ(CheckRequiredText("调整原因", std::string(2001, 'x'), kNote).reason(), "TEXT_TOO_LONG");
}

}  // namespace
// A field of a line-oriented stored text: TAB, LF and the backslash escaped, read back exactly;
// any other escape or a trailing backslash is refused.
TEST(TextRulesTest, TabEscapedFieldsReadBackExactly) {
  for (const std::string value :
       {"", "plain", "a\tb", "line\nbreak", "back\\slash", "\\t", "郑州甲公司\t\n\\"}) {
    std::string escaped;
    AppendTabEscaped(escaped, value);
    EXPECT_EQ(escaped.find('\t'), std::string::npos) << value;
    EXPECT_EQ(escaped.find('\n'), std::string::npos) << value;
    std::string back = "left over";
    EXPECT_TRUE(ReadTabEscaped(escaped, back)) << escaped;
    EXPECT_EQ(back, value);
  }
  std::string out;
  for (const std::string bad : {"a\\", "a\\x", "\\r"})
    EXPECT_FALSE(ReadTabEscaped(bad, out)) << bad;
}

// The escaper checks eight bytes at a time: each special byte, alone and in pairs, at every
// offset up to 24 bytes, between ASCII and between UTF-8 characters, escapes exactly as a
// byte-by-byte reference does; CR only when asked.
TEST(TextRulesTest, EscapedWhereverTheSpecialByteFalls) {
  auto reference = [](std::string_view value, bool cr) {
    std::string out;
    for (const char ch : value) {
      if (ch == '\\') out += "\\\\";
      else if (ch == '\t') out += "\\t";
      else if (ch == '\n') out += "\\n";
      else if (ch == '\r' && cr) out += "\\r";
      else out.push_back(ch);
    }
    return out;
  };
  std::vector<std::string> values;
  for (const char* special : {"\\", "\t", "\n", "\r", "\\\\", "\r\n", "\t\t"}) {
    for (size_t before = 0; before <= 24; ++before)
      for (size_t after : {0, 1, 7, 8, 9})
        values.push_back(std::string(before, 'x') + special + std::string(after, 'y'));
    values.push_back(std::string("统一") + special + "代码");
  }
  for (const std::string& v : values) {
    std::string plain = "kept:", copy = "kept:";
    AppendEscaped(plain, v, Escapes::kTabNewline);
    AppendEscaped(copy, v, Escapes::kTabNewlineReturn);
    EXPECT_EQ(plain, "kept:" + reference(v, false)) << v;
    EXPECT_EQ(copy, "kept:" + reference(v, true)) << v;
  }
}

TEST(TextRulesTest, FindTabOrBackslashFindsTheFirst) {
  for (size_t at = 0; at <= 20; ++at) {
    for (const char c : {'\t', '\\'}) {
      // Bytes that differ from TAB and backslash by one bit, and a second match later on.
      std::string s(at, '\x08');
      s += "\x5d";
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c);
      s += std::string(9, 'z') + "\t";
      const char* found = FindTabOrBackslash(s.data(), s.data() + s.size());
      EXPECT_EQ(found - s.data(), static_cast<std::ptrdiff_t>(at)) << at;
    }
    const std::string none(at, 'q');
    EXPECT_EQ(FindTabOrBackslash(none.data(), none.data() + none.size()),
              none.data() + none.size());
  }
}

}  // namespace suiji::text
