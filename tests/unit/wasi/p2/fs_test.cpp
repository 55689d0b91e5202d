// wasi:filesystem over the preview-1 sandbox: every escape from a preopen fails with the
// code the WIT gives it, read-only preopens refuse every write, and the descriptor methods
// do what the WIT says. The sandbox cases run through openat2 and through the fallback walk.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../temp_tree.hpp"
#include "wasi/p2/fs_descriptor.hpp"
#include "wasi/p2/fs_file_stream.hpp"
#include "wasi/sandbox.hpp"

namespace stratus::wasi::p2 {
namespace {

using C = FsErrorCode;
constexpr PathFlags kNoFollow{};
constexpr PathFlags kFollow{true};
constexpr DescriptorFlags kRead{.read = true};
constexpr DescriptorFlags kReadWrite{.read = true, .write = true};
constexpr OpenFlags kNoOpen{};
constexpr OpenFlags kCreate{.create = true};

template <class T>
C code(const FsOr<T>& r) {
  EXPECT_FALSE(r.ok());
  return r.ok() ? C::Io : r.error();
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class P2Fs : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    force_component_walk_for_testing(GetParam());
    tree.dir("box/sub");
    tree.dir("other");
    tree.dir("ro/inner");
    tree.file("box/file.txt", "inside");
    tree.file("ro/data.txt", "read only");
    tree.file("outside/secret.txt", "secret");
    tree.symlink("../outside", "box/link_out");
    tree.symlink("/etc", "box/link_abs");
    tree.symlink("sub/../../outside/secret.txt", "box/link_sneaky");
    tree.symlink("file.txt", "box/link_in");
    auto open_dir = [&](const char* name, bool read_only) {
      auto dir = Descriptor::open_directory(tree.path(name).string(), read_only);
      EXPECT_TRUE(dir.ok());
      // The copy get-directories would hand out: its own descriptor on the directory.
      auto shared = Descriptor::share_directory(dir->host_fd(), read_only);
      EXPECT_TRUE(shared.ok());
      EXPECT_TRUE(shared->is_same_object(*dir));
      return *shared;
    };
    box.emplace(open_dir("box", false));
    other.emplace(open_dir("other", false));
    ro.emplace(open_dir("ro", true));
  }
  void TearDown() override { force_component_walk_for_testing(false); }

  FsOr<Descriptor> open(const Descriptor& dir, std::string_view path, DescriptorFlags flags = kRead,
                        OpenFlags oflags = kNoOpen, PathFlags pflags = kFollow) {
    return dir.open_at(pflags, path, oflags, flags);
  }

  testing::TempTree tree;
  std::optional<Descriptor> box, other, ro;
};

TEST_P(P2Fs, EscapesThroughDotDotFail) {
  EXPECT_EQ(code(open(*box, "../outside/secret.txt")), C::NotPermitted);
  EXPECT_EQ(code(open(*box, "sub/../../outside/secret.txt")), C::NotPermitted);
  EXPECT_EQ(code(box->stat_at(kFollow, "..")), C::NotPermitted);
  EXPECT_EQ(code(box->create_directory_at("../made")), C::NotPermitted);
  EXPECT_FALSE(std::filesystem::exists(tree.path("made")));
  EXPECT_EQ(code(box->unlink_file_at("../outside/secret.txt")), C::NotPermitted);
  EXPECT_TRUE(std::filesystem::exists(tree.path("outside/secret.txt")));
  EXPECT_TRUE(open(*box, "sub/../file.txt").ok());
}

TEST_P(P2Fs, AbsolutePathsFail) {
  EXPECT_EQ(code(open(*box, "/etc/passwd")), C::NotPermitted);
  EXPECT_EQ(code(box->stat_at(kNoFollow, "/")), C::NotPermitted);
  EXPECT_EQ(code(box->create_directory_at("/tmp/stratus-p2-made")), C::NotPermitted);
  EXPECT_EQ(code(box->readlink_at("/etc")), C::NotPermitted);
}

TEST_P(P2Fs, SymlinksOutFail) {
  EXPECT_EQ(code(open(*box, "link_out/secret.txt")), C::NotPermitted);
  EXPECT_EQ(code(open(*box, "link_abs/passwd")), C::NotPermitted);
  EXPECT_EQ(code(open(*box, "link_sneaky")), C::NotPermitted);
  EXPECT_EQ(code(box->stat_at(kFollow, "link_out")), C::NotPermitted);
  EXPECT_EQ(code(box->set_times_at(kFollow, "link_sneaky", NewTimestamp::now(), NewTimestamp::now())),
            C::NotPermitted);
  // Not following, the link itself is what is named, and it is inside.
  auto st = box->stat_at(kNoFollow, "link_out");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->type, DescriptorType::SymbolicLink);
  EXPECT_EQ(code(open(*box, "link_in", kRead, kNoOpen, kNoFollow)), C::Loop);
  EXPECT_TRUE(open(*box, "link_in").ok());
}

