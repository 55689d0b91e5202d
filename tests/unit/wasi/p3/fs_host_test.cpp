// wasi:filesystem@0.3.0 through the component path: p3_fs_probe (component-wat/) calls
// preopens.get-directories, open-at and create-directory-at through the Linker. 0.3's host
// resolves paths with the same sandbox as preview 1 and 0.2, so every escape fails with
// not-permitted, and a read-only preopen refuses writes.
#include <filesystem>

#include <gtest/gtest.h>

#include "../temp_tree.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wasi/p3/wasi_p3.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::Val;

// 0.3's error-code cases (no would-block, unlike 0.2), as p3_fs_probe returns them.
constexpr uint32_t kOk = 255;
constexpr uint32_t kExist = 6;
constexpr uint32_t kNoEntry = 19;
constexpr uint32_t kNotDirectory = 23;
constexpr uint32_t kNotPermitted = 30;

struct P3FsHostTest : ::testing::Test {
  Engine engine;
  testing::TempTree tree;
  std::unique_ptr<p2::WasiP2Ctx> ctx;
  std::optional<component::Component> probe;
  std::optional<component::Linker> linker;
  std::optional<Store> store;

  void SetUp() override {
    tree.file("box/inside.txt", "in");
    tree.file("ro/data.txt", "ro");
    tree.file("outside/secret.txt", "secret");
    tree.symlink("../outside", "box/link_out");
    tree.symlink("/etc", "box/link_abs");
    tree.symlink("inside.txt", "box/link_inside");
    tree.symlink("../outside/secret.txt", "box/link_secret");
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P3_TEST_WASM_DIR "/p3_fs_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
    p2::WasiP2Config config;
    config.preopens = {{tree.path("box").string(), "/box", false}, {tree.path("ro").string(), "/ro", true}};
    auto created = p2::WasiP2Ctx::create(config);
    ASSERT_TRUE(created) << created.error().message();
    ctx = std::move(*created);
    store.emplace(engine);
    store->set_user_data(ctx.get());
  }

  uint32_t call(const char* name, uint32_t preopen, const std::string& path) {
    auto instance = linker->instantiate(*store, *probe);
    EXPECT_TRUE(instance) << instance.error().message();
    if (!instance) return 0;
    auto f = instance->get_func(name);
    EXPECT_TRUE(f);
    if (!f) return 0;
    const std::vector<Val> args{Val(preopen), Val(path)};
    auto r = f->call(*store, args);
    EXPECT_TRUE(r) << r.error().message();
    return r && r->size() == 1 ? r->at(0).as<uint32_t>() : 0;
  }
};

TEST_F(P3FsHostTest, OpenAtStaysBeneathThePreopen) {
  EXPECT_EQ(call("open-error", 0, "inside.txt"), kOk);
  EXPECT_EQ(call("open-error", 0, "link_inside"), kOk);
  EXPECT_EQ(call("open-error", 0, "../outside/secret.txt"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "/etc/passwd"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "link_out/secret.txt"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "link_secret"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "link_abs/passwd"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "inside.txt/"), kNotDirectory);
  EXPECT_EQ(call("open-error", 0, "missing"), kNoEntry);
}

TEST_F(P3FsHostTest, CreatingThroughASymlinkOutIsRefused) {
  EXPECT_EQ(call("create-error", 0, "link_out/made.txt"), kNotPermitted);
  EXPECT_EQ(call("mkdir-error", 0, "../made"), kNotPermitted);
  EXPECT_EQ(call("mkdir-error", 0, "link_out/made"), kNotPermitted);
  EXPECT_FALSE(std::filesystem::exists(tree.path("outside/made.txt")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("outside/made")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("made")));
  EXPECT_EQ(call("create-error", 0, "made.txt"), kOk);
  EXPECT_TRUE(std::filesystem::is_regular_file(tree.path("box/made.txt")));
  EXPECT_EQ(call("mkdir-error", 0, "made"), kOk);
  EXPECT_EQ(call("mkdir-error", 0, "made"), kExist);
}

TEST_F(P3FsHostTest, ReadOnlyPreopenRefusesWrites) {
  EXPECT_EQ(call("open-error", 1, "data.txt"), kOk);
  EXPECT_EQ(call("create-error", 1, "new.txt"), kNotPermitted);
  EXPECT_EQ(call("create-error", 1, "data.txt"), kNotPermitted);
  EXPECT_EQ(call("mkdir-error", 1, "made"), kNotPermitted);
  EXPECT_FALSE(std::filesystem::exists(tree.path("ro/new.txt")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("ro/made")));
}

}  // namespace
}  // namespace stratus::wasi::p3
