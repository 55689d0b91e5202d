// A wasi:http 0.3 request's or response's body as a guest makes one (request.new,
// response.new): the readable ends of its contents stream and trailers future, and the
// writable end of the future that reports how sending the body went. consume-body hands
// the body on to whoever reads it: a new stream and trailers future, fed from these ends.
#pragma once

#include <optional>
#include <utility>

#include "stratus/component/async.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::wasi::p3 {

using component::Val;

struct GuestBody {
  std::optional<component::StreamReader> contents;  // none: an empty body
  component::FutureReader trailers;
  // result<_, error-code>: what the body's consumer reports (consume-body's `res`).
  component::FutureWriter transmitted;
};

// The ends a guest's `new` passes, and the transmitted future's end to return to it.
struct MadeBody {
  GuestBody body;
  Val transmitted_end;
};
Result<MadeBody> make_guest_body(Store& store, const std::optional<Val>& contents, const Val& trailers);

// consume-body: the body's bytes on a new stream<u8> and its trailers on a new future (the
// guest's values passed through as they come), and the consumer's `res` forwarded to the
// body's transmitted future. Returns the stream's and the future's ends for the guest.
Result<std::pair<Val, Val>> consume_guest_body(Store& store, GuestBody body, const Val& res);

}  // namespace stratus::wasi::p3