TEST_P(P2Fs, SymlinkAtTargetsMayNotBeAbsolute) {
  EXPECT_EQ(code(box->symlink_at("/etc/passwd", "planted")), C::NotPermitted);
  EXPECT_FALSE(std::filesystem::is_symlink(tree.path("box/planted")));
  // A relative target leading out can be made, but never followed.
  ASSERT_TRUE(box->symlink_at("../outside/secret.txt", "up").ok());
  EXPECT_EQ(code(open(*box, "up")), C::NotPermitted);
  auto text = box->readlink_at("up");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "../outside/secret.txt");
}

TEST_P(P2Fs, TrailingSlashTricks) {
  EXPECT_EQ(code(open(*box, "file.txt/")), C::NotDirectory);
  EXPECT_EQ(code(box->stat_at(kNoFollow, "file.txt/")), C::NotDirectory);
  EXPECT_EQ(code(box->unlink_file_at("file.txt/")), C::NotDirectory);
  EXPECT_EQ(code(open(*box, "link_out/")), C::NotPermitted);
  EXPECT_EQ(code(box->stat_at(kNoFollow, "link_out/")), C::NotPermitted);
  EXPECT_EQ(code(box->readlink_at("link_out/")), C::NotPermitted);
  EXPECT_EQ(code(box->symlink_at("file.txt", "new/")), C::NoEntry);
  EXPECT_EQ(code(box->symlink_at("file.txt", "file.txt/")), C::NotDirectory);
  EXPECT_EQ(code(box->symlink_at("file.txt", "sub/")), C::Exist);
  EXPECT_TRUE(box->create_directory_at("made/").ok());
  EXPECT_TRUE(std::filesystem::is_directory(tree.path("box/made")));
  EXPECT_TRUE(open(*box, "sub/").ok());
}

TEST_P(P2Fs, HardLinkOutFails) {
  EXPECT_EQ(code(box->link_at(kNoFollow, "file.txt", *box, "../stolen")), C::NotPermitted);
  EXPECT_EQ(code(box->link_at(kNoFollow, "../outside/secret.txt", *box, "copy")), C::NotPermitted);
  EXPECT_EQ(code(box->link_at(kNoFollow, "link_out/secret.txt", *box, "copy")), C::NotPermitted);
  EXPECT_EQ(code(box->link_at(kNoFollow, "file.txt", *box, "/tmp/stolen")), C::NotPermitted);
  EXPECT_EQ(code(box->link_at(kFollow, "link_in", *box, "copy")), C::Invalid);
  EXPECT_FALSE(std::filesystem::exists(tree.path("stolen")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("box/copy")));
  // Between two writable preopens, each path beneath its own.
  ASSERT_TRUE(box->link_at(kNoFollow, "file.txt", *other, "linked.txt").ok());
  EXPECT_EQ(slurp(tree.path("other/linked.txt")), "inside");
}

