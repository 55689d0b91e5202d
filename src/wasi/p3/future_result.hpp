// Completing a future<result<_, E>> the host handed a guest (a stream's outcome in WASI 0.3:
// read-via-stream, write-via-stream, stdio), from a pump's end or at once.
#pragma once

#include <memory>
#include <utility>

#include "stratus/component/async.hpp"
#include "stratus/component/bindings.hpp"
#include "stratus/store.hpp"

namespace stratus::wasi::p3 {

// A conversion context for values without resources (error codes, directory entries), which
// is all a stream's outcome or element holds here.
inline component::bindings::Context plain_values(Store& store) {
  static const component::bindings::ResourceTypes kNone;
  return component::bindings::Context(store, kNone);
}

// Offers `value` to the guest's end; the writer lives until the guest reads it or drops its
// end (a writer dropped unread would leave the guest's reader with DROPPED).
template <class T>
void complete_future(component::bindings::Context cx, component::FutureWriter writer, const T& value) {
  auto held = std::make_shared<component::FutureWriter>(std::move(writer));
  auto v = component::bindings::Convert<T>::to_val(cx, value);
  if (!v) return held->drop();
  (void)held->write(std::move(*v), [held](component::CopyResult) {});
}

}  // namespace stratus::wasi::p3
