// wasi:filesystem through the component path: fs_probe (component-wat/fs_probe.wat) calls
// preopens.get-directories, open-at and create-directory-at through the Linker, and every
// escape fails with not-permitted, as in the preview-1 path; a read-only preopen refuses.
#include <gtest/gtest.h>

#include <filesystem>

#include "../temp_tree.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

using component::Val;

// error-code's cases, as fs_probe returns them.
constexpr uint32_t kOk = 255;
constexpr uint32_t kExist = 7;
constexpr uint32_t kNoEntry = 20;
constexpr uint32_t kNotDirectory = 24;
constexpr uint32_t kNotPermitted = 31;

struct FsHostTest : ::testing::Test {
  Engine engine;
  testing::TempTree tree;
  std::unique_ptr<WasiP2Ctx> ctx;
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
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P2_TEST_WASM_DIR "/fs_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
    WasiP2Config config;
    config.preopens = {{tree.path("box").string(), "/box", false}, {tree.path("ro").string(), "/ro", true}};
    auto created = WasiP2Ctx::create(config);
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

TEST_F(FsHostTest, EscapesFailAsInPreviewOne) {
  EXPECT_EQ(call("open-error", 0, "inside.txt"), kOk);
  EXPECT_EQ(call("open-error", 0, "link_inside"), kOk);
  EXPECT_EQ(call("open-error", 0, "../outside/secret.txt"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "/etc/passwd"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "link_out/secret.txt"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "link_abs/passwd"), kNotPermitted);
  EXPECT_EQ(call("open-error", 0, "inside.txt/"), kNotDirectory);
  EXPECT_EQ(call("open-error", 0, "missing"), kNoEntry);
  EXPECT_EQ(call("mkdir-error", 0, "../made"), kNotPermitted);
  EXPECT_EQ(call("mkdir-error", 0, "link_out/made"), kNotPermitted);
  EXPECT_FALSE(std::filesystem::exists(tree.path("made")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("outside/made")));
  EXPECT_EQ(call("mkdir-error", 0, "made"), kOk);
  EXPECT_EQ(call("mkdir-error", 0, "made"), kExist);
  EXPECT_TRUE(std::filesystem::is_directory(tree.path("box/made")));
}

TEST_F(FsHostTest, ReadOnlyPreopenRefusesWrites) {
  EXPECT_EQ(call("open-error", 1, "data.txt"), kOk);
  EXPECT_EQ(call("mkdir-error", 1, "made"), kNotPermitted);
  EXPECT_FALSE(std::filesystem::exists(tree.path("ro/made")));
}

}  // namespace
}  // namespace stratus::wasi::p2
