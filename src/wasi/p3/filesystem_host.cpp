// wasi:filesystem@0.3.0 {types, preopens} on WASI 0.2's Descriptor (wasi/p2/fs_descriptor.hpp),
// which holds the semantics: the sandbox's path rules, read-only preopens, error codes. This
// file converts between its types and the 0.3 bindings', and connects the stream functions
// to the host's stream ends.
//
// As in wasmtime, the async functions do their (blocking) file work in the call and resolve at
// once; streams move as the guest reads or writes them, a chunk at a time (stream_pump.hpp).
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "wasi/errno.hpp"
#include "wasi/p2/fs_descriptor.hpp"
#include "wasi/p2/fs_file_stream.hpp"
#include "wasi/p3/future_result.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/stream_pump.hpp"
#include "wit/p3/wasi/filesystem/preopens.hpp"
#include "wit/p3/wasi/filesystem/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace wfs = wit::p3::wasi::filesystem::types;
using component::CopyResult;
using component::EventLoop;
using p2::Descriptor;
using p2::FsErrorCode;
using p2::FsOr;
using Done = std::monostate;
template <class T>
using FsResult = bindings::WitResult<T, wfs::ErrorCode>;
template <class T>
using FsReply = bindings::AsyncReturn<FsResult<T>>;
using Outcome = FsResult<Done>;  // a stream's outcome, its future's value
using OutcomeFuture = bindings::Future<Outcome>;

// `mutate_directory`: the directory was opened with that flag (a preopen: when writable). It is
// reported by get-flags, as in wasmtime; what may change a directory stays the preopen's
// permission, which the descriptor enforces.
class DescriptorObject final : public p2::HostObject {
 public:
  DescriptorObject(Descriptor d, bool mutate_directory)
      : descriptor(std::move(d)), mutate_directory(mutate_directory) {}
  std::string_view resource_name() const override { return "descriptor"; }
  Descriptor descriptor;
  bool mutate_directory;
};

// 0.3's error-code is 0.2's without would-block (file I/O here never reports it).
wfs::ErrorCode to_wit(FsErrorCode c) {
  const auto index = static_cast<size_t>(c);
  if (c == FsErrorCode::WouldBlock) return wfs::ErrorCode::other("would block");
  const size_t wit_index = index < static_cast<size_t>(FsErrorCode::WouldBlock) ? index : index - 1;
  // Every case before `other` is payload-free, so the generated constructors line up by index.
  static constexpr wfs::ErrorCode (*kCases[])() = {
      wfs::ErrorCode::access,
      wfs::ErrorCode::already,
      wfs::ErrorCode::bad_descriptor,
      wfs::ErrorCode::busy,
      wfs::ErrorCode::deadlock,
      wfs::ErrorCode::quota,
      wfs::ErrorCode::exist,
      wfs::ErrorCode::file_too_large,
      wfs::ErrorCode::illegal_byte_sequence,
      wfs::ErrorCode::in_progress,
      wfs::ErrorCode::interrupted,
      wfs::ErrorCode::invalid,
      wfs::ErrorCode::io,
      wfs::ErrorCode::is_directory,
      wfs::ErrorCode::loop,
      wfs::ErrorCode::too_many_links,
      wfs::ErrorCode::message_size,
      wfs::ErrorCode::name_too_long,
      wfs::ErrorCode::no_device,
      wfs::ErrorCode::no_entry,
      wfs::ErrorCode::no_lock,
      wfs::ErrorCode::insufficient_memory,
      wfs::ErrorCode::insufficient_space,
      wfs::ErrorCode::not_directory,
      wfs::ErrorCode::not_empty,
      wfs::ErrorCode::not_recoverable,
      wfs::ErrorCode::unsupported,
      wfs::ErrorCode::no_tty,
      wfs::ErrorCode::no_such_device,
      wfs::ErrorCode::overflow,
      wfs::ErrorCode::not_permitted,
      wfs::ErrorCode::pipe,
      wfs::ErrorCode::read_only,
      wfs::ErrorCode::invalid_seek,
      wfs::ErrorCode::text_file_busy,
      wfs::ErrorCode::cross_device,
  };
  if (wit_index >= std::size(kCases)) return wfs::ErrorCode::io();
  return kCases[wit_index]();
}

