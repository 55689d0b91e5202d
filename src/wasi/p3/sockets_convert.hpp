// wasi:sockets@0.3.0's values as WASI 0.2's socket code has them: addresses and families
// convert case by case; 0.2's error codes fold into 0.3's smaller lists.
#pragma once

#include <optional>

#include "wasi/p2/sockets_address.hpp"
#include "wasi/p2/sockets_error.hpp"
#include "wit/p3/wasi/sockets/ip_name_lookup.hpp"
#include "wit/p3/wasi/sockets/types.hpp"

namespace stratus::wasi::p3 {

namespace wsock = wit::p3::wasi::sockets::types;
namespace wlookup = wit::p3::wasi::sockets::ip_name_lookup;

wsock::IpAddressFamily to_wit(p2::IpAddressFamily family);
p2::IpAddressFamily from_wit(wsock::IpAddressFamily family);
wsock::IpAddress to_wit(const p2::IpAddress& address);
wsock::IpSocketAddress to_wit(const p2::IpSocketAddress& address);
p2::IpSocketAddress from_wit(const wsock::IpSocketAddress& address);

// 0.3 has no would-block, concurrency-conflict or not-in-progress (its calls finish what they
// start), so those are invalid-state; the resolver's codes, which types lacks, are `other`.
wsock::ErrorCode to_wit(p2::NetErrorCode code);
wlookup::ErrorCode to_wit_lookup(p2::NetErrorCode code);

}  // namespace stratus::wasi::p3
