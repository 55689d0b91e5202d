// Tables whose elements live on the heap: growth may move them, which TableInst allows for.
#include <new>
#include <string>
#include <vector>

#include "alloc/instance_allocator.hpp"

namespace stratus::alloc {

namespace {

class HeapTableBacking final : public exec::TableBacking {
 public:
  explicit HeapTableBacking(uint64_t initial) : elems_(initial, nullptr) {}
  void** data() const override { return elems_.data(); }
  bool grow_to(uint64_t new_size) override {
    if (new_size <= elems_.size()) return true;
    try {
      elems_.resize(new_size, nullptr);
    } catch (const std::bad_alloc&) {
      return false;
    }
    return true;
  }

 private:
  mutable std::vector<void*> elems_;
};

}  // namespace

Result<std::unique_ptr<exec::TableBacking>> heap_table(uint64_t initial_elements) {
  try {
    return std::unique_ptr<exec::TableBacking>(std::make_unique<HeapTableBacking>(initial_elements));
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Resource, "cannot allocate a table of " + std::to_string(initial_elements) + " elements");
  }
}

Result<std::unique_ptr<exec::TableBacking>> InstanceAllocator::allocate_table(const TableRequest& request) {
  return heap_table(request.type.limits.min);
}

}  // namespace stratus::alloc
