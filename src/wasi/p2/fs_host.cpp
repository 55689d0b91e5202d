// wasi:filesystem/{types,preopens} bound to the generated Host classes: each method finds its
// objects in the context's table and calls Descriptor (fs_descriptor.hpp), which holds the
// semantics; this file only converts between those types and the bindings'.
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "wasi/p2/fs_descriptor.hpp"
#include "wasi/p2/fs_file_stream.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/filesystem/preopens.hpp"
#include "wit/wasi/filesystem/types.hpp"

namespace stratus::wasi::p2 {
namespace {

namespace wfs = wit::wasi::filesystem::types;
using Done = std::monostate;
template <class T>
using FsResult = Result<bindings::WitResult<T, wfs::ErrorCode>>;

class DescriptorObject final : public HostObject {
 public:
  explicit DescriptorObject(Descriptor d) : descriptor(std::move(d)) {}
  std::string_view resource_name() const override { return "descriptor"; }
  Descriptor descriptor;
};

class DirectoryEntriesObject final : public HostObject {
 public:
  explicit DirectoryEntriesObject(DirectoryEntryStream s) : stream(std::move(s)) {}
  std::string_view resource_name() const override { return "directory-entry-stream"; }
  DirectoryEntryStream stream;
};

// Our enums list the WIT's cases in the WIT's order, so conversion is a cast.
wfs::ErrorCode to_wit(FsErrorCode c) { return static_cast<wfs::ErrorCode>(c); }
wfs::DescriptorType to_wit(DescriptorType t) { return static_cast<wfs::DescriptorType>(t); }

wfs::DescriptorFlags to_wit(const DescriptorFlags& f) {
  return {f.read, f.write, f.file_integrity_sync, f.data_integrity_sync, f.requested_write_sync, f.mutate_directory};
}
DescriptorFlags from_wit(const wfs::DescriptorFlags& f) {
  return {f.read, f.write, f.file_integrity_sync, f.data_integrity_sync, f.requested_write_sync, f.mutate_directory};
}
PathFlags from_wit(const wfs::PathFlags& f) { return {f.symlink_follow}; }
OpenFlags from_wit(const wfs::OpenFlags& f) { return {f.create, f.directory, f.exclusive, f.truncate}; }

NewTimestamp from_wit(const wfs::NewTimestamp& t) {
  switch (t.tag()) {
    case wfs::NewTimestamp::Tag::no_change: return NewTimestamp::no_change();
    case wfs::NewTimestamp::Tag::now: return NewTimestamp::now();
    case wfs::NewTimestamp::Tag::timestamp: break;
  }
  const auto& d = std::get<2>(t.value);
  return NewTimestamp::at({d.seconds, d.nanoseconds});
}

std::optional<wfs::Datetime> to_wit(const std::optional<Datetime>& d) {
  if (!d) return std::nullopt;
  return wfs::Datetime{d->seconds, d->nanoseconds};
}

wfs::DescriptorStat to_wit(const DescriptorStat& s) {
  return {to_wit(s.type), s.link_count, s.size, to_wit(s.data_access_timestamp),
          to_wit(s.data_modification_timestamp), to_wit(s.status_change_timestamp)};
}

wfs::MetadataHashValue to_wit(const MetadataHashValue& h) { return {h.lower, h.upper}; }
wfs::DirectoryEntry to_wit(const DirectoryEntry& e) { return {to_wit(e.type), e.name}; }
Done to_wit(Unit) { return {}; }
uint64_t to_wit(uint64_t n) { return n; }
std::string to_wit(std::string s) { return s; }
std::tuple<std::vector<uint8_t>, bool> to_wit(std::tuple<std::vector<uint8_t>, bool> t) { return t; }
std::optional<wfs::DirectoryEntry> to_wit(const std::optional<DirectoryEntry>& e) {
  if (!e) return std::nullopt;
  return to_wit(*e);
}

template <class T>
auto wit_result(FsOr<T> r) -> FsResult<decltype(to_wit(std::move(r.value())))> {
  using W = decltype(to_wit(std::move(r.value())));
  if (!r) return bindings::WitResult<W, wfs::ErrorCode>::err(to_wit(r.error()));
  return bindings::WitResult<W, wfs::ErrorCode>::ok(to_wit(std::move(r.value())));
}

class TypesHost final : public wfs::Host, CtxHost {
 public:
  using CtxHost::CtxHost;

  Result<std::optional<wfs::ErrorCode>> filesystem_error_code(Store& store,
                                                              bindings::Borrow<wfs::Error> err) override {
    auto error = ctx(store).table().get<IoError>(err.rep);
    if (!error) return error.error();
    // Only failures with a host errno behind them (file and socket I/O) have a code.
    if ((*error)->host_errno() == 0) return std::optional<wfs::ErrorCode>{};
    return std::optional<wfs::ErrorCode>(to_wit(fs_error_from(errno_from_host((*error)->host_errno()))));
  }