// A stream failure's code: from its host errno, else io.
wfs::ErrorCode to_wit(const p2::StreamError& e) {
  if (e.host_errno == 0) return wfs::ErrorCode::io();
  return to_wit(p2::fs_error_from(errno_from_host(e.host_errno)));
}

wfs::DescriptorType to_wit(p2::DescriptorType t) {
  using T = p2::DescriptorType;
  switch (t) {
    case T::BlockDevice: return wfs::DescriptorType::block_device();
    case T::CharacterDevice: return wfs::DescriptorType::character_device();
    case T::Directory: return wfs::DescriptorType::directory();
    case T::Fifo: return wfs::DescriptorType::fifo();
    case T::SymbolicLink: return wfs::DescriptorType::symbolic_link();
    case T::RegularFile: return wfs::DescriptorType::regular_file();
    case T::Socket: return wfs::DescriptorType::socket();
    case T::Unknown: break;
  }
  return wfs::DescriptorType::other(std::nullopt);
}

wfs::DescriptorFlags to_wit(const p2::DescriptorFlags& f) {
  return {f.read, f.write, f.file_integrity_sync, f.data_integrity_sync, f.requested_write_sync, f.mutate_directory};
}
p2::DescriptorFlags from_wit(const wfs::DescriptorFlags& f) {
  return {f.read, f.write, f.file_integrity_sync, f.data_integrity_sync, f.requested_write_sync, f.mutate_directory};
}
p2::PathFlags from_wit(const wfs::PathFlags& f) { return {f.symlink_follow}; }
p2::OpenFlags from_wit(const wfs::OpenFlags& f) { return {f.create, f.directory, f.exclusive, f.truncate}; }

// Instants before 1970 are refused by the descriptor as invalid (its timestamps are unsigned).
p2::NewTimestamp from_wit(const wfs::NewTimestamp& t) {
  switch (t.tag()) {
    case wfs::NewTimestamp::Tag::no_change: return p2::NewTimestamp::no_change();
    case wfs::NewTimestamp::Tag::now: return p2::NewTimestamp::now();
    case wfs::NewTimestamp::Tag::timestamp: break;
  }
  const auto& i = std::get<2>(t.value);
  return p2::NewTimestamp::at({static_cast<uint64_t>(i.seconds), i.nanoseconds});
}

std::optional<wfs::Instant> to_wit(const std::optional<p2::Datetime>& d) {
  if (!d) return std::nullopt;
  return wfs::Instant{static_cast<int64_t>(std::min<uint64_t>(d->seconds, INT64_MAX)), d->nanoseconds};
}

wfs::DescriptorStat to_wit(const p2::DescriptorStat& s) {
  return {to_wit(s.type),
          s.link_count,
          s.size,
          to_wit(s.data_access_timestamp),
          to_wit(s.data_modification_timestamp),
          to_wit(s.status_change_timestamp)};
}

wfs::MetadataHashValue to_wit(const p2::MetadataHashValue& h) { return {h.lower, h.upper}; }
wfs::DirectoryEntry to_wit(const p2::DirectoryEntry& e) { return {to_wit(e.type), e.name}; }
Done to_wit(p2::Unit) { return {}; }
std::string to_wit(std::string s) { return s; }

template <class T>
auto wit_result(FsOr<T> r) -> FsResult<decltype(to_wit(std::move(r.value())))> {
  using W = FsResult<decltype(to_wit(std::move(r.value())))>;
  if (!r) return W::err(to_wit(r.error()));
  return W::ok(to_wit(std::move(r.value())));
}

// A stream's outcome future: the guest's end, and how the host completes it (once).
struct OutcomeChannel {
  OutcomeFuture guest_end;
  std::function<void(Outcome)> complete;
};
Result<OutcomeChannel> make_outcome(Store& store) {
  auto pair = component::FuturePair::make(store);
  if (!pair) return pair.error();
  auto writer = std::make_shared<component::FutureWriter>(std::move(pair->writer));
  auto cx = plain_values(store);
  return OutcomeChannel{OutcomeFuture{pair->guest_end},
                        [cx, writer](Outcome outcome) { complete_future(cx, std::move(*writer), outcome); }};
}
std::function<void(std::optional<p2::StreamError>)> outcome_of_pump(std::function<void(Outcome)> complete) {
  return [complete = std::move(complete)](std::optional<p2::StreamError> error) {
    complete(error ? Outcome::err(to_wit(*error)) : Outcome::ok());
  };
}

