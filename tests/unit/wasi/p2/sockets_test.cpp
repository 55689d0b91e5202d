// wasi:sockets on loopback: a TCP echo and a UDP round trip with the network granted, the
// state machine's errors, and access-denied (or the resolver's refusal) when it is not.
#include <gtest/gtest.h>

#include <poll.h>

#include <string>

#include "wasi/p2/sockets_name_lookup.hpp"
#include "wasi/p2/streams.hpp"
#include "wasi/p2/sockets_tcp.hpp"
#include "wasi/p2/sockets_udp.hpp"

namespace stratus::wasi::p2 {
namespace {

using C = NetErrorCode;
constexpr auto kV4 = IpAddressFamily::Ipv4;
const IpSocketAddress kLoopbackAny = IpSocketAddress::v4({127, 0, 0, 1}, 0);

template <class T>
C code(const NetOr<T>& r) {
  EXPECT_FALSE(r.ok());
  return r.ok() ? C::Unknown : r.error();
}

// What a guest's pollable.block does, bounded so a broken test fails instead of hanging.
void wait_for(const PollTarget& target) {
  const auto* r = std::get_if<FdReadiness>(&target);
  if (!r) return;
  pollfd p{r->fd, r->events, 0};
  ASSERT_EQ(poll(&p, 1, 5000), 1) << "not ready within 5 s";
}

std::shared_ptr<const SocketPolicy> granted() {
  auto p = std::make_shared<SocketPolicy>();
  p->inherit_network = true;
  p->allow_ip_name_lookup = true;
  return p;
}

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

TcpSocket bound_listener(const Network& net) {
  auto listener = TcpSocket::create(kV4, net.policy());
  EXPECT_TRUE(listener.ok());
  EXPECT_TRUE(listener->start_bind(net, kLoopbackAny).ok());
  EXPECT_TRUE(listener->finish_bind().ok());
  EXPECT_TRUE(listener->start_listen().ok());
  EXPECT_TRUE(listener->finish_listen().ok());
  return std::move(*listener);
}

TEST(P2Tcp, EchoOnLoopback) {
  Network net(granted());
  TcpSocket listener = bound_listener(net);
  EXPECT_TRUE(listener.is_listening());
  auto where = listener.local_address();
  ASSERT_TRUE(where.ok());
  EXPECT_NE(where->port(), 0);
  EXPECT_EQ(code(listener.accept()), C::WouldBlock);

  auto client = TcpSocket::create(kV4, net.policy());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->start_connect(net, *where).ok());
  NetOr<Unit> connected = C::WouldBlock;
  for (int i = 0; i < 100; ++i) {
    connected = client->finish_connect();
    if (connected.ok() || connected.error() != C::WouldBlock) break;
    wait_for(client->subscribe());
  }
  ASSERT_TRUE(connected.ok());
  EXPECT_EQ(code(client->finish_connect()), C::NotInProgress);
  ASSERT_TRUE(client->remote_address().ok());
  EXPECT_EQ(*client->remote_address(), *where);

  wait_for(listener.subscribe());
  auto server = listener.accept();
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(*server->remote_address(), *client->local_address());

  // The streams a binding hands out: wasi:io fd streams over the connected sockets.
  FdInputStream client_in(client->host_fd()), server_in(server->host_fd());
  FdOutputStream client_out(client->host_fd()), server_out(server->host_fd());
  auto send_all = [](OutputStream& out, const std::vector<uint8_t>& bytes) {
    auto permit = out.check_write();
    ASSERT_TRUE(permit.ok());
    ASSERT_GE(*permit, bytes.size());
    ASSERT_TRUE(out.write(bytes).ok());
    ASSERT_TRUE(out.flush().ok());
  };
  auto receive = [](InputStream& in, size_t want) {
    std::vector<uint8_t> got;
    while (got.size() < want) {
      wait_for(in.readiness());
      auto chunk = in.read(1 << 20);
      EXPECT_TRUE(chunk.ok());
      if (!chunk.ok()) break;
      got.insert(got.end(), chunk->begin(), chunk->end());
    }
    return got;
  };
  // Client -> server -> client.
  const std::vector<uint8_t> message = bytes_of("hello over wasi:sockets");
  send_all(client_out, message);
  const std::vector<uint8_t> at_server = receive(server_in, message.size());
  EXPECT_EQ(at_server, message);
  send_all(server_out, at_server);
  EXPECT_EQ(receive(client_in, message.size()), message);

