// Enterprises the e2e and service tests add to the demo district: in 花园路 (unit 7, region
// 410105002), trade 51, risk B, so that the demo's 花园路 inspectors can inspect them.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/ids.h"
#include "core/registers/target.h"

namespace suiji::testing {

// A series of test enterprises: enterprise I has the valid credit code 91410105 + CODE + I
// (zero-padded to 8 characters) + check digit, the name 郑州{STEM}{I}号商贸有限公司 and the
// address 郑州市金水区{ROAD}{FIRST_NUMBER + I}号.
struct EnterpriseSeries {
  std::string code;       // capital letters naming the series in the credit code ("XYJ")
  std::string stem;       // "信用测试"
  std::string legal_rep;  // "钱信用"
  std::string road;       // "经三路"
  int first_number = 1;
};

inline registers::Target DemoEnterprise(const EnterpriseSeries& series, int i) {
  std::string body = std::to_string(i);
  body.insert(0, 8 - series.code.size() - body.size(), '0');
  body.insert(0, series.code);
  registers::Target t;
  auto uscc = MakeUscc("91", "410105", body);
  if (uscc.ok()) {
    t.uscc = *uscc;
  } else {
    ADD_FAILURE() << "test credit code from " << body << ": " << uscc.status().ToString();
  }
  t.name = "郑州" + series.stem + std::to_string(i) + "号商贸有限公司";
  t.type = "企业";
  t.legal_rep = series.legal_rep;
  t.address = "郑州市金水区" + series.road + std::to_string(series.first_number + i) + "号";
  t.region_code = "410105002";
  t.unit_id = 7;  // 花园路市场监管所
  t.industry_code = "51";
  t.risk_class = "B";
  return t;
}

}  // namespace suiji::testing
