#include "core/region.h"

#include <gtest/gtest.h>

#include <string>

#include "core/reference_data.h"

namespace suiji {
namespace {

const RegionTable& Table() { return RegionTable::Gbt2260(); }

std::string Names(const std::vector<const Gbt2260Region*>& regions) {
  std::string out;
  for (const Gbt2260Region* r : regions) out += (out.empty() ? "" : "/") + r->name;
  return out;
}

TEST(RegionTest, ShippedFileParsesWithAllLevels) {
  ASSERT_TRUE(RegionTable::Parse(ReferenceDataFile("gbt2260.csv")).ok());
  EXPECT_EQ(Table().Provinces().size(), 34u);  // 31 on the mainland + 台湾省, 香港, 澳门
  EXPECT_EQ(Table().size(), 34u + 342u + 2851u);
}

TEST(RegionTest, FindsEachLevel) {
  const Gbt2260Region* p = Table().Find("110000");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "北京市");
  EXPECT_EQ(p->level, RegionLevel::kProvince);
  EXPECT_EQ(Table().Find("350100")->name, "福州市");
  EXPECT_EQ(Table().Find("350100")->level, RegionLevel::kCity);
  EXPECT_EQ(Table().Find("110105")->name, "朝阳区");
  EXPECT_EQ(Table().Find("110105")->level, RegionLevel::kCounty);
  EXPECT_EQ(Table().Find("440305")->name, "南山区");
  EXPECT_EQ(Table().Find("810000")->name, "香港特别行政区");
  EXPECT_EQ(Table().Find("990000"), nullptr);
  EXPECT_EQ(Table().Find("11010"), nullptr);
  // Statistical development-zone codes are not divisions (data/README.md).
  EXPECT_EQ(Table().Find("130171"), nullptr);
}

TEST(RegionTest, ParentChainAndFullName) {
  EXPECT_EQ(Names(Table().Chain("110105")), "北京市/市辖区/朝阳区");
  EXPECT_EQ(Table().FullName("110105"), "北京市朝阳区");
  EXPECT_EQ(Names(Table().Chain("440305")), "广东省/深圳市/南山区");
  EXPECT_EQ(Table().FullName("440305"), "广东省深圳市南山区");
  EXPECT_EQ(Table().FullName("419001"), "河南省济源市");  // 省直辖县级行政区划 is left out
  EXPECT_EQ(Table().FullName("441900"), "广东省东莞市");
  EXPECT_EQ(Table().FullName("440000"), "广东省");
  EXPECT_TRUE(Table().Chain("990000").empty());
  EXPECT_EQ(Table().FullName("990000"), "");
}

TEST(RegionTest, Children) {
  EXPECT_EQ(Names(Table().Children("110100")).substr(0, 19), "东城区/西城区");
  EXPECT_EQ(Table().Children("110100").size(), 16u);  // Beijing's 16 districts
  EXPECT_EQ(Table().Children("110000").size(), 1u);   // its one 市辖区
  EXPECT_TRUE(Table().Children("441900").empty());    // 东莞 has no county level
  EXPECT_TRUE(Table().Children("110105").empty());
  EXPECT_TRUE(Table().Children("990000").empty());
  for (const Gbt2260Region* city : Table().Children("440000")) {
    EXPECT_EQ(city->level, RegionLevel::kCity);
    EXPECT_EQ(city->parent, "440000");
  }
}

TEST(RegionTest, EveryRowHasAConsistentParent) {
  for (const Gbt2260Region* province : Table().Provinces()) {
    for (const Gbt2260Region* city : Table().Children(province->code)) {
      EXPECT_EQ(city->code.substr(0, 2), province->code.substr(0, 2));
      for (const Gbt2260Region* county : Table().Children(city->code)) {
        EXPECT_EQ(county->code.substr(0, 4), city->code.substr(0, 4));
        EXPECT_EQ(county->level, RegionLevel::kCounty);
      }
    }
  }
}

TEST(RegionTest, Validate) {
  EXPECT_TRUE(Table().Validate("110105").ok());
  EXPECT_EQ(Table().Validate("11010a").message(), "行政区划代码“11010a”无效：应为6位数字");
  EXPECT_EQ(Table().Validate("110199").message(),
            "行政区划代码“110199”不在GB/T 2260行政区划代码表中");
  EXPECT_EQ(Table().Validate("110199").reason(), "REGION_CODE_INVALID");
}

TEST(RegionTest, ParseRejectsBrokenTables) {
  const char* header = "code,name,level,parent\n";
  EXPECT_FALSE(RegionTable::Parse(std::string(header) + "110000,北京市,state,\n").ok());
  EXPECT_FALSE(RegionTable::Parse(std::string(header) + "110100,市辖区,city,110000\n").ok());
  EXPECT_FALSE(RegionTable::Parse(std::string(header) +
                                  "110000,北京市,province,\n120100,市辖区,city,110000\n")
                   .ok());
  EXPECT_FALSE(
      RegionTable::Parse(std::string(header) + "110000,北京市,province,\n110000,北京市,province,\n")
          .ok());
  EXPECT_TRUE(RegionTable::Parse(std::string(header) +
                                 "110000,北京市,province,\n110100,市辖区,city,110000\n")
                  .ok());
}

}  // namespace
}  // namespace suiji
