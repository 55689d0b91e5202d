// wasi:sockets/* bound to the generated Host classes. The state machines live in TcpSocket
// and UdpSocket (sockets_tcp.hpp, sockets_udp.hpp), the permission in SocketPolicy; this file
// converts types, keeps the objects in the context's table, and makes their streams (wasi:io
// fd streams over the socket, children of it) and pollables.
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "wasi/p2/host_support.hpp"
#include "wasi/p2/sockets_name_lookup.hpp"
#include "wasi/p2/sockets_tcp.hpp"
#include "wasi/p2/sockets_udp.hpp"
#include "wit/wasi/sockets/instance_network.hpp"
#include "wit/wasi/sockets/ip_name_lookup.hpp"
#include "wit/wasi/sockets/network.hpp"
#include "wit/wasi/sockets/tcp.hpp"
#include "wit/wasi/sockets/tcp_create_socket.hpp"
#include "wit/wasi/sockets/udp.hpp"
#include "wit/wasi/sockets/udp_create_socket.hpp"

namespace stratus::wasi::p2 {
namespace {

namespace wnet = wit::wasi::sockets::network;
namespace wtcp = wit::wasi::sockets::tcp;
namespace wudp = wit::wasi::sockets::udp;
namespace wlookup = wit::wasi::sockets::ip_name_lookup;
using Done = std::monostate;
template <class T>
using NetResult = Result<bindings::WitResult<T, wnet::ErrorCode>>;
using PollableOwn = bindings::Own<wit_io::poll::Pollable>;

template <class T, const char* kName>
class Held final : public HostObject {
 public:
  explicit Held(T v) : value(std::move(v)) {}
  std::string_view resource_name() const override { return kName; }
  T value;
};
constexpr char kNetworkName[] = "network";
constexpr char kTcpName[] = "tcp-socket";
constexpr char kUdpName[] = "udp-socket";
constexpr char kIncomingName[] = "incoming-datagram-stream";
constexpr char kOutgoingName[] = "outgoing-datagram-stream";
constexpr char kResolveName[] = "resolve-address-stream";
using NetworkObject = Held<Network, kNetworkName>;
using TcpObject = Held<TcpSocket, kTcpName>;
using UdpObject = Held<UdpSocket, kUdpName>;
using IncomingObject = Held<IncomingDatagramStream, kIncomingName>;
using OutgoingObject = Held<OutgoingDatagramStream, kOutgoingName>;
using ResolveObject = Held<ResolveAddressStream, kResolveName>;

// ---- conversions (our enums list the WIT's cases in its order) ----
wnet::ErrorCode to_wit(NetErrorCode c) { return static_cast<wnet::ErrorCode>(c); }
wnet::IpAddressFamily to_wit(IpAddressFamily f) { return static_cast<wnet::IpAddressFamily>(f); }
IpAddressFamily from_wit(wnet::IpAddressFamily f) { return static_cast<IpAddressFamily>(f); }


wnet::IpAddress to_wit(const IpAddress& a) {
  if (const auto* v4 = std::get_if<Ipv4Address>(&a.value))
    return wnet::IpAddress::ipv4(tuple_of<wnet::Ipv4Address>(*v4, std::make_index_sequence<4>{}));
  return wnet::IpAddress::ipv6(tuple_of<wnet::Ipv6Address>(std::get<Ipv6Address>(a.value), std::make_index_sequence<8>{}));
}

wnet::IpSocketAddress to_wit(const IpSocketAddress& a) {
  if (const auto* v4 = std::get_if<Ipv4SocketAddress>(&a.value))
    return wnet::IpSocketAddress::ipv4({v4->port, tuple_of<wnet::Ipv4Address>(v4->address, std::make_index_sequence<4>{})});
  const auto& v6 = std::get<Ipv6SocketAddress>(a.value);
  return wnet::IpSocketAddress::ipv6(
      {v6.port, v6.flow_info, tuple_of<wnet::Ipv6Address>(v6.address, std::make_index_sequence<8>{}), v6.scope_id});
}

IpSocketAddress from_wit(const wnet::IpSocketAddress& a) {
  if (a.tag() == wnet::IpSocketAddress::Tag::ipv4) {
    const auto& v4 = std::get<0>(a.value);
    return {Ipv4SocketAddress{v4.port, array_of<Ipv4Address>(v4.address)}};
  }
  const auto& v6 = std::get<1>(a.value);
  return {Ipv6SocketAddress{v6.port, v6.flow_info, array_of<Ipv6Address>(v6.address), v6.scope_id}};
}

std::optional<wnet::IpAddress> to_wit(const std::optional<IpAddress>& a) {
  if (!a) return std::nullopt;
  return to_wit(*a);
}
Done to_wit(Unit) { return {}; }
bool to_wit(bool b) { return b; }
uint8_t to_wit(uint8_t n) { return n; }
uint32_t to_wit(uint32_t n) { return n; }
uint64_t to_wit(uint64_t n) { return n; }

template <class T>
auto wit_result(NetOr<T> r) -> NetResult<decltype(to_wit(std::move(r.value())))> {
  using W = bindings::WitResult<decltype(to_wit(std::move(r.value()))), wnet::ErrorCode>;
  if (!r) return W::err(to_wit(r.error()));
  return W::ok(to_wit(std::move(r.value())));
}

template <class HostImpl, class Interface>
auto getter(std::shared_ptr<HostImpl> host) {
  return [host = std::move(host)](Store&) -> Interface& { return *host; };
}

template <class T>
Result<T*> get(WasiP2Ctx& ctx, uint32_t rep) {
  auto object = ctx.table().get<T>(rep);
  if (!object) return object.error();
  return *object;
}

class NetworkHost final : public wnet::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> network_drop(Store& store, uint32_t rep) override { return drop_object<NetworkObject>(ctx(store), rep); }
};

class InstanceNetworkHost final : public wit::wasi::sockets::instance_network::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<bindings::Own<wnet::Network>> instance_network(Store& store) override {
    WasiP2Ctx& c = ctx(store);
    auto rep = c.table().push(std::make_unique<NetworkObject>(Network(socket_policy_of(c.network()))));
    if (!rep) return rep.error();
    return bindings::Own<wnet::Network>{*rep};
  }
};

