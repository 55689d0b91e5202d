// wasi:sockets@0.3.0 (types, ip-name-lookup) bound to the generated Host classes. The sockets
// are TcpSocketState and UdpSocketState (sockets_tcp.hpp, sockets_udp.hpp), kept in the
// context's table as WASI 0.2's are; permissions are 0.2's SocketPolicy, from the same
// NetworkPolicy (`-S inherit-network`, the allow-list, `-S allow-ip-name-lookup`).
#include <sys/socket.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stratus/component/async.hpp"
#include "wasi/p2/sockets_name_lookup.hpp"
#include "wasi/p2/sockets_options.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/sockets_convert.hpp"
#include "wasi/p3/sockets_tcp.hpp"
#include "wasi/p3/sockets_udp.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::EventLoop;
template <class T>
using NetResult = Result<bindings::WitResult<T, wsock::ErrorCode>>;
using Done = std::monostate;

template <class State, const char* kName>
class SocketObject final : public p2::HostObject {
 public:
  explicit SocketObject(std::shared_ptr<State> s) : state(std::move(s)) {}
  std::string_view resource_name() const override { return kName; }
  std::shared_ptr<State> state;
};
constexpr char kTcpName[] = "tcp-socket";
constexpr char kUdpName[] = "udp-socket";
using TcpObject = SocketObject<TcpSocketState, kTcpName>;
using UdpObject = SocketObject<UdpSocketState, kUdpName>;

Done to_wit(p2::Unit) { return {}; }
template <class T>
  requires std::is_arithmetic_v<T>
T to_wit(T v) {
  return v;
}
using p3::to_wit;

template <class T>
auto wit_result(p2::NetOr<T> r) -> NetResult<decltype(to_wit(std::move(r.value())))> {
  using W = bindings::WitResult<decltype(to_wit(std::move(r.value()))), wsock::ErrorCode>;
  if (!r) return W::err(to_wit(r.error()));
  return W::ok(to_wit(std::move(r.value())));
}

