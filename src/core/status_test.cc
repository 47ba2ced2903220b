#include "core/status.h"

#include <gtest/gtest.h>

namespace suiji {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2) return InvalidArgument("ODD", "奇数不能平分");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  RETURN_IF_ERROR(Half(x));
  return OkStatus();
}

TEST(StatusTest, OkHasNoReasonOrMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ReasonDefaultsToCodeName) {
  Status s(StatusCode::kNotFound, "", "未找到");
  EXPECT_EQ(s.reason(), "NOT_FOUND");
}

TEST(StatusTest, InternalHidesDetailFromMessage) {
  Status s = Internal("sqlite: disk I/O error");
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message().find("sqlite"), std::string_view::npos);
  EXPECT_EQ(s.detail(), "sqlite: disk I/O error");
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "ODD");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).reason(), "ODD");
}

TEST(StatusTest, StatusOrFromOkStatusIsInternalError) {
  StatusOr<int> r{OkStatus()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace suiji