class TcpCreateHost final : public wit::wasi::sockets::tcp_create_socket::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  NetResult<bindings::Own<wtcp::TcpSocket>> create_tcp_socket(Store& store, wnet::IpAddressFamily family) override {
    using W = bindings::WitResult<bindings::Own<wtcp::TcpSocket>, wnet::ErrorCode>;
    WasiP2Ctx& c = ctx(store);
    auto socket = TcpSocket::create(from_wit(family), *socket_policy_of(c.network()));
    if (!socket) return W::err(to_wit(socket.error()));
    auto rep = c.table().push(std::make_unique<TcpObject>(std::move(*socket)));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wtcp::TcpSocket>{*rep});
  }
};

class UdpCreateHost final : public wit::wasi::sockets::udp_create_socket::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  NetResult<bindings::Own<wudp::UdpSocket>> create_udp_socket(Store& store, wnet::IpAddressFamily family) override {
    using W = bindings::WitResult<bindings::Own<wudp::UdpSocket>, wnet::ErrorCode>;
    WasiP2Ctx& c = ctx(store);
    auto socket = UdpSocket::create(from_wit(family), *socket_policy_of(c.network()));
    if (!socket) return W::err(to_wit(socket.error()));
    auto rep = c.table().push(std::make_unique<UdpObject>(std::move(*socket)));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wudp::UdpSocket>{*rep});
  }
};