#define STRATUS_GET(var, Type, rep)                     \
  auto var##_found = ctx(store).table().get<Type>(rep); \
  if (!var##_found) return var##_found.error();         \
  auto& var = *(*var##_found)->state

class TypesHost final : public wsock::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  using Tcp = bindings::Borrow<wsock::TcpSocket>;
  using Udp = bindings::Borrow<wsock::UdpSocket>;

  // tcp-socket's type, once add_to_linker has defined it: accepted sockets become handles.
  void set_tcp_type(const component::ResourceType& type) { tcp_type_ = component::WeakResourceType(type); }

  NetResult<bindings::Own<wsock::TcpSocket>> tcp_socket_create(Store& store, wsock::IpAddressFamily family) override {
    using W = bindings::WitResult<bindings::Own<wsock::TcpSocket>, wsock::ErrorCode>;
    auto policy = p2::socket_policy_of(ctx(store).network());
    auto socket = p2::TcpSocket::create(from_wit(family), *policy);
    if (!socket) return W::err(to_wit(socket.error()));
    auto rep = push_tcp(store, std::move(*socket), std::move(policy));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wsock::TcpSocket>{*rep});
  }
  NetResult<Done> tcp_socket_bind(Store& store, Tcp self, wsock::IpSocketAddress local) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.bind(from_wit(local)));
  }
  Result<void> tcp_socket_connect(Store& store, Tcp self, wsock::IpSocketAddress remote,
                                  bindings::AsyncReturn<SocketResult> reply) override {
    STRATUS_GET(s, TcpObject, self.rep);
    s.connect(from_wit(remote), std::move(reply));
    return {};
  }
  NetResult<SocketStream> tcp_socket_listen(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    auto policy = p2::socket_policy_of(ctx(store).network());
    return s.listen([this, store = &store, policy](p2::TcpSocket accepted) -> Result<component::Val> {
      auto rep = push_tcp(*store, std::move(accepted), policy);
      if (!rep) return rep.error();
      auto tcp_type = tcp_type_.lock();
      if (!tcp_type) return Error(ErrorKind::Link, "wasi:sockets/types: the tcp-socket type is gone with its linker");
      bindings::ResourceTypes types;
      types.insert(std::string(wsock::TcpSocket::kWitName), *tcp_type);
      bindings::Context cx(*store, types);
      return bindings::Convert<bindings::Own<wsock::TcpSocket>>::to_val(cx, bindings::Own<wsock::TcpSocket>{*rep});
    });
  }
  Result<ResultFuture> tcp_socket_send(Store& store, Tcp self, ByteStream data) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return s.send(std::move(data));
  }
  Result<std::tuple<ByteStream, ResultFuture>> tcp_socket_receive(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return s.receive();
  }
  NetResult<wsock::IpSocketAddress> tcp_socket_get_local_address(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().local_address());
  }
  NetResult<wsock::IpSocketAddress> tcp_socket_get_remote_address(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().remote_address());
  }
  Result<bool> tcp_socket_get_is_listening(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return s.socket().is_listening();
  }
  Result<wsock::IpAddressFamily> tcp_socket_get_address_family(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return to_wit(s.socket().address_family());
  }
  NetResult<Done> tcp_socket_set_listen_backlog_size(Store& store, Tcp self, uint64_t value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_listen_backlog_size(value));
  }
  NetResult<bool> tcp_socket_get_keep_alive_enabled(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().keep_alive_enabled());
  }
  NetResult<Done> tcp_socket_set_keep_alive_enabled(Store& store, Tcp self, bool value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_keep_alive_enabled(value));
  }
  NetResult<wsock::Duration> tcp_socket_get_keep_alive_idle_time(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().keep_alive_idle_time());
  }
  NetResult<Done> tcp_socket_set_keep_alive_idle_time(Store& store, Tcp self, wsock::Duration value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_keep_alive_idle_time(value));
  }
  NetResult<wsock::Duration> tcp_socket_get_keep_alive_interval(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().keep_alive_interval());
  }
  NetResult<Done> tcp_socket_set_keep_alive_interval(Store& store, Tcp self, wsock::Duration value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_keep_alive_interval(value));
  }
  NetResult<uint32_t> tcp_socket_get_keep_alive_count(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().keep_alive_count());
  }
  NetResult<Done> tcp_socket_set_keep_alive_count(Store& store, Tcp self, uint32_t value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_keep_alive_count(value));
  }
  NetResult<uint8_t> tcp_socket_get_hop_limit(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().hop_limit());
  }
  NetResult<Done> tcp_socket_set_hop_limit(Store& store, Tcp self, uint8_t value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_hop_limit(value));
  }
  NetResult<uint64_t> tcp_socket_get_receive_buffer_size(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().receive_buffer_size());
  }
  NetResult<Done> tcp_socket_set_receive_buffer_size(Store& store, Tcp self, uint64_t value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_receive_buffer_size(value));
  }
  NetResult<uint64_t> tcp_socket_get_send_buffer_size(Store& store, Tcp self) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().send_buffer_size());
  }
  NetResult<Done> tcp_socket_set_send_buffer_size(Store& store, Tcp self, uint64_t value) override {
    STRATUS_GET(s, TcpObject, self.rep);
    return wit_result(s.socket().set_send_buffer_size(value));
  }

  NetResult<bindings::Own<wsock::UdpSocket>> udp_socket_create(Store& store, wsock::IpAddressFamily family) override {
    using W = bindings::WitResult<bindings::Own<wsock::UdpSocket>, wsock::ErrorCode>;
    auto socket = UdpSocketState::create(from_wit(family), p2::socket_policy_of(ctx(store).network()));
    if (!socket) return W::err(to_wit(socket.error()));
    auto rep = ctx(store).table().push(std::make_unique<UdpObject>(std::move(*socket)));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wsock::UdpSocket>{*rep});
  }
  NetResult<Done> udp_socket_bind(Store& store, Udp self, wsock::IpSocketAddress local) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.bind(from_wit(local)));
  }
  NetResult<Done> udp_socket_connect(Store& store, Udp self, wsock::IpSocketAddress remote) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.connect(from_wit(remote)));
  }
  NetResult<Done> udp_socket_disconnect(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.disconnect());
  }
  Result<void> udp_socket_send(Store& store, Udp self, std::vector<uint8_t> data,
                               std::optional<wsock::IpSocketAddress> remote,
                               bindings::AsyncReturn<SocketResult> reply) override {
    STRATUS_GET(s, UdpObject, self.rep);
    std::optional<p2::IpSocketAddress> to;
    if (remote) to = from_wit(*remote);
    s.send(std::move(data), std::move(to), std::move(reply));
    return {};
  }
  Result<void> udp_socket_receive(Store& store, Udp self, bindings::AsyncReturn<ReceiveResult> reply) override {
    STRATUS_GET(s, UdpObject, self.rep);
    s.receive(std::move(reply));
    return {};
  }
  NetResult<wsock::IpSocketAddress> udp_socket_get_local_address(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.local_address());
  }
  NetResult<wsock::IpSocketAddress> udp_socket_get_remote_address(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(s.remote_address());
  }
  Result<wsock::IpAddressFamily> udp_socket_get_address_family(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return to_wit(s.address_family());
  }
  NetResult<uint8_t> udp_socket_get_unicast_hop_limit(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::get_hop_limit(s.host_fd(), s.address_family()));
  }
  NetResult<Done> udp_socket_set_unicast_hop_limit(Store& store, Udp self, uint8_t value) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::set_hop_limit_option(s.host_fd(), s.address_family(), value));
  }
  NetResult<uint64_t> udp_socket_get_receive_buffer_size(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::get_buffer_size(s.host_fd(), SO_RCVBUF));
  }
  NetResult<Done> udp_socket_set_receive_buffer_size(Store& store, Udp self, uint64_t value) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::set_buffer_size(s.host_fd(), SO_RCVBUF, value));
  }
  NetResult<uint64_t> udp_socket_get_send_buffer_size(Store& store, Udp self) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::get_buffer_size(s.host_fd(), SO_SNDBUF));
  }
  NetResult<Done> udp_socket_set_send_buffer_size(Store& store, Udp self, uint64_t value) override {
    STRATUS_GET(s, UdpObject, self.rep);
    return wit_result(p2::set_buffer_size(s.host_fd(), SO_SNDBUF, value));
  }

  Result<void> tcp_socket_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<TcpObject>(ctx(store), rep);
  }
  Result<void> udp_socket_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<UdpObject>(ctx(store), rep);
  }

 private:
  Result<uint32_t> push_tcp(Store& store, p2::TcpSocket socket, std::shared_ptr<const p2::SocketPolicy> policy) {
    auto state = std::make_shared<TcpSocketState>(store, std::move(socket), std::move(policy));
    return ctx(store).table().push(std::make_unique<TcpObject>(std::move(state)));
  }

  component::WeakResourceType tcp_type_;
};

