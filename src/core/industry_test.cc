#include "core/industry.h"

#include <gtest/gtest.h>

#include <string>

#include "core/reference_data.h"

namespace suiji {
namespace {

const IndustryTable& Table() { return IndustryTable::Gbt4754Of2017(); }

TEST(IndustryTest, ShippedFileHasTwentySectionsAndNinetySevenDivisions) {
  ASSERT_TRUE(IndustryTable::Parse(ReferenceDataFile("gbt4754-2017.csv")).ok());
  EXPECT_EQ(Table().Sections().size(), 20u);
  EXPECT_EQ(Table().all().size(), 117u);
  std::string letters;
  for (const Industry* s : Table().Sections()) letters += s->code;
  EXPECT_EQ(letters, "ABCDEFGHIJKLMNOPQRST");
  // Divisions are numbered 01..97 without gaps, in order.
  int expected = 1;
  for (const Industry& row : Table().all()) {
    if (row.is_section()) continue;
    EXPECT_EQ(std::stoi(row.code), expected++) << row.code;
  }
  EXPECT_EQ(expected, 98);
}

TEST(IndustryTest, DivisionsPerSectionFollowTheStandard) {
  const std::pair<char, size_t> counts[] = {{'A', 5}, {'B', 7}, {'C', 31}, {'D', 3}, {'E', 4},
                                            {'F', 2}, {'G', 8}, {'H', 2},  {'I', 3}, {'J', 4},
                                            {'K', 1}, {'L', 2}, {'M', 3},  {'N', 4}, {'O', 3},
                                            {'P', 1}, {'Q', 2}, {'R', 5},  {'S', 6}, {'T', 1}};
  for (const auto& [section, n] : counts) {
    EXPECT_EQ(Table().DivisionsOf(section).size(), n) << section;
  }
}

TEST(IndustryTest, LooksUpByCode) {
  ASSERT_NE(IndustryByCode("52"), nullptr);
  EXPECT_EQ(IndustryByCode("52")->name, "零售业");
  EXPECT_EQ(IndustryByCode("F")->name, "批发和零售业");
  EXPECT_EQ(IndustryByCode("C")->name, "制造业");
  EXPECT_EQ(IndustryByCode("39")->name, "计算机、通信和其他电子设备制造业");
  EXPECT_EQ(IndustryByCode("62")->name, "餐饮业");
  EXPECT_EQ(IndustryByCode("97")->name, "国际组织");
  EXPECT_EQ(IndustryByCode("98"), nullptr);
  EXPECT_EQ(IndustryByCode("U"), nullptr);
  EXPECT_EQ(IndustryByCode("f"), nullptr);
}

TEST(IndustryTest, SectionOf) {
  EXPECT_EQ(SectionOf("52"), 'F');
  EXPECT_EQ(SectionOf("01"), 'A');
  EXPECT_EQ(SectionOf("13"), 'C');
  EXPECT_EQ(SectionOf("43"), 'C');
  EXPECT_EQ(SectionOf("44"), 'D');
  EXPECT_EQ(SectionOf("70"), 'K');
  EXPECT_EQ(SectionOf("96"), 'S');
  EXPECT_EQ(SectionOf("F"), 'F');
  EXPECT_EQ(SectionOf("5211"), 'F');  // a 小类 belongs to its division's section
  EXPECT_EQ(SectionOf("621"), 'H');
  EXPECT_EQ(SectionOf("98"), std::nullopt);
  EXPECT_EQ(SectionOf("52a1"), std::nullopt);
  EXPECT_EQ(SectionOf(""), std::nullopt);
}

TEST(IndustryTest, ValidateAcceptsSectionsAndDivisionsOnly) {
  EXPECT_TRUE(ValidateIndustryCode("F").ok());
  EXPECT_TRUE(ValidateIndustryCode("52").ok());
  const Status fine = ValidateIndustryCode("5211");
  EXPECT_EQ(fine.reason(), "INDUSTRY_CODE_INVALID");
  EXPECT_EQ(fine.message(),
            "行业代码“5211”无效：只接受门类字母（A—T）或2位大类代码，中类、小类请填写其前2位");
  EXPECT_EQ(ValidateIndustryCode("98").message(),
            "行业代码“98”无效：应为GB/T 4754-2017的门类字母（A—T）或2位大类代码（01—97）");
  EXPECT_EQ(ValidateIndustryCode("").message(), "行业代码为空");
}

TEST(IndustryTest, ParseRejectsBrokenTables) {
  EXPECT_FALSE(IndustryTable::Parse("code,name,parent\n01,农业,A\n").ok());  // section missing
  EXPECT_FALSE(IndustryTable::Parse("code,name,parent\nA,农业,\nA,农业,\n").ok());
  EXPECT_FALSE(IndustryTable::Parse("code,name,parent\nA,,\n").ok());
  EXPECT_FALSE(IndustryTable::Parse("code,name,parent\nA,x,\n1,y,A\n").ok());
  const StatusOr<IndustryTable> t = IndustryTable::Parse("code,name,parent\nA,x,\n01,y,A\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->SectionOf("01"), 'A');
}

}  // namespace
}  // namespace suiji