  FsResult<bindings::Own<wfs::InputStream>> descriptor_read_via_stream(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                                      uint64_t offset) override {
    using W = bindings::WitResult<bindings::Own<wfs::InputStream>, wfs::ErrorCode>;
    auto d = get(store, self);
    if (!d) return d.error();
    auto stream = (*d)->read_via_stream(offset);
    if (!stream) return W::err(to_wit(stream.error()));
    auto own = new_input_stream(ctx(store), std::move(*stream), self.rep);
    if (!own) return own.error();
    return W::ok(*own);
  }
  FsResult<bindings::Own<wfs::OutputStream>> descriptor_write_via_stream(Store& store,
                                                                        bindings::Borrow<wfs::Descriptor> self,
                                                                        uint64_t offset) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return output(store, self, (*d)->write_via_stream(offset));
  }
  FsResult<bindings::Own<wfs::OutputStream>> descriptor_append_via_stream(Store& store,
                                                                         bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return output(store, self, (*d)->append_via_stream());
  }
  FsResult<Done> descriptor_advise(Store& store, bindings::Borrow<wfs::Descriptor> self, uint64_t offset,
                                   uint64_t length, wfs::Advice advice) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->advise(offset, length, static_cast<Advice>(advice)));
  }
  FsResult<Done> descriptor_sync_data(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->sync_data());
  }
  FsResult<wfs::DescriptorFlags> descriptor_get_flags(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->get_flags());
  }
  FsResult<wfs::DescriptorType> descriptor_get_type(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->get_type());
  }
  FsResult<Done> descriptor_set_size(Store& store, bindings::Borrow<wfs::Descriptor> self, uint64_t size) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->set_size(size));
  }
  FsResult<Done> descriptor_set_times(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::NewTimestamp atime,
                                      wfs::NewTimestamp mtime) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->set_times(from_wit(atime), from_wit(mtime)));
  }
  FsResult<std::tuple<std::vector<uint8_t>, bool>> descriptor_read(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                                   uint64_t length, uint64_t offset) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->read(length, offset));
  }
  FsResult<uint64_t> descriptor_write(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                      std::vector<uint8_t> buffer, uint64_t offset) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->write(buffer, offset));
  }
  FsResult<bindings::Own<wfs::DirectoryEntryStream>> descriptor_read_directory(
      Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    using W = bindings::WitResult<bindings::Own<wfs::DirectoryEntryStream>, wfs::ErrorCode>;
    auto d = get(store, self);
    if (!d) return d.error();
    auto stream = (*d)->read_directory();
    if (!stream) return W::err(to_wit(stream.error()));
    // Not a child of the descriptor: the stream holds its own descriptor of the directory.
    auto rep = ctx(store).table().push(std::make_unique<DirectoryEntriesObject>(std::move(*stream)));
    if (!rep) return rep.error();
    return W::ok(bindings::Own<wfs::DirectoryEntryStream>{*rep});
  }
  FsResult<Done> descriptor_sync(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->sync());
  }
  FsResult<Done> descriptor_create_directory_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->create_directory_at(path));
  }
  FsResult<wfs::DescriptorStat> descriptor_stat(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->stat());
  }
  FsResult<wfs::DescriptorStat> descriptor_stat_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                   wfs::PathFlags flags, std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->stat_at(from_wit(flags), path));
  }
  FsResult<Done> descriptor_set_times_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags flags,
                                         std::string path, wfs::NewTimestamp atime, wfs::NewTimestamp mtime) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->set_times_at(from_wit(flags), path, from_wit(atime), from_wit(mtime)));
  }
  FsResult<Done> descriptor_link_at(Store& store, bindings::Borrow<wfs::Descriptor> self, wfs::PathFlags old_flags,
                                    std::string old_path, bindings::Borrow<wfs::Descriptor> new_descriptor,
                                    std::string new_path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto to = get(store, new_descriptor);
    if (!to) return to.error();
    return wit_result((*d)->link_at(from_wit(old_flags), old_path, **to, new_path));
  }
  FsResult<bindings::Own<wfs::Descriptor>> descriptor_open_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                             wfs::PathFlags path_flags, std::string path,
                                                             wfs::OpenFlags open_flags,
                                                             wfs::DescriptorFlags flags) override {
    using W = bindings::WitResult<bindings::Own<wfs::Descriptor>, wfs::ErrorCode>;
    auto d = get(store, self);
    if (!d) return d.error();
    auto opened = (*d)->open_at(from_wit(path_flags), path, from_wit(open_flags), from_wit(flags));
    if (!opened) return W::err(to_wit(opened.error()));
    auto own = new_descriptor(ctx(store), std::move(*opened));
    if (!own) return own.error();
    return W::ok(*own);
  }
  FsResult<std::string> descriptor_readlink_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                               std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->readlink_at(path));
  }
  FsResult<Done> descriptor_remove_directory_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->remove_directory_at(path));
  }
  FsResult<Done> descriptor_rename_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string old_path,
                                      bindings::Borrow<wfs::Descriptor> new_descriptor, std::string new_path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto to = get(store, new_descriptor);
    if (!to) return to.error();
    return wit_result((*d)->rename_at(old_path, **to, new_path));
  }
  FsResult<Done> descriptor_symlink_at(Store& store, bindings::Borrow<wfs::Descriptor> self, std::string old_path,
                                       std::string new_path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->symlink_at(old_path, new_path));
  }
  FsResult<Done> descriptor_unlink_file_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                           std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->unlink_file_at(path));
  }
  Result<bool> descriptor_is_same_object(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                         bindings::Borrow<wfs::Descriptor> other) override {
    auto d = get(store, self);
    if (!d) return d.error();
    auto o = get(store, other);
    if (!o) return o.error();
    return (*d)->is_same_object(**o);
  }
  FsResult<wfs::MetadataHashValue> descriptor_metadata_hash(Store& store, bindings::Borrow<wfs::Descriptor> self) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->metadata_hash());
  }
  FsResult<wfs::MetadataHashValue> descriptor_metadata_hash_at(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                               wfs::PathFlags flags, std::string path) override {
    auto d = get(store, self);
    if (!d) return d.error();
    return wit_result((*d)->metadata_hash_at(from_wit(flags), path));
  }
  FsResult<std::optional<wfs::DirectoryEntry>> directory_entry_stream_read_directory_entry(
      Store& store, bindings::Borrow<wfs::DirectoryEntryStream> self) override {
    auto s = ctx(store).table().get<DirectoryEntriesObject>(self.rep);
    if (!s) return s.error();
    return wit_result((*s)->stream.read_directory_entry());
  }
  Result<void> descriptor_drop(Store& store, uint32_t rep) override {
    return drop_object<DescriptorObject>(ctx(store), rep);
  }
  Result<void> directory_entry_stream_drop(Store& store, uint32_t rep) override {
    return drop_object<DirectoryEntriesObject>(ctx(store), rep);
  }

  static Result<bindings::Own<wfs::Descriptor>> new_descriptor(WasiP2Ctx& ctx, Descriptor d) {
    auto rep = ctx.table().push(std::make_unique<DescriptorObject>(std::move(d)));
    if (!rep) return rep.error();
    return bindings::Own<wfs::Descriptor>{*rep};
  }

 private:
  Result<const Descriptor*> get(Store& store, bindings::Borrow<wfs::Descriptor> handle) {
    auto object = ctx(store).table().get<DescriptorObject>(handle.rep);
    if (!object) return object.error();
    return &(*object)->descriptor;
  }
  FsResult<bindings::Own<wfs::OutputStream>> output(Store& store, bindings::Borrow<wfs::Descriptor> self,
                                                    FsOr<std::unique_ptr<FileOutputStream>> stream) {
    using W = bindings::WitResult<bindings::Own<wfs::OutputStream>, wfs::ErrorCode>;
    if (!stream) return W::err(to_wit(stream.error()));
    auto own = new_output_stream(ctx(store), std::move(*stream), self.rep);
    if (!own) return own.error();
    return W::ok(*own);
  }
};