TEST_P(P2Fs, RenameOutFails) {
  EXPECT_EQ(code(box->rename_at("file.txt", *box, "../moved")), C::NotPermitted);
  EXPECT_EQ(code(box->rename_at("../outside/secret.txt", *box, "moved")), C::NotPermitted);
  EXPECT_EQ(code(box->rename_at("link_out/secret.txt", *box, "moved")), C::NotPermitted);
  EXPECT_EQ(code(box->rename_at("file.txt", *box, "link_out/moved")), C::NotPermitted);
  EXPECT_TRUE(std::filesystem::exists(tree.path("box/file.txt")));
  EXPECT_TRUE(std::filesystem::exists(tree.path("outside/secret.txt")));
  ASSERT_TRUE(box->rename_at("file.txt", *other, "moved.txt").ok());
  EXPECT_EQ(slurp(tree.path("other/moved.txt")), "inside");
}

TEST_P(P2Fs, ReadOnlyPreopenRefusesEveryWrite) {
  EXPECT_EQ(code(open(*ro, "data.txt", kReadWrite)), C::NotPermitted);
  EXPECT_EQ(code(open(*ro, "new.txt", kRead, kCreate)), C::NotPermitted);
  EXPECT_EQ(code(open(*ro, "data.txt", kRead, OpenFlags{.truncate = true})), C::NotPermitted);
  EXPECT_EQ(code(ro->create_directory_at("d")), C::NotPermitted);
  EXPECT_EQ(code(ro->unlink_file_at("data.txt")), C::NotPermitted);
  EXPECT_EQ(code(ro->remove_directory_at("inner")), C::NotPermitted);
  EXPECT_EQ(code(ro->symlink_at("data.txt", "l")), C::NotPermitted);
  EXPECT_EQ(code(ro->rename_at("data.txt", *ro, "renamed.txt")), C::NotPermitted);
  EXPECT_EQ(code(ro->set_times_at(kNoFollow, "data.txt", NewTimestamp::now(), NewTimestamp::now())),
            C::NotPermitted);
  EXPECT_EQ(code(ro->set_times(NewTimestamp::now(), NewTimestamp::now())), C::NotPermitted);
  // Across preopens: nothing moves in or out of a read-only one, and no link to its files
  // can be made where they could be written.
  EXPECT_EQ(code(ro->rename_at("data.txt", *box, "taken.txt")), C::NotPermitted);
  EXPECT_EQ(code(box->rename_at("file.txt", *ro, "given.txt")), C::NotPermitted);
  EXPECT_EQ(code(ro->link_at(kNoFollow, "data.txt", *box, "writable.txt")), C::NotPermitted);
  EXPECT_EQ(code(box->link_at(kNoFollow, "file.txt", *ro, "planted.txt")), C::NotPermitted);

  auto file = open(*ro, "data.txt");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(code(file->set_size(0)), C::NotPermitted);
  EXPECT_EQ(code(file->set_times(NewTimestamp::now(), NewTimestamp::no_change())), C::NotPermitted);
  const uint8_t bytes[] = {'x'};
  EXPECT_EQ(code(file->write(bytes, 0)), C::BadDescriptor);
  EXPECT_EQ(code(file->write_via_stream(0)), C::BadDescriptor);
  EXPECT_EQ(code(file->append_via_stream()), C::BadDescriptor);
  auto inner = open(*ro, "inner");
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(code(inner->create_directory_at("d")), C::NotPermitted);
  auto flags = ro->get_flags();
  ASSERT_TRUE(flags.ok());
  EXPECT_FALSE(flags->mutate_directory);

  // Reading is still allowed, and nothing changed.
  auto read = file->read(100, 0);
  ASSERT_TRUE(read.ok());
  auto& [data, end] = *read;
  EXPECT_EQ(std::string(data.begin(), data.end()), "read only");
  EXPECT_FALSE(end);
  EXPECT_TRUE(ro->stat_at(kNoFollow, "data.txt").ok());
  EXPECT_EQ(slurp(tree.path("ro/data.txt")), "read only");
  EXPECT_TRUE(std::filesystem::exists(tree.path("ro/inner")));
}

