// RuntimeBuilder knobs, their defaults and checks, experimental features and gating.
#include <string>

#include "support.hpp"

namespace stratus {
namespace {

using test::ok;

TEST(RuntimeBuilder, DefaultsAreWasmCloudsRuntime) {
  RuntimeBuilder builder;
  const RuntimeSettings& s = builder.settings();
  EXPECT_EQ(s.max_components, 10'000u);
  EXPECT_EQ(s.max_core_instances_per_component, 30u);
  EXPECT_EQ(s.max_component_size, uint64_t{50} << 20);
  EXPECT_EQ(s.max_linear_memory, uint64_t{256} << 20);
  EXPECT_EQ(s.max_execution_time, std::chrono::minutes(10));
  EXPECT_FALSE(s.component_config.require_signature);
  EXPECT_FALSE(s.force_pooling_allocator);
  EXPECT_EQ(s.experimental_features, ExperimentalFeatures::None);
}

TEST(RuntimeBuilder, SettersAreKept) {
  RuntimeBuilder b;
  b.max_components(5)
      .max_core_instances_per_component(2)
      .max_component_size(1000)
      .max_linear_memory(2 * kPageSize)
      .component_config({true})
      .force_pooling_allocator()
      .experimental_features(ExperimentalFeatures::RpcInterface);
  const RuntimeSettings& s = b.settings();
  EXPECT_EQ(s.max_components, 5u);
  EXPECT_EQ(s.max_core_instances_per_component, 2u);
  EXPECT_EQ(s.max_component_size, 1000u);
  EXPECT_EQ(s.max_linear_memory, 2 * kPageSize);
  EXPECT_TRUE(s.component_config.require_signature);
  EXPECT_TRUE(s.force_pooling_allocator);
  EXPECT_EQ(s.experimental_features, ExperimentalFeatures::RpcInterface);
}

TEST(RuntimeBuilder, ExecutionTimeIsAtLeastOneWholeSecond) {
  RuntimeBuilder b;
  EXPECT_EQ(b.max_execution_time(std::chrono::milliseconds(1)).settings().max_execution_time, std::chrono::seconds(1));
  EXPECT_EQ(b.max_execution_time(std::chrono::milliseconds(-5)).settings().max_execution_time, std::chrono::seconds(1));
  EXPECT_EQ(b.max_execution_time(std::chrono::milliseconds(2999)).settings().max_execution_time, std::chrono::seconds(2));
  EXPECT_EQ(b.max_execution_time(std::chrono::seconds(90)).settings().max_execution_time, std::chrono::seconds(90));
}

void expect_config_error(const RuntimeBuilder& b, const std::string& mentions) {
  auto r = b.build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Config);
  EXPECT_NE(r.error().message().find(mentions), std::string::npos) << r.error().message();
}

TEST(RuntimeBuilder, NonsenseSettingsAreErrorsThatSayWhatIsWrong) {
  expect_config_error(test::small_builder().max_components(0), "max_components");
  expect_config_error(test::small_builder().max_core_instances_per_component(0), "max_core_instances_per_component");
  expect_config_error(test::small_builder().max_component_size(0), "max_component_size");
  expect_config_error(test::small_builder().max_linear_memory(0), "max_linear_memory");
  expect_config_error(test::small_builder().max_linear_memory(100'000), "64 KiB pages");
  expect_config_error(test::small_builder().max_linear_memory(uint64_t{8} << 30), "4 GiB");
}

TEST(RuntimeBuilder, BuildsWithSmallSettings) {
  Runtime runtime = ok(test::small_builder().build());
  EXPECT_EQ(runtime.settings().max_components, 8u);
  EXPECT_TRUE(runtime.bounds_checks() == BoundsChecks::GuardPages || runtime.bounds_checks() == BoundsChecks::Explicit);
  EXPECT_EQ(runtime.engine().limits().max_instances, 8u);
  EXPECT_EQ(runtime.engine().limits().max_memory_bytes, uint64_t{1} << 20);
}

TEST(RuntimeBuilder, WasmStackSetsTheEngineStackAndCallDepth) {
  EXPECT_EQ(RuntimeBuilder().settings().max_wasm_stack, kDefaultMaxWasmStack);
  EXPECT_EQ(RuntimeBuilder().settings().max_call_depth, kDefaultMaxCallDepth);
  Runtime runtime = ok(test::small_builder().max_wasm_stack(size_t{64} << 10).build());
  EXPECT_EQ(runtime.engine().config().max_wasm_stack, size_t{64} << 10);
  EXPECT_EQ(runtime.engine().config().max_call_depth, 2048u);  // a call per 32 bytes
  expect_config_error(test::small_builder().max_wasm_stack(100), "max_wasm_stack");
}

TEST(RuntimeBuilder, WithoutPoolingItAllocatesOnDemandAndForcingPoolsAnyway) {
  Runtime on_demand = ok(test::small_builder().pooling_allocator(false).build());
  EXPECT_FALSE(on_demand.pooling());
  EXPECT_EQ(on_demand.engine().allocation(), InstanceAllocation::OnDemand);
  // No pool, so no pool-sized cap on tables either.
  EXPECT_EQ(on_demand.engine().limits().max_table_elements, ResourceLimits{}.max_table_elements);
  Runtime forced = ok(test::small_builder().pooling_allocator(false).force_pooling_allocator().build());
  EXPECT_TRUE(forced.pooling());
}

TEST(RuntimeBuilder, NoExecutionTimeLimitGivesStoresNoDeadlineAndStartsNoTicker) {
  Runtime runtime = ok(test::small_builder().no_execution_time_limit().build());
  EXPECT_EQ(runtime.settings().max_execution_time, kNoExecutionTimeLimit);
  EXPECT_FALSE(runtime.engine().config().epochs.ticker);
  EXPECT_EQ(runtime.engine().config().epochs.store_deadline_ticks, UINT64_MAX);
  Store store(runtime.engine());
  EXPECT_EQ(store.epoch_deadline(), UINT64_MAX);
  Runtime limited = ok(test::small_builder().max_execution_time(std::chrono::seconds(3)).build());
  EXPECT_TRUE(limited.engine().config().epochs.ticker);
  EXPECT_EQ(limited.engine().config().epochs.store_deadline_ticks, 4u);
}

TEST(RuntimeBuilder, VersionNamesStratus) { EXPECT_EQ(Runtime::version().rfind("stratus ", 0), 0u); }

TEST(ExperimentalFeatures, CombineWithOr) {
  const auto both = ExperimentalFeatures::RpcInterface | ExperimentalFeatures::WasmcloudMessagingV3;
  EXPECT_TRUE(has(both, ExperimentalFeatures::RpcInterface));
  EXPECT_TRUE(has(both, ExperimentalFeatures::WasmcloudMessagingV3));
  EXPECT_FALSE(has(both, ExperimentalFeatures::WorkloadIdentityInterface));
  EXPECT_EQ(to_string(both), "wasmcloud-messaging-v3, rpc-interface");
  EXPECT_EQ(to_string(ExperimentalFeatures::None), "none");
}

TEST(ExperimentalFeatures, ParseKebabAndSnakeCase) {
  EXPECT_EQ(ok(parse_experimental_feature("wasmcloud-messaging-v3")), ExperimentalFeatures::WasmcloudMessagingV3);
  EXPECT_EQ(ok(parse_experimental_feature("wasmcloud_messaging_v3")), ExperimentalFeatures::WasmcloudMessagingV3);
  EXPECT_EQ(ok(parse_experimental_feature("workload_identity_interface")),
            ExperimentalFeatures::WorkloadIdentityInterface);
  EXPECT_EQ(ok(parse_experimental_feature("rpc-interface")), ExperimentalFeatures::RpcInterface);
  EXPECT_EQ(ok(parse_experimental_features("rpc-interface, workload_identity_interface")),
            ExperimentalFeatures::RpcInterface | ExperimentalFeatures::WorkloadIdentityInterface);
  EXPECT_EQ(ok(parse_experimental_features("")), ExperimentalFeatures::None);
}

TEST(ExperimentalFeatures, UnknownNameIsReportedNotIgnored) {
  auto one = parse_experimental_feature("rpc-interfaces");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().kind(), ErrorKind::Config);
  EXPECT_NE(one.error().message().find("\"rpc-interfaces\""), std::string::npos);
  EXPECT_NE(one.error().message().find("rpc-interface"), std::string::npos);  // lists the known ones
  EXPECT_FALSE(parse_experimental_features("rpc-interface,bogus").ok());
}

TEST(ExperimentalFeatures, GatedInstancesAreSkippedUnlessEnabled) {
  const char* messaging[] = {"wasmcloud:messaging/producer@0.3.0", "wasmcloud:messaging/request-reply@0.3.0",
                             "wasmcloud:messaging/types@0.3.0"};
  const char* rpc[] = {"wrpc:rpc/context@0.1.0", "wrpc:rpc/error@0.1.0", "wrpc:rpc/invoker@0.1.0",
                       "wrpc:rpc/transport@0.1.0"};
  const auto none = ExperimentalFeatures::None;
  for (const char* name : messaging) {
    EXPECT_TRUE(skip_feature_gated_instance(none, name)) << name;
    EXPECT_FALSE(skip_feature_gated_instance(ExperimentalFeatures::WasmcloudMessagingV3, name)) << name;
    EXPECT_TRUE(skip_feature_gated_instance(ExperimentalFeatures::RpcInterface, name)) << name;
  }
  for (const char* name : rpc) {
    EXPECT_TRUE(skip_feature_gated_instance(none, name)) << name;
    EXPECT_FALSE(skip_feature_gated_instance(ExperimentalFeatures::RpcInterface, name)) << name;
  }
  EXPECT_TRUE(skip_feature_gated_instance(none, "wasmcloud:identity/store@0.0.1"));
  EXPECT_FALSE(skip_feature_gated_instance(ExperimentalFeatures::WorkloadIdentityInterface,
                                           "wasmcloud:identity/store@0.0.1"));
  // Not gated: never skipped; other versions of a gated interface are not gated either.
  EXPECT_FALSE(skip_feature_gated_instance(none, "wasi:http/incoming-handler@0.2.0"));
  EXPECT_FALSE(skip_feature_gated_instance(none, "wasmcloud:messaging/producer@0.2.0"));

  Runtime runtime = ok(test::small_builder().experimental_features(ExperimentalFeatures::RpcInterface).build());
  EXPECT_FALSE(runtime.skip_feature_gated_instance("wrpc:rpc/invoker@0.1.0"));
  EXPECT_TRUE(runtime.skip_feature_gated_instance("wasmcloud:identity/store@0.0.1"));
}

}  // namespace
}  // namespace stratus
