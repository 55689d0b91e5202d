// Moving bytes between WASI 0.2's host streams (files, stdio descriptors: p2::InputStream and
// p2::OutputStream) and the host's ends of a guest's stream<u8>, at the pace the guest reads
// or writes. A pump holds at most one chunk (p2::kMaxReadBytes in, p2::kOutputBudget out), so
// a guest cannot make the host buffer more than that per stream however much it sends or
// however little it reads.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "stratus/component/async.hpp"
#include "wasi/p2/streams.hpp"

namespace stratus::wasi::p3 {

// Runs `step` once `target` says the source or sink can move: a descriptor's readiness on
// the thread's EventLoop, anything else (a file, memory, a deadline) on its next turn.
void when_ready(const p2::PollTarget& target, std::function<void()> step);

// How a pump ended, once: none when the stream ended (the source's end, or the guest dropped
// its end), else the failure.
using PumpDone = std::function<void(std::optional<p2::StreamError>)>;

// Offers what `source` yields to the guest until the source ends or fails or the guest drops
// its reader; then drops `sink` and calls `done`. The source is read only while a read of the
// guest's waits, so a reader that leaves is noticed even when the source has nothing more.
void pump_to_guest(std::unique_ptr<p2::InputStream> source, component::StreamWriter sink, PumpDone done);

// Writes what the guest sends into `sink` until the guest drops its writer (then flushes) or
// the sink fails (then drops `source`, so the guest's next write sees DROPPED); then `done`.
void pump_from_guest(component::StreamReader source, std::unique_ptr<p2::OutputStream> sink, PumpDone done);

}  // namespace stratus::wasi::p3