  // Shutting down the client's sending side ends the server's input stream.
  ASSERT_TRUE(client->shutdown(ShutdownType::Send).ok());
  wait_for(server_in.readiness());
  auto end = server_in.read(10);
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().kind, StreamError::Kind::Closed);
}

TEST(P2Tcp, StateMachineErrors) {
  Network net(granted());
  auto s = TcpSocket::create(kV4, net.policy());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(code(s->finish_bind()), C::NotInProgress);
  EXPECT_EQ(code(s->finish_connect()), C::NotInProgress);
  EXPECT_EQ(code(s->finish_listen()), C::NotInProgress);
  EXPECT_EQ(code(s->start_listen()), C::InvalidState);
  EXPECT_EQ(code(s->accept()), C::InvalidState);
  EXPECT_EQ(code(s->local_address()), C::InvalidState);
  EXPECT_EQ(code(s->remote_address()), C::InvalidState);
  EXPECT_EQ(code(s->shutdown(ShutdownType::Both)), C::InvalidState);
  EXPECT_EQ(code(s->start_bind(net, IpSocketAddress::v6({0, 0, 0, 0, 0, 0, 0, 1}, 0))), C::InvalidArgument);
  ASSERT_TRUE(s->start_bind(net, kLoopbackAny).ok());
  EXPECT_EQ(code(s->start_bind(net, kLoopbackAny)), C::ConcurrencyConflict);
  EXPECT_EQ(code(s->start_connect(net, IpSocketAddress::v4({127, 0, 0, 1}, 9))), C::ConcurrencyConflict);
  ASSERT_TRUE(s->finish_bind().ok());
  EXPECT_EQ(code(s->start_bind(net, kLoopbackAny)), C::InvalidState);
  EXPECT_EQ(code(s->start_connect(net, IpSocketAddress::v4({0, 0, 0, 0}, 80))), C::InvalidArgument);
  EXPECT_EQ(code(s->start_connect(net, IpSocketAddress::v4({127, 0, 0, 1}, 0))), C::InvalidArgument);
  EXPECT_EQ(code(s->start_connect(net, IpSocketAddress::v4({224, 0, 0, 1}, 80))), C::InvalidArgument);

  EXPECT_EQ(code(s->set_listen_backlog_size(0)), C::InvalidArgument);
  EXPECT_EQ(code(s->set_hop_limit(0)), C::InvalidArgument);
  EXPECT_EQ(code(s->set_receive_buffer_size(0)), C::InvalidArgument);
  EXPECT_EQ(code(s->set_keep_alive_idle_time(0)), C::InvalidArgument);
  EXPECT_EQ(code(s->set_keep_alive_count(0)), C::InvalidArgument);
  ASSERT_TRUE(s->set_keep_alive_enabled(true).ok());
  EXPECT_TRUE(*s->keep_alive_enabled());
  ASSERT_TRUE(s->set_keep_alive_idle_time(1'500'000'000).ok());  // rounds up to whole seconds
  EXPECT_EQ(*s->keep_alive_idle_time(), 2'000'000'000u);
  ASSERT_TRUE(s->set_hop_limit(42).ok());
  EXPECT_EQ(*s->hop_limit(), 42);
  EXPECT_EQ(s->address_family(), kV4);

  // A refused connection leaves the socket closed.
  TcpSocket listener = bound_listener(net);
  const uint16_t port = listener.local_address()->port();
  { TcpSocket gone = std::move(listener); }
  auto c = TcpSocket::create(kV4, net.policy());
  ASSERT_TRUE(c.ok());
  auto started = c->start_connect(net, IpSocketAddress::v4({127, 0, 0, 1}, port));
  if (started.ok()) {
    wait_for(c->subscribe());
    EXPECT_EQ(code(c->finish_connect()), C::ConnectionRefused);
  } else {
    EXPECT_EQ(started.error(), C::ConnectionRefused);
  }
  EXPECT_EQ(code(c->start_connect(net, IpSocketAddress::v4({127, 0, 0, 1}, port))), C::InvalidState);
}

TEST(P2Udp, RoundTripOnLoopback) {
  Network net(granted());
  auto a = UdpSocket::create(kV4, net.policy());
  auto b = UdpSocket::create(kV4, net.policy());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(code(a->stream(std::nullopt)), C::InvalidState);
  for (UdpSocket* s : {&*a, &*b}) {
    ASSERT_TRUE(s->start_bind(net, kLoopbackAny).ok());
    ASSERT_TRUE(s->finish_bind().ok());
  }
  const IpSocketAddress a_addr = *a->local_address();
  const IpSocketAddress b_addr = *b->local_address();

  auto a_streams = a->stream(std::nullopt);     // unconnected: every datagram names its peer
  auto b_streams = b->stream(a_addr);           // connected to a
  ASSERT_TRUE(a_streams.ok() && b_streams.ok());
  EXPECT_EQ(*b->remote_address(), a_addr);
  EXPECT_EQ(code(a->remote_address()), C::InvalidState);

  auto permit = a_streams->outgoing.check_send();
  ASSERT_TRUE(permit.ok());
  ASSERT_GE(*permit, 2u);
  auto sent = a_streams->outgoing.send({{bytes_of("ping"), b_addr}, {bytes_of("pong"), b_addr}});
  ASSERT_TRUE(sent.ok());
  ASSERT_TRUE(sent->ok());
  EXPECT_EQ(**sent, 2u);

  std::vector<IncomingDatagram> got;
  while (got.size() < 2) {
    wait_for(b_streams->incoming.subscribe());
    auto batch = b_streams->incoming.receive(10);
    ASSERT_TRUE(batch.ok());
    for (auto& d : *batch) got.push_back(std::move(d));
  }
  EXPECT_EQ(got[0].data, bytes_of("ping"));
  EXPECT_EQ(got[1].data, bytes_of("pong"));
  EXPECT_EQ(got[0].remote_address, a_addr);

  // Back the other way, from the connected socket without naming the peer.
  ASSERT_TRUE(b_streams->outgoing.check_send().ok());
  auto back = b_streams->outgoing.send({{bytes_of("back"), std::nullopt}});
  ASSERT_TRUE(back.ok() && back->ok());
  wait_for(a_streams->incoming.subscribe());
  auto reply = a_streams->incoming.receive(1);
  ASSERT_TRUE(reply.ok());
  ASSERT_EQ(reply->size(), 1u);
  EXPECT_EQ((*reply)[0].data, bytes_of("back"));
  EXPECT_EQ((*reply)[0].remote_address, b_addr);

  // A connected socket sends to its peer only; an unconnected one needs a destination.
  ASSERT_TRUE(b_streams->outgoing.check_send().ok());
  auto elsewhere = b_streams->outgoing.send({{bytes_of("x"), b_addr}});
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(code(*elsewhere), C::InvalidArgument);
  ASSERT_TRUE(a_streams->outgoing.check_send().ok());
  auto nowhere = a_streams->outgoing.send({{bytes_of("x"), std::nullopt}});
  ASSERT_TRUE(nowhere.ok());
  EXPECT_EQ(code(*nowhere), C::InvalidArgument);
  // More datagrams than permitted traps.
  ASSERT_TRUE(a_streams->outgoing.check_send().ok());
  std::vector<OutgoingDatagram> many(OutgoingDatagramStream::kSendPermit + 1, {bytes_of("x"), b_addr});
  EXPECT_FALSE(a_streams->outgoing.send(many).ok());

  // A new `stream` retires the old pair.
  auto again = a->stream(std::nullopt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(code(a_streams->incoming.receive(1)), C::InvalidState);
  EXPECT_EQ(code(a_streams->outgoing.check_send()), C::InvalidState);
  EXPECT_TRUE(again->incoming.receive(0).ok());
}

TEST(P2Sockets, RefusedNetworkIsAccessDenied) {
  Network closed(std::make_shared<SocketPolicy>());  // the default: nothing granted
  auto tcp = TcpSocket::create(kV4, closed.policy());
  ASSERT_TRUE(tcp.ok());
  EXPECT_EQ(code(tcp->start_bind(closed, kLoopbackAny)), C::AccessDenied);
  EXPECT_EQ(code(tcp->start_connect(closed, IpSocketAddress::v4({127, 0, 0, 1}, 80))), C::AccessDenied);
  auto udp = UdpSocket::create(kV4, closed.policy());
  ASSERT_TRUE(udp.ok());
  EXPECT_EQ(code(udp->start_bind(closed, kLoopbackAny)), C::AccessDenied);
  EXPECT_EQ(code(resolve_addresses(closed, "localhost")), C::PermanentResolverFailure);
  EXPECT_EQ(code(resolve_addresses(closed, "127.0.0.1")), C::PermanentResolverFailure);
  EXPECT_EQ(code(resolve_addresses(closed, "not a name")), C::InvalidArgument);

  // The TCP and UDP switches refuse creation outright.
  SocketPolicy no_tcp_udp = *granted();
  no_tcp_udp.tcp = false;
  no_tcp_udp.udp = false;
  EXPECT_EQ(code(TcpSocket::create(kV4, no_tcp_udp)), C::AccessDenied);
  EXPECT_EQ(code(UdpSocket::create(kV4, no_tcp_udp)), C::AccessDenied);
}

TEST(P2Sockets, AllowListNarrowsTheGrant) {
  auto policy = std::make_shared<SocketPolicy>(*granted());
  auto rule = AddressRule::parse("127.0.0.0/8:7000");
  ASSERT_TRUE(rule.has_value());
  policy->allowed_addresses.push_back(*rule);
  Network net(policy);
  auto tcp = TcpSocket::create(kV4, net.policy());
  ASSERT_TRUE(tcp.ok());
  EXPECT_EQ(code(tcp->start_connect(net, IpSocketAddress::v4({10, 0, 0, 1}, 7000))), C::AccessDenied);
  EXPECT_EQ(code(tcp->start_bind(net, IpSocketAddress::v4({127, 0, 0, 1}, 7001))), C::AccessDenied);
  EXPECT_TRUE(policy->allows(IpSocketAddress::v4({127, 1, 2, 3}, 7000), SocketUse::TcpConnect));
  EXPECT_FALSE(policy->allows(IpSocketAddress::v6({0, 0, 0, 0, 0, 0, 0, 1}, 7000), SocketUse::TcpConnect));

  auto v6 = AddressRule::parse("[fd00::]/8");
  ASSERT_TRUE(v6.has_value());
  EXPECT_TRUE(v6->matches(IpSocketAddress::v6({0xfd12, 0, 0, 0, 0, 0, 0, 1}, 1)));
  EXPECT_FALSE(v6->matches(IpSocketAddress::v6({0xfe80, 0, 0, 0, 0, 0, 0, 1}, 1)));
  EXPECT_TRUE(AddressRule::parse("::1/128").has_value());
  EXPECT_FALSE(AddressRule::parse("::1/128:80").has_value());  // a port needs brackets
  EXPECT_FALSE(AddressRule::parse("10.0.0.0/33").has_value());
  EXPECT_FALSE(AddressRule::parse("10.0.0.1:70000").has_value());
}

TEST(P2Sockets, NameLookupWhenAllowed) {
  Network net(granted());
  auto literal = resolve_addresses(net, "[::1]");
  ASSERT_TRUE(literal.ok());
  auto first = literal->resolve_next_address();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ(**first, (IpAddress{Ipv6Address{0, 0, 0, 0, 0, 0, 0, 1}}));
  auto done = literal->resolve_next_address();
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(done->has_value());

  auto local = resolve_addresses(net, "localhost");
  ASSERT_TRUE(local.ok());
  wait_for(local->subscribe());  // the lookup runs on its own thread
  auto a = local->resolve_next_address();
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->has_value());
  EXPECT_EQ(code(resolve_addresses(net, "")), C::InvalidArgument);
  EXPECT_EQ(code(resolve_addresses(net, "a..b")), C::InvalidArgument);
}

}  // namespace
}  // namespace stratus::wasi::p2
