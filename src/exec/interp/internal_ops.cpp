// The run-time description of each layout in internal_ops.def, for the disassembler.
#include "exec/interp/internal_ops.hpp"

namespace stratus::exec::op {
namespace {

// Each list starts with a placeholder so layouts without fields still have an array.
#define STRATUS_LAYOUT(Name)            \
  struct Name##Info {                   \
    using L = Name;                     \
    static constexpr FieldInfo list[] = {{"", FieldKind::Pad, 0},
#define STRATUS_FIELD(K, n) {#n, field_kind_of<kind::K>(), L::n.word},
#define STRATUS_END \
  }                 \
  ;                 \
  }                 \
  ;
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END

constexpr LayoutInfo kLayouts[] = {
#define STRATUS_LAYOUT(Name) \
  {#Name, Name::fields, Name::slots, Name##Info::list + 1, static_cast<unsigned>(std::size(Name##Info::list) - 1)},
#define STRATUS_FIELD(K, n)
#define STRATUS_END
#include "exec/interp/internal_ops.def"
#undef STRATUS_LAYOUT
#undef STRATUS_FIELD
#undef STRATUS_END
};
static_assert(std::size(kLayouts) == static_cast<size_t>(LayoutId::Count_));

}  // namespace

const LayoutInfo& layout_info(LayoutId id) { return kLayouts[static_cast<size_t>(id)]; }

}  // namespace stratus::exec::op