#define STRATUS_GET(var, Type, rep)            \
  auto var##_found = get<Type>(ctx(store), rep); \
  if (!var##_found) return var##_found.error();  \
  auto& var = (*var##_found)->value

class TcpHost final : public wtcp::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  using Self = bindings::Borrow<wtcp::TcpSocket>;
  using Net = bindings::Borrow<wnet::Network>;

  NetResult<Done> tcp_socket_start_bind(Store& store, Self self, Net network, wnet::IpSocketAddress local) override {
    STRATUS_GET(s, TcpObject, self.rep);
    STRATUS_GET(net, NetworkObject, network.rep);
    return wit_result(s.start_bind(net, from_wit(local)));
  }
  NetResult<Done> tcp_socket_finish_bind(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.finish_bind());
  }
  NetResult<Done> tcp_socket_start_connect(Store& store, Self self, Net network, wnet::IpSocketAddress remote) override {
    STRATUS_GET(s, TcpObject, self.rep);
    STRATUS_GET(net, NetworkObject, network.rep);
    return wit_result(s.start_connect(net, from_wit(remote)));
  }
  NetResult<std::tuple<bindings::Own<wtcp::InputStream>, bindings::Own<wtcp::OutputStream>>> tcp_socket_finish_connect(
      Store& store, Self self) override {
    using W = bindings::WitResult<std::tuple<bindings::Own<wtcp::InputStream>, bindings::Own<wtcp::OutputStream>>,
                                  wnet::ErrorCode>;
    STRATUS_GET(s, TcpObject, self.rep);
    auto done = s.finish_connect();
    if (!done) return W::err(to_wit(done.error()));
    auto streams = streams_of(ctx(store), s, self.rep);
    if (!streams) return streams.error();
    return W::ok(std::move(*streams));
  }
  NetResult<Done> tcp_socket_start_listen(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.start_listen());
  }
  NetResult<Done> tcp_socket_finish_listen(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.finish_listen());
  }
  NetResult<std::tuple<bindings::Own<wtcp::TcpSocket>, bindings::Own<wtcp::InputStream>, bindings::Own<wtcp::OutputStream>>>
  tcp_socket_accept(Store& store, Self self) override {
    using W = bindings::WitResult<
        std::tuple<bindings::Own<wtcp::TcpSocket>, bindings::Own<wtcp::InputStream>, bindings::Own<wtcp::OutputStream>>,
        wnet::ErrorCode>;
    STRATUS_GET(s, TcpObject, self.rep);
    auto client = s.accept();
    if (!client) return W::err(to_wit(client.error()));
    WasiP2Ctx& c = ctx(store);
    auto object = std::make_unique<TcpObject>(std::move(*client));
    TcpSocket& accepted = object->value;
    auto rep = c.table().push(std::move(object));
    if (!rep) return rep.error();
    auto streams = streams_of(c, accepted, *rep);
    if (!streams) return streams.error();
    return W::ok(bindings::Own<wtcp::TcpSocket>{*rep}, std::get<0>(*streams), std::get<1>(*streams));
  }
  NetResult<wnet::IpSocketAddress> tcp_socket_local_address(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return address_result(s.local_address());
  }
  NetResult<wnet::IpSocketAddress> tcp_socket_remote_address(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return address_result(s.remote_address());
  }
  Result<bool> tcp_socket_is_listening(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return s.is_listening();
  }
  Result<wnet::IpAddressFamily> tcp_socket_address_family(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return to_wit(s.address_family());
  }
  NetResult<Done> tcp_socket_set_listen_backlog_size(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_listen_backlog_size(v));
  }
  NetResult<bool> tcp_socket_keep_alive_enabled(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.keep_alive_enabled());
  }
  NetResult<Done> tcp_socket_set_keep_alive_enabled(Store& store, Self self, bool v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_keep_alive_enabled(v));
  }
  NetResult<uint64_t> tcp_socket_keep_alive_idle_time(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.keep_alive_idle_time());
  }
  NetResult<Done> tcp_socket_set_keep_alive_idle_time(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_keep_alive_idle_time(v));
  }
  NetResult<uint64_t> tcp_socket_keep_alive_interval(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.keep_alive_interval());
  }
  NetResult<Done> tcp_socket_set_keep_alive_interval(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_keep_alive_interval(v));
  }
  NetResult<uint32_t> tcp_socket_keep_alive_count(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.keep_alive_count());
  }
  NetResult<Done> tcp_socket_set_keep_alive_count(Store& store, Self self, uint32_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_keep_alive_count(v));
  }
  NetResult<uint8_t> tcp_socket_hop_limit(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.hop_limit());
  }
  NetResult<Done> tcp_socket_set_hop_limit(Store& store, Self self, uint8_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_hop_limit(v));
  }
  NetResult<uint64_t> tcp_socket_receive_buffer_size(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.receive_buffer_size());
  }
  NetResult<Done> tcp_socket_set_receive_buffer_size(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_receive_buffer_size(v));
  }
  NetResult<uint64_t> tcp_socket_send_buffer_size(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.send_buffer_size());
  }
  NetResult<Done> tcp_socket_set_send_buffer_size(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.set_send_buffer_size(v));
  }
  Result<PollableOwn> tcp_socket_subscribe(Store& store, Self self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    TcpSocket* socket = &s;
    return new_pollable(ctx(store), [socket] { return socket->subscribe(); }, self.rep);
  }
  NetResult<Done> tcp_socket_shutdown(Store& store, Self self, wtcp::ShutdownType how) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.shutdown(static_cast<ShutdownType>(how)));
  }
  Result<void> tcp_socket_drop(Store& store, uint32_t rep) override { return drop_object<TcpObject>(ctx(store), rep); }

 private:
  static NetResult<wnet::IpSocketAddress> address_result(NetOr<IpSocketAddress> a) {
    using W = bindings::WitResult<wnet::IpSocketAddress, wnet::ErrorCode>;
    if (!a) return W::err(to_wit(a.error()));
    return W::ok(to_wit(*a));
  }
  // The connection's streams: wasi:io fd streams over the socket, its children in the table,
  // so the socket (and its descriptor) outlives them.
  static Result<std::tuple<bindings::Own<wtcp::InputStream>, bindings::Own<wtcp::OutputStream>>> streams_of(
      WasiP2Ctx& c, const TcpSocket& s, uint32_t parent) {
    auto in = new_input_stream(c, std::make_unique<FdInputStream>(s.host_fd()), parent);
    if (!in) return in.error();
    auto out = new_output_stream(c, std::make_unique<FdOutputStream>(s.host_fd()), parent);
    if (!out) return out.error();
    return std::tuple{*in, *out};
  }
};

