// Struct returns under the experimental multi-value ABI: functions with several results.
#include "common.h"

typedef struct { int32_t a; int64_t b; } pair;
typedef struct { float x; double y; int32_t z; } triple;

NOINLINE pair make_pair(int32_t a, int64_t b) { pair p = {a * 3 + 1, b ^ (int64_t)a}; return p; }
NOINLINE triple make_triple(float x, double y, int32_t z) { triple t = {x * 2.0f, y - (double)z, z + 1}; return t; }
EXPORT int64_t use_pair(int32_t a, int64_t b) {
  pair p = make_pair(a, b);
  pair q = make_pair(p.a, p.b);
  return q.b + q.a;
}
EXPORT double use_triple(float x, double y, int32_t z) {
  triple t = make_triple(x, y, z);
  triple u = make_triple(t.x, t.y, t.z);
  return (double)u.x + u.y + (double)u.z;
}
