// outgoing-handler's client (client.hpp) against a loopback server: the response head and
// body, a streamed upload, response trailers, and its errors as error-codes.
#include <gtest/gtest.h>

#include "loopback_server.hpp"
#include "stratus/engine.hpp"
#include "stratus/store.hpp"
#include "wasi/http/client.hpp"
#include "wasi/http/error_code.hpp"
#include "wasi/p2/pollable.hpp"

namespace stratus::wasi::http {
namespace {

using testing::LoopbackServer;
using Tag = WitErrorCode::Tag;

struct ClientTest : ::testing::Test {
  Engine engine;
  Store store{engine};

  StartedRequest start(ClientRequest request) {
    auto started = start_request(std::move(request));
    EXPECT_EQ(started.index(), 0u) << (started.index() == 1 ? describe(std::get<1>(started)) : "");
    return std::get<0>(std::move(started));
  }

  // Waits (as a guest's pollable would) for the response head or the error.
  PendingResponse::Outcome await(PendingResponse& pending) {
    for (;;) {
      if (auto outcome = pending.poll()) return std::move(*outcome);
      auto waited = p2::wait_for(store, pending.readiness());
      EXPECT_TRUE(waited);
      if (!waited) return WitErrorCode::internal_error("wait failed");
    }
  }

  std::string read_all(IncomingBody& body) {
    std::string out;
    for (;;) {
      auto r = body.read(p2::kMaxReadBytes);
      if (!r) {
        EXPECT_EQ(r.error().kind, p2::StreamError::Kind::Closed) << r.error().message;
        return out;
      }
      out.append(r->begin(), r->end());
      if (r->empty()) EXPECT_TRUE(p2::wait_for(store, body.readiness()));
    }
  }
};

TEST_F(ClientTest, GetsAResponseHeadAndBody) {
  LoopbackServer server("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Reply: yes\r\n\r\nhello");
  auto started = start({"GET", server.url("/path?q=1"), {{"x-from", "test"}}, false, std::nullopt, {}});
  auto outcome = await(*started.response);
  ASSERT_EQ(outcome.index(), 0u) << describe(std::get<1>(outcome));
  auto& response = *std::get<0>(outcome);
  EXPECT_EQ(response.status, 201);
  bool found = false;
  for (const auto& [n, v] : response.headers) found |= (n == "X-Reply" && v == "yes");
  EXPECT_TRUE(found);
  EXPECT_EQ(read_all(*response.body), "hello");
  EXPECT_NE(server.request().find("GET /path?q=1 HTTP/1.1"), std::string::npos) << server.request();
  EXPECT_NE(server.request().find("x-from: test"), std::string::npos) << server.request();
}

TEST_F(ClientTest, StreamsAnUploadWithTrailersAndReadsTrailers) {
  LoopbackServer server(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 7\r\n\r\n");
  auto started = start({"POST", server.url("/up"), {}, true, std::nullopt, {}});
  const std::string part(100000, 'u');  // more than one buffer's worth in all
  for (int i = 0; i < 4; ++i) {
    std::span<const uint8_t> left(reinterpret_cast<const uint8_t*>(part.data()), part.size());
    while (!left.empty()) {
      auto room = started.request_body->check_write();
      ASSERT_TRUE(room) << room.error().message;
      if (*room == 0) {
        ASSERT_TRUE(p2::wait_for(store, started.request_body->readiness()));
        continue;
      }
      const size_t n = std::min<size_t>(*room, left.size());
      ASSERT_TRUE(started.request_body->write(left.first(n)));
      left = left.subspan(n);
    }
  }
  ASSERT_TRUE(started.request_body->finish(FieldList{{"x-upload-sum", "400000"}}));
  auto outcome = await(*started.response);
  ASSERT_EQ(outcome.index(), 0u) << describe(std::get<1>(outcome));
  auto& response = *std::get<0>(outcome);
  EXPECT_EQ(read_all(*response.body), "abc");
  auto trailers = response.body->trailers();
  ASSERT_TRUE(trailers);
  ASSERT_EQ(trailers->size(), 1u);
  EXPECT_EQ((*trailers)[0].first, "X-Sum");
  EXPECT_EQ((*trailers)[0].second, "7");
  EXPECT_EQ(server.body().size(), 4 * part.size());
  EXPECT_EQ(server.trailers(), "x-upload-sum: 400000\r\n");
  EXPECT_NE(server.request().find("Transfer-Encoding: chunked"), std::string::npos) << server.request();
  EXPECT_NE(server.request().find("POST /up"), std::string::npos);
}

TEST_F(ClientTest, AClosedPortIsConnectionRefused) {
  std::string url;
  {
    LoopbackServer unused("HTTP/1.1 200 OK\r\n\r\n");
    url = unused.url();
    // Connect once so the server thread ends; then nothing listens on the port.
    auto started = start({"GET", url, {}, false, std::nullopt, {}});
    (void)await(*started.response);
  }
  auto started = start({"GET", url, {}, false, std::nullopt, {}});
  auto outcome = await(*started.response);
  ASSERT_EQ(outcome.index(), 1u);
  EXPECT_EQ(std::get<1>(outcome).tag(), Tag::connection_refused) << describe(std::get<1>(outcome));
}

TEST_F(ClientTest, FirstByteTimeoutEndsAStalledRequest) {
  LoopbackServer silent("");
  ClientTimeouts timeouts;
  timeouts.first_byte_ns = 200'000'000;
  auto started = start({"GET", silent.url(), {}, false, std::nullopt, timeouts});
  auto outcome = await(*started.response);
  ASSERT_EQ(outcome.index(), 1u);
  EXPECT_EQ(std::get<1>(outcome).tag(), Tag::connection_read_timeout) << describe(std::get<1>(outcome));
}

TEST_F(ClientTest, ARejectedUrlIsAnErrorCode) {
  auto started = start_request({"GET", "ftp://127.0.0.1/", {}, false, std::nullopt, {}});
  if (started.index() == 0) {
    auto outcome = await(*std::get<0>(started).response);
    ASSERT_EQ(outcome.index(), 1u);
    EXPECT_EQ(std::get<1>(outcome).tag(), Tag::http_request_uri_invalid) << describe(std::get<1>(outcome));
  } else {
    EXPECT_EQ(std::get<1>(started).tag(), Tag::http_request_uri_invalid);
  }
}

}  // namespace
}  // namespace stratus::wasi::http