class UdpHost final : public wudp::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  using Self = bindings::Borrow<wudp::UdpSocket>;

  NetResult<Done> udp_socket_start_bind(Store& store, Self self, bindings::Borrow<wnet::Network> network,
                                        wnet::IpSocketAddress local) override {
    STRATUS_GET(s, UdpObject, self.rep);
    STRATUS_GET(net, NetworkObject, network.rep);
    return wit_result(s.start_bind(net, from_wit(local)));
  }
  NetResult<Done> udp_socket_finish_bind(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.finish_bind());
  }
  NetResult<std::tuple<bindings::Own<wudp::IncomingDatagramStream>, bindings::Own<wudp::OutgoingDatagramStream>>>
  udp_socket_stream(Store& store, Self self, std::optional<wnet::IpSocketAddress> remote) override {
    using W = bindings::WitResult<
        std::tuple<bindings::Own<wudp::IncomingDatagramStream>, bindings::Own<wudp::OutgoingDatagramStream>>,
        wnet::ErrorCode>;
    STRATUS_GET(s, UdpObject, self.rep);
    std::optional<IpSocketAddress> to;
    if (remote) to = from_wit(*remote);
    auto streams = s.stream(to);
    if (!streams) return W::err(to_wit(streams.error()));
    WasiP2Ctx& c = ctx(store);
    auto in = c.table().push_child(std::make_unique<IncomingObject>(std::move(streams->incoming)), self.rep);
    if (!in) return in.error();
    auto out = c.table().push_child(std::make_unique<OutgoingObject>(std::move(streams->outgoing)), self.rep);
    if (!out) return out.error();
    return W::ok(bindings::Own<wudp::IncomingDatagramStream>{*in}, bindings::Own<wudp::OutgoingDatagramStream>{*out});
  }
  NetResult<wnet::IpSocketAddress> udp_socket_local_address(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return address_result(s.local_address());
  }
  NetResult<wnet::IpSocketAddress> udp_socket_remote_address(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return address_result(s.remote_address());
  }
  Result<wnet::IpAddressFamily> udp_socket_address_family(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return to_wit(s.address_family());
  }
  NetResult<uint8_t> udp_socket_unicast_hop_limit(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.unicast_hop_limit());
  }
  NetResult<Done> udp_socket_set_unicast_hop_limit(Store& store, Self self, uint8_t v) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.set_unicast_hop_limit(v));
  }
  NetResult<uint64_t> udp_socket_receive_buffer_size(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.receive_buffer_size());
  }
  NetResult<Done> udp_socket_set_receive_buffer_size(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.set_receive_buffer_size(v));
  }
  NetResult<uint64_t> udp_socket_send_buffer_size(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.send_buffer_size());
  }
  NetResult<Done> udp_socket_set_send_buffer_size(Store& store, Self self, uint64_t v) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.set_send_buffer_size(v));
  }
  Result<PollableOwn> udp_socket_subscribe(Store& store, Self self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return new_pollable(ctx(store), [target = s.subscribe()] { return target; }, self.rep);
  }
  NetResult<std::vector<wudp::IncomingDatagram>> incoming_datagram_stream_receive(
      Store& store, bindings::Borrow<wudp::IncomingDatagramStream> self, uint64_t max_results) override {
    using W = bindings::WitResult<std::vector<wudp::IncomingDatagram>, wnet::ErrorCode>;
    STRATUS_GET(s, IncomingObject, self.rep);
    auto got = s.receive(max_results);
    if (!got) return W::err(to_wit(got.error()));
    std::vector<wudp::IncomingDatagram> out;
    out.reserve(got->size());
    for (IncomingDatagram& d : *got) out.push_back({std::move(d.data), to_wit(d.remote_address)});
    return W::ok(std::move(out));
  }
  Result<PollableOwn> incoming_datagram_stream_subscribe(Store& store,
                                                         bindings::Borrow<wudp::IncomingDatagramStream> self) override {
    STRATUS_GET(s, IncomingObject, self.rep);
    return new_pollable(ctx(store), [target = s.subscribe()] { return target; }, self.rep);
  }
  NetResult<uint64_t> outgoing_datagram_stream_check_send(Store& store,
                                                          bindings::Borrow<wudp::OutgoingDatagramStream> self) override {
    STRATUS_GET(s, OutgoingObject, self.rep);
    return wit_result(s.check_send());
  }
  NetResult<uint64_t> outgoing_datagram_stream_send(Store& store, bindings::Borrow<wudp::OutgoingDatagramStream> self,
                                                    std::vector<wudp::OutgoingDatagram> datagrams) override {
    STRATUS_GET(s, OutgoingObject, self.rep);
    std::vector<OutgoingDatagram> ours;
    ours.reserve(datagrams.size());
    for (wudp::OutgoingDatagram& d : datagrams) {
      std::optional<IpSocketAddress> to;
      if (d.remote_address) to = from_wit(*d.remote_address);
      ours.push_back({std::move(d.data), to});
    }
    auto sent = s.send(ours);
    if (!sent) return sent.error();  // past check-send's permit: a trap
    return wit_result(std::move(*sent));
  }
  Result<PollableOwn> outgoing_datagram_stream_subscribe(Store& store,
                                                         bindings::Borrow<wudp::OutgoingDatagramStream> self) override {
    STRATUS_GET(s, OutgoingObject, self.rep);
    return new_pollable(ctx(store), [target = s.subscribe()] { return target; }, self.rep);
  }
  Result<void> udp_socket_drop(Store& store, uint32_t rep) override { return drop_object<UdpObject>(ctx(store), rep); }
  Result<void> incoming_datagram_stream_drop(Store& store, uint32_t rep) override {
    return drop_object<IncomingObject>(ctx(store), rep);
  }
  Result<void> outgoing_datagram_stream_drop(Store& store, uint32_t rep) override {
    return drop_object<OutgoingObject>(ctx(store), rep);
  }

 private:
  static NetResult<wnet::IpSocketAddress> address_result(NetOr<IpSocketAddress> a) {
    using W = bindings::WitResult<wnet::IpSocketAddress, wnet::ErrorCode>;
    if (!a) return W::err(to_wit(a.error()));
    return W::ok(to_wit(*a));
  }
};