class PreopensHost final : public wit::wasi::filesystem::preopens::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<std::tuple<bindings::Own<wfs::Descriptor>, std::string>>> get_directories(Store& store) override {
    WasiP2Ctx& c = ctx(store);
    std::vector<std::tuple<bindings::Own<wfs::Descriptor>, std::string>> out;
    for (const WasiP2Ctx::OpenPreopen& p : c.preopens()) {
      auto d = Descriptor::share_directory(p.dir_fd, p.read_only);
      if (!d) {
        const int e = errno;
        return Error(ErrorKind::Host, "wasi:filesystem/preopens: cannot share the preopen '" + p.guest_path +
                                          "': " + std::strerror(e));
      }
      auto own = TypesHost::new_descriptor(c, std::move(*d));
      if (!own) return own.error();
      out.emplace_back(*own, p.guest_path);
    }
    return out;
  }
};

template <class HostImpl, class Interface>
auto getter(std::shared_ptr<HostImpl> host) {
  return [host = std::move(host)](Store&) -> Interface& { return *host; };
}

}  // namespace

Result<void> add_filesystem_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                      const CtxLookup& lookup) {
  if (auto r = wfs::add_to_linker(linker, types, getter<TypesHost, wfs::Host>(std::make_shared<TypesHost>(lookup))); !r)
    return r;
  namespace preopens = wit::wasi::filesystem::preopens;
  return preopens::add_to_linker(linker, types,
                                 getter<PreopensHost, preopens::Host>(std::make_shared<PreopensHost>(lookup)));
}

}  // namespace stratus::wasi::p2