TEST_P(P2Fs, ReadWriteAndStreams) {
  auto file = open(*box, "new.txt", kReadWrite, kCreate);
  ASSERT_TRUE(file.ok());
  const std::string hello = "hello";
  auto n = file->write({reinterpret_cast<const uint8_t*>(hello.data()), hello.size()}, 2);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5u);
  auto out = file->append_via_stream();
  ASSERT_TRUE(out.ok());
  auto permit = (*out)->check_write();
  ASSERT_TRUE(permit.ok());
  EXPECT_EQ(*permit, kOutputBudget);
  const std::string tail = "!";
  ASSERT_TRUE((*out)->write({reinterpret_cast<const uint8_t*>(tail.data()), tail.size()}).ok());
  auto in = file->read_via_stream(2);
  ASSERT_TRUE(in.ok());
  auto chunk = (*in)->read(3);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(std::string(chunk->begin(), chunk->end()), "hel");
  chunk = (*in)->read(100);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(std::string(chunk->begin(), chunk->end()), "lo!");
  chunk = (*in)->read(100);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().kind, StreamError::Kind::Closed);
  auto at = file->write_via_stream(0);
  ASSERT_TRUE(at.ok());
  ASSERT_TRUE((*at)->write(std::vector<uint8_t>{'H'}).ok());
  EXPECT_FALSE((*at)->write(std::vector<uint8_t>(kOutputBudget + 1)).ok());  // past the permit
  auto st = file->stat();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->type, DescriptorType::RegularFile);
  EXPECT_EQ(st->size, 8u);
  EXPECT_TRUE(st->data_modification_timestamp.has_value());
  EXPECT_EQ(slurp(tree.path("box/new.txt")), std::string("H\0hello!", 8));
  ASSERT_TRUE(file->set_size(3).ok());
  EXPECT_EQ(std::filesystem::file_size(tree.path("box/new.txt")), 3u);
  // A hostile length is served in bounded chunks, never allocated whole.
  auto huge = file->read(UINT64_MAX, 0);
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(std::get<0>(*huge).size(), 3u);
  EXPECT_FALSE(std::get<1>(*huge));
  auto past = file->read(10, 3);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(std::get<1>(*past));
  EXPECT_EQ(code(box->read(1, 0)), C::BadDescriptor);
  EXPECT_EQ(code(file->create_directory_at("x")), C::NotDirectory);
}

TEST_P(P2Fs, OpenAtFlags) {
  EXPECT_EQ(code(open(*box, "file.txt", kRead, OpenFlags{.create = true, .exclusive = true})), C::Exist);
  EXPECT_EQ(code(open(*box, "missing")), C::NoEntry);
  EXPECT_EQ(code(open(*box, "file.txt", kRead, OpenFlags{.directory = true})), C::NotDirectory);
  EXPECT_EQ(code(open(*box, "sub", kRead, OpenFlags{.create = true, .directory = true})), C::Invalid);
  EXPECT_EQ(code(open(*box, "sub", kReadWrite)), C::IsDirectory);
  auto sub = open(*box, "sub", kRead, OpenFlags{.directory = true});
  ASSERT_TRUE(sub.ok());
  EXPECT_TRUE(sub->is_directory());
  auto type = sub->get_type();
  ASSERT_TRUE(type.ok());
  EXPECT_EQ(*type, DescriptorType::Directory);
  auto flags = sub->get_flags();
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->read);
  EXPECT_TRUE(flags->mutate_directory);
  auto file = open(*box, "file.txt");
  ASSERT_TRUE(file.ok());
  flags = file->get_flags();
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->read);
  EXPECT_FALSE(flags->write);
}

TEST_P(P2Fs, DirectoryEntriesAndIdentity) {
  auto stream = box->read_directory();
  ASSERT_TRUE(stream.ok());
  std::set<std::string> names;
  for (;;) {
    auto entry = stream->read_directory_entry();
    ASSERT_TRUE(entry.ok());
    if (!entry->has_value()) break;
    names.insert((*entry)->name);
    if ((*entry)->name == "sub") EXPECT_EQ((*entry)->type, DescriptorType::Directory);
    if ((*entry)->name == "link_out") EXPECT_EQ((*entry)->type, DescriptorType::SymbolicLink);
  }
  EXPECT_EQ(names, (std::set<std::string>{"file.txt", "link_abs", "link_in", "link_out", "link_sneaky", "sub"}));

  auto a = open(*box, "file.txt");
  auto b = open(*box, "link_in");
  auto c = open(*box, "sub");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->is_same_object(*b));
  EXPECT_FALSE(a->is_same_object(*c));
  auto ha = a->metadata_hash();
  auto hb = box->metadata_hash_at(kFollow, "link_in");
  auto hl = box->metadata_hash_at(kNoFollow, "link_in");
  ASSERT_TRUE(ha.ok() && hb.ok() && hl.ok());
  EXPECT_EQ(*ha, *hb);
  EXPECT_FALSE(*ha == *hl);
  EXPECT_EQ(code(box->metadata_hash_at(kFollow, "link_out")), C::NotPermitted);
}