class LookupHost final : public wlookup::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  NetResult<bindings::Own<wlookup::ResolveAddressStream>> resolve_addresses(Store& store,
                                                                           bindings::Borrow<wnet::Network> network,
                                                                           std::string name) override {
    using W = bindings::WitResult<bindings::Own<wlookup::ResolveAddressStream>, wnet::ErrorCode>;
    STRATUS_GET(net, NetworkObject, network.rep);
    auto stream = p2::resolve_addresses(net, name);
    if (!stream) return W::err(to_wit(stream.error()));
    auto rep = ctx(store).table().push(std::make_unique<ResolveObject>(std::move(*stream)));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wlookup::ResolveAddressStream>{*rep});
  }
  NetResult<std::optional<wnet::IpAddress>> resolve_address_stream_resolve_next_address(
      Store& store, bindings::Borrow<wlookup::ResolveAddressStream> self) override {
    STRATUS_GET(s, ResolveObject, self.rep);
    return wit_result(s.resolve_next_address());
  }
  Result<PollableOwn> resolve_address_stream_subscribe(Store& store,
                                                       bindings::Borrow<wlookup::ResolveAddressStream> self) override {
    STRATUS_GET(s, ResolveObject, self.rep);
    return new_pollable(ctx(store), [target = s.subscribe()] { return target; }, self.rep);
  }
  Result<void> resolve_address_stream_drop(Store& store, uint32_t rep) override {
    return drop_object<ResolveObject>(ctx(store), rep);
  }
};