using LookupResult = bindings::WitResult<std::vector<wsock::IpAddress>, wlookup::ErrorCode>;

// Takes the addresses of a lookup as they come, waiting on its eventfd between them.
void drain(std::shared_ptr<p2::ResolveAddressStream> lookup, bindings::AsyncReturn<LookupResult> reply,
           std::vector<wsock::IpAddress> found) {
  while (!reply.done()) {
    auto next = lookup->resolve_next_address();
    if (!next && next.error() == p2::NetErrorCode::WouldBlock) {
      const p2::PollTarget target = lookup->subscribe();
      auto again = [lookup, reply, found = std::move(found)]() mutable {
        drain(std::move(lookup), std::move(reply), std::move(found));
      };
      if (const auto* fd = std::get_if<p2::FdReadiness>(&target))
        EventLoop::current().watch_fd(fd->fd, EventLoop::Readable, std::move(again));
      else
        EventLoop::current().post(std::move(again));
      return;
    }
    if (!next) {
      (void)reply.resolve(LookupResult::err(to_wit_lookup(next.error())));
      return;
    }
    if (!*next) {
      (void)reply.resolve(LookupResult::ok(std::move(found)));
      return;
    }
    found.push_back(to_wit(**next));
  }
}

class LookupHost final : public wlookup::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> resolve_addresses(Store& store, std::string name, bindings::AsyncReturn<LookupResult> reply) override {
    const p2::Network network(p2::socket_policy_of(ctx(store).network()));
    auto lookup = p2::resolve_addresses(network, name);
    if (!lookup) return reply.resolve(LookupResult::err(to_wit_lookup(lookup.error())));
    // The lookup's thread finishes on its own; a cancelled call just stops waiting for it.
    reply.on_cancel([reply]() mutable { (void)reply.cancelled(); });
    drain(std::make_shared<p2::ResolveAddressStream>(std::move(*lookup)), std::move(reply), {});
    return {};
  }
};

}  // namespace

Result<void> add_sockets_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                   const p2::CtxLookup& lookup) {
  auto host = std::make_shared<TypesHost>(lookup);
  if (auto r = wsock::add_to_linker(linker, types, shared_host<wsock::Host>(host)); !r) return r;
  const component::ResourceType* tcp_type = types.find(wsock::TcpSocket::kWitName);
  if (!tcp_type) return Error(ErrorKind::Link, "wasi:sockets/types: add_to_linker defined no tcp-socket type");
  host->set_tcp_type(*tcp_type);
  return wlookup::add_to_linker(linker, types, shared_host<wlookup::Host>(std::make_shared<LookupHost>(lookup)));
}

}  // namespace stratus::wasi::p3