// read-directory's stream: entries converted to Vals a batch at a time, offered as the guest
// reads; the outcome says whether the listing ended or failed.
struct EntriesToGuest : std::enable_shared_from_this<EntriesToGuest> {
  static constexpr size_t kBatch = 64;
  p2::DirectoryEntryStream source;
  component::StreamWriter sink;
  bindings::Context cx;
  std::function<void(Outcome)> complete;
  std::vector<component::Val> held;
  std::optional<Outcome> ended;  // the listing's end, once reached

  EntriesToGuest(p2::DirectoryEntryStream s, component::StreamWriter w, bindings::Context c,
                 std::function<void(Outcome)> done)
      : source(std::move(s)), sink(std::move(w)), cx(c), complete(std::move(done)) {}

  void finish(Outcome outcome) {
    sink.drop();
    auto c = std::move(complete);
    if (c) c(std::move(outcome));
  }

  void step() {
    while (held.empty() && !ended) fill();
    if (held.empty()) return finish(*ended);
    auto self = shared_from_this();
    auto r = sink.write(held, [self](CopyResult result, uint32_t written) {
      self->held.erase(self->held.begin(), self->held.begin() + std::min<size_t>(written, self->held.size()));
      // A guest that stops listing early has not failed.
      if (result != CopyResult::Completed) return self->finish(Outcome::ok());
      EventLoop::current().post([self] { self->step(); });
    });
    if (!r) finish(Outcome::err(wfs::ErrorCode::io()));
  }

  void fill() {
    while (held.size() < kBatch) {
      auto entry = source.read_directory_entry();
      if (!entry) {
        ended = Outcome::err(to_wit(entry.error()));
        return;
      }
      if (!*entry) {
        ended = Outcome::ok();
        return;
      }
      auto v = bindings::Convert<wfs::DirectoryEntry>::to_val(cx, to_wit(**entry));
      if (!v) {
        ended = Outcome::err(wfs::ErrorCode::io());
        return;
      }
      held.push_back(std::move(*v));
    }
  }
};

class TypesHost final : public wfs::Host, CtxHost {
 public:
  using CtxHost::CtxHost;

