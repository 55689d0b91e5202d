#include "http/request_parser.hpp"

#include <gtest/gtest.h>

namespace stratus::http {
namespace {

using Step = RequestParser::Step;

// Feeds `input` in slices of `slice` bytes, as a socket might deliver it, and collects
// what the parser reports.
struct Parsed {
  std::vector<Request> heads;
  std::vector<std::string> bodies;
  std::vector<Fields> trailers;
  uint16_t error = 0;
};
Parsed parse_all(std::string_view input, size_t slice = 1 << 20, Limits limits = {}) {
  RequestParser parser(limits);
  Parsed out;
  std::string buffered;
  size_t fed = 0;
  for (;;) {
    auto [step, consumed] = parser.parse(buffered);
    buffered.erase(0, consumed);
    switch (step) {
      case Step::Head: out.heads.push_back(parser.take_head()); out.bodies.emplace_back(); break;
      case Step::Body: out.bodies.back() += parser.take_body(); break;
      case Step::MessageEnd: out.trailers.push_back(parser.trailers()); break;
      case Step::Failed: out.error = parser.error_status(); return out;
      case Step::NeedMore:
        if (fed == input.size()) return out;
        size_t n = std::min(slice, input.size() - fed);
        buffered.append(input.substr(fed, n));
        fed += n;
        break;
    }
  }
}

TEST(RequestParser, HeadFieldsAndFramingFromContentLength) {
  auto p = parse_all("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello");
  ASSERT_EQ(p.heads.size(), 1u);
  EXPECT_EQ(p.heads[0].method, "POST");
  EXPECT_EQ(p.heads[0].target, "/a?b=1");
  EXPECT_EQ(p.heads[0].content_length, 5u);
  EXPECT_EQ(p.heads[0].header("x-a"), "1");
  EXPECT_EQ(p.bodies[0], "hello");
  EXPECT_EQ(p.trailers.size(), 1u);
}

TEST(RequestParser, ChunkedBodyWithTrailersByteByByte) {
  auto p = parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Sum: 5\r\nX-Two: 2\r\n\r\n", 1);
  ASSERT_EQ(p.error, 0);
  ASSERT_EQ(p.heads.size(), 1u);
  EXPECT_TRUE(p.heads[0].chunked);
  EXPECT_EQ(p.bodies[0], "abcde");
  ASSERT_EQ(p.trailers.size(), 1u);
  EXPECT_EQ(find_field(p.trailers[0], "x-sum"), "5");
  EXPECT_EQ(find_field(p.trailers[0], "x-two"), "2");
}

TEST(RequestParser, PipelinedRequestsStayApart) {
  auto p = parse_all("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok"
                     "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(p.heads.size(), 3u);
  EXPECT_EQ(p.heads[1].target, "/2");
  EXPECT_EQ(p.bodies[1], "ok");
  EXPECT_EQ(p.bodies[2], "");
  EXPECT_EQ(p.trailers.size(), 3u);
}

TEST(RequestParser, SmugglingShapesAreRefused) {
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n").error, 501);
  EXPECT_EQ(parse_all("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n").error, 400);
  EXPECT_EQ(parse_all("GET / HTTP/1.1\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n").error, 417);
  EXPECT_EQ(parse_all("GET / HTTP/1.1\r\nHo st: a\r\n\r\n").error, 400);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n").error, 400);
}

TEST(RequestParser, HeadAndBodyBounds) {
  Limits limits;
  limits.max_head_bytes = 1024;
  limits.max_header_count = 4;
  limits.max_body_bytes = 10;
  std::string big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse_all(big, 100, limits).error, 431);
  EXPECT_EQ(parse_all("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n", 1 << 20, limits).error, 431);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", 1 << 20, limits).error, 413);
  EXPECT_EQ(parse_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n", 1 << 20, limits).error, 413);
  std::string many_trailers = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
  for (int i = 0; i < 5; ++i) many_trailers += "T" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(parse_all(many_trailers + "\r\n", 1 << 20, limits).error, 431);
}

}  // namespace
}  // namespace stratus::http