TEST_P(P2Fs, RemoveAndTimes) {
  ASSERT_TRUE(box->set_times_at(kNoFollow, "file.txt", NewTimestamp::at({1000, 5}), NewTimestamp::at({2000, 7}))
                  .ok());
  auto st = box->stat_at(kNoFollow, "file.txt");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->data_modification_timestamp.has_value());
  EXPECT_EQ(st->data_modification_timestamp->seconds, 2000u);
  EXPECT_EQ(st->data_modification_timestamp->nanoseconds, 7u);
  EXPECT_EQ(code(box->set_times_at(kNoFollow, "file.txt", NewTimestamp::at({0, 1'000'000'000}),
                                   NewTimestamp::no_change())),
            C::Invalid);
  EXPECT_EQ(code(box->remove_directory_at("file.txt")), C::NotDirectory);
  // With a trailing slash the name is the directory the symlink points to: outside is an escape.
  EXPECT_EQ(code(box->remove_directory_at("link_out/")), C::NotPermitted);
  EXPECT_EQ(code(box->remove_directory_at("link_out")), C::NotDirectory);
  EXPECT_TRUE(std::filesystem::is_directory(tree.path("outside")));
  EXPECT_EQ(code(box->unlink_file_at("sub")), C::IsDirectory);
  ASSERT_TRUE(box->remove_directory_at("sub").ok());
  ASSERT_TRUE(box->unlink_file_at("link_out").ok());
  EXPECT_TRUE(std::filesystem::exists(tree.path("outside/secret.txt")));
}

TEST_P(P2Fs, HostileInputIsAnErrorNotACrash) {
  EXPECT_EQ(code(open(*box, std::string("file.txt\0x", 10))), C::Invalid);
  EXPECT_EQ(code(open(*box, "")), C::NoEntry);
  EXPECT_EQ(code(open(*box, std::string(5000, 'a'))), C::NameTooLong);
  auto file = open(*box, "file.txt");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(code(file->advise(0, UINT64_MAX, Advice::Normal)), C::Invalid);
  auto past = file->read(10, UINT64_MAX);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(std::get<1>(*past));
  auto in = file->read_via_stream(2);
  ASSERT_TRUE(in.ok());
  auto skipped = (*in)->skip(UINT64_MAX);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(*skipped, 4u);  // "side": the rest of "inside"
  EXPECT_FALSE((*in)->skip(1).ok());  // then closed
}

TEST_P(P2Fs, NonUtf8NamesAreIllegalByteSequence) {
  const std::string bad = "bad\xff";
  ASSERT_TRUE(std::ofstream(tree.path("box") / bad).good());
  ASSERT_TRUE(box->symlink_at("\xff", "link_bad").ok());
  EXPECT_EQ(code(box->readlink_at("link_bad")), C::IllegalByteSequence);
  auto stream = box->read_directory();
  ASSERT_TRUE(stream.ok());
  int illegal = 0, names = 0;
  for (int i = 0; i < 100; ++i) {
    auto entry = stream->read_directory_entry();
    if (!entry.ok()) {
      EXPECT_EQ(entry.error(), C::IllegalByteSequence);
      ++illegal;
      continue;
    }
    if (!entry->has_value()) break;
    ++names;
  }
  EXPECT_EQ(illegal, 1);
  EXPECT_EQ(names, 7);  // the six of SetUp and link_bad; the stream went on past the bad one
}

INSTANTIATE_TEST_SUITE_P(Resolution, P2Fs, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "walk" : "openat2"; });

}  // namespace
}  // namespace stratus::wasi::p2