  Result<std::tuple<bindings::Stream<uint8_t>, OutcomeFuture>> descriptor_read_via_stream(
      Store& store, bindings::Borrow<wfs::Descriptor> self, uint64_t offset) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto stream = component::StreamPair::make(store);
    if (!stream) return stream.error();
    auto outcome = make_outcome(store);
    if (!outcome) return outcome.error();
    std::tuple<bindings::Stream<uint8_t>, OutcomeFuture> out{bindings::Stream<uint8_t>{stream->guest_end},
                                                             outcome->guest_end};
    // pread takes a signed offset: past it, nothing can be read.
    auto source = offset > INT64_MAX ? FsOr<std::unique_ptr<p2::FileInputStream>>(FsErrorCode::Invalid)
                                     : (*d)->read_via_stream(offset);
    if (!source) {
      stream->writer.drop();
      outcome->complete(Outcome::err(to_wit(source.error())));
      return out;
    }
    pump_to_guest(std::move(*source), std::move(stream->writer), outcome_of_pump(std::move(outcome->complete)));
    return out;
  }
  Result<OutcomeFuture> descriptor_write_via_stream(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                    bindings::Stream<uint8_t> data, uint64_t offset) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return from_guest(store, data, (*d)->write_via_stream(offset));
  }
  Result<OutcomeFuture> descriptor_append_via_stream(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                     bindings::Stream<uint8_t> data) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return from_guest(store, data, (*d)->append_via_stream());
  }
  Result<std::tuple<bindings::Stream<wfs::DirectoryEntry>, OutcomeFuture>> descriptor_read_directory(
      Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto stream = component::StreamPair::make(store);
    if (!stream) return stream.error();
    auto outcome = make_outcome(store);
    if (!outcome) return outcome.error();
    std::tuple<bindings::Stream<wfs::DirectoryEntry>, OutcomeFuture> out{
        bindings::Stream<wfs::DirectoryEntry>{stream->guest_end}, outcome->guest_end};
    auto listing = (*d)->read_directory();
    if (!listing) {
      stream->writer.drop();
      outcome->complete(Outcome::err(to_wit(listing.error())));
      return out;
    }
    std::make_shared<EntriesToGuest>(std::move(*listing), std::move(stream->writer), plain_values(store),
                                     std::move(outcome->complete))
        ->step();
    return out;
  }

  Result<void> descriptor_advise(Store& store, bindings::Borrow<wfs::Descriptor> self, uint64_t offset, uint64_t length,
                                 wfs::Advice advice, FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->advise(offset, length, static_cast<p2::Advice>(advice))));
  }
  Result<void> descriptor_sync_data(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                    FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->sync_data()));
  }
  Result<void> descriptor_get_flags(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                    FsReply<wfs::DescriptorFlags> reply) override {
    auto object = ctx(store).table().get<DescriptorObject>(self.rep);
    if (!object) return object.error();
    auto flags = (*object)->descriptor.get_flags();
    if (flags) flags->mutate_directory = flags->mutate_directory && (*object)->mutate_directory;
    return reply.resolve(wit_result(std::move(flags)));
  }
  Result<void> descriptor_get_type(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                   FsReply<wfs::DescriptorType> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->get_type()));
  }
  Result<void> descriptor_set_size(Store& store, bindings::Borrow<wfs::Descriptor> self, uint64_t size,
                                   FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->set_size(size)));
  }
  Result<void> descriptor_set_times(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::NewTimestamp atime,
                                    wfs::NewTimestamp mtime, FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->set_times(from_wit(atime), from_wit(mtime))));
  }
  Result<void> descriptor_sync(Store& store, bindings::Borrow<wfs::Descriptor> self, FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->sync()));
  }
  Result<void> descriptor_create_directory_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string path,
                                              FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->create_directory_at(path)));
  }
  Result<void> descriptor_stat(Store& store, bindings::Borrow<wfs::Descriptor> self,
                               FsReply<wfs::DescriptorStat> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->stat()));
  }
  Result<void> descriptor_stat_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags flags,
                                  std::string path, FsReply<wfs::DescriptorStat> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->stat_at(from_wit(flags), path)));
  }
  Result<void> descriptor_set_times_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags flags,
                                       std::string path, wfs::NewTimestamp atime, wfs::NewTimestamp mtime,
                                       FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->set_times_at(from_wit(flags), path, from_wit(atime), from_wit(mtime))));
  }
  Result<void> descriptor_link_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags old_flags,
                                  std::string old_path, bindings::Borrow<wfs::Descriptor> new_descriptor,
                                  std::string new_path, FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto to = get(store, new_descriptor);
    if (!to) return to.error();
    return reply.resolve(wit_result((*d)->link_at(from_wit(old_flags), old_path, **to, new_path)));
  }
  Result<void> descriptor_open_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags path_flags,
                                  std::string path, wfs::OpenFlags open_flags, wfs::DescriptorFlags flags,
                                  FsReply<bindings::Own<wfs::Descriptor>> reply) override {
    using W = FsResult<bindings::Own<wfs::Descriptor>>;
    auto object = ctx(store).table().get<DescriptorObject>(self.rep);
    if (!object) return object.error();
    const bool mutate_directory = flags.mutate_directory && (*object)->mutate_directory;
    auto opened = (*object)->descriptor.open_at(from_wit(path_flags), path, from_wit(open_flags), from_wit(flags));
    if (!opened) return reply.resolve(W::err(to_wit(opened.error())));
    auto own = new_descriptor(ctx(store), std::move(*opened), mutate_directory);
    if (!own) return own.error();
    return reply.resolve(W::ok(*own));
  }
  Result<void> descriptor_readlink_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string path,
                                      FsReply<std::string> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->readlink_at(path)));
  }
  Result<void> descriptor_remove_directory_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string path,
                                              FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->remove_directory_at(path)));
  }
  Result<void> descriptor_rename_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string old_path,
                                    bindings::Borrow<wfs::Descriptor> new_descriptor, std::string new_path,
                                    FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto to = get(store, new_descriptor);
    if (!to) return to.error();
    return reply.resolve(wit_result((*d)->rename_at(old_path, **to, new_path)));
  }
  Result<void> descriptor_symlink_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string old_path,
                                     std::string new_path, FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->symlink_at(old_path, new_path)));
  }
  Result<void> descriptor_unlink_file_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string path,
                                         FsReply<Done> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->unlink_file_at(path)));
  }
  Result<void> descriptor_is_same_object(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                         bindings::Borrow<wfs::Descriptor> other,
                                         bindings::AsyncReturn<bool> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto o = get(store, other);
    if (!o) return o.error();
    return reply.resolve((*d)->is_same_object(**o));
  }
  Result<void> descriptor_metadata_hash(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                        FsReply<wfs::MetadataHashValue> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->metadata_hash()));
  }
  Result<void> descriptor_metadata_hash_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags flags,
                                           std::string path, FsReply<wfs::MetadataHashValue> reply) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return reply.resolve(wit_result((*d)->metadata_hash_at(from_wit(flags), path)));
  }
  Result<void> descriptor_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<DescriptorObject>(ctx(store), rep);
  }

  static Result<bindings::Own<wfs::Descriptor>> new_descriptor(p2::WasiP2Ctx& ctx, Descriptor d,
                                                               bool mutate_directory) {
    auto rep = ctx.table().push(std::make_unique<DescriptorObject>(std::move(d), mutate_directory));
    if (!rep) return rep.error();
    return bindings::Own<wfs::Descriptor>{*rep};
  }

 private:
  Result<const Descriptor*> get(Store& store, bindings::Borrow<wfs::Descriptor> handle) {
    auto object = ctx(store).table().get<DescriptorObject>(handle.rep);
    if (!object) return object.error();
    return &(*object)->descriptor;
  }

  // write-via-stream and append-via-stream: the guest's bytes into the file stream, or, when
  // the descriptor cannot write, the guest's stream refused and the reason in the outcome.
  static Result<OutcomeFuture> from_guest(Store& store, const bindings::Stream<uint8_t>& data,
                                          FsOr<std::unique_ptr<p2::FileOutputStream>> sink) {
    auto reader = component::StreamReader::take(store, data.end);
    if (!reader) return reader.error();
    auto outcome = make_outcome(store);
    if (!outcome) return outcome.error();
    if (!sink) {
      reader->drop();
      outcome->complete(Outcome::err(to_wit(sink.error())));
      return outcome->guest_end;
    }
    pump_from_guest(std::move(*reader), std::move(*sink), outcome_of_pump(std::move(outcome->complete)));
    return outcome->guest_end;
  }
};