#undef STRATUS_GET

}  // namespace

Result<void> add_sockets_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup) {
  namespace ws = wit::wasi::sockets;
  if (auto r = ws::network::add_to_linker(linker, types, getter<NetworkHost, wnet::Host>(std::make_shared<NetworkHost>(lookup)));
      !r)
    return r;
  if (auto r = ws::instance_network::add_to_linker(
          linker, types,
          getter<InstanceNetworkHost, ws::instance_network::Host>(std::make_shared<InstanceNetworkHost>(lookup)));
      !r)
    return r;
  if (auto r = ws::tcp::add_to_linker(linker, types, getter<TcpHost, wtcp::Host>(std::make_shared<TcpHost>(lookup))); !r)
    return r;
  if (auto r = ws::tcp_create_socket::add_to_linker(
          linker, types, getter<TcpCreateHost, ws::tcp_create_socket::Host>(std::make_shared<TcpCreateHost>(lookup)));
      !r)
    return r;
  if (auto r = ws::udp::add_to_linker(linker, types, getter<UdpHost, wudp::Host>(std::make_shared<UdpHost>(lookup))); !r)
    return r;
  if (auto r = ws::udp_create_socket::add_to_linker(
          linker, types, getter<UdpCreateHost, ws::udp_create_socket::Host>(std::make_shared<UdpCreateHost>(lookup)));
      !r)
    return r;
  return ws::ip_name_lookup::add_to_linker(linker, types,
                                           getter<LookupHost, wlookup::Host>(std::make_shared<LookupHost>(lookup)));
}

}  // namespace stratus::wasi::p2