class PreopensHost final : public wit::p3::wasi::filesystem::preopens::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<std::tuple<bindings::Own<wfs::Descriptor>, std::string>>> get_directories(Store& store) override {
    p2::WasiP2Ctx& c = ctx(store);
    std::vector<std::tuple<bindings::Own<wfs::Descriptor>, std::string>> out;
    for (const p2::WasiP2Ctx::OpenPreopen& p : c.preopens()) {
      auto d = Descriptor::share_directory(p.dir_fd, p.read_only);
      if (!d) {
        const int e = errno;
        return Error(ErrorKind::Host, "wasi:filesystem/preopens@0.3.0: cannot share the preopen '" + p.guest_path +
                                          "': " + std::strerror(e));
      }
      auto own = TypesHost::new_descriptor(c, std::move(*d), !p.read_only);
      if (!own) return own.error();
      out.emplace_back(*own, p.guest_path);
    }
    return out;
  }
};

}  // namespace

Result<void> add_filesystem_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                      const p2::CtxLookup& lookup) {
  if (auto r = wfs::add_to_linker(linker, types, shared_host<wfs::Host>(std::make_shared<TypesHost>(lookup))); !r)
    return r;
  namespace preopens = wit::p3::wasi::filesystem::preopens;
  return preopens::add_to_linker(linker, types, shared_host<preopens::Host>(std::make_shared<PreopensHost>(lookup)));
}

}  // namespace stratus::wasi::p3
