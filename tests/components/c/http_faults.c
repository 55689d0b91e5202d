// Handlers that fail, by path, on the glue of the minimal hello: /trap traps, /spin never
// returns (only the Store's deadline ends it), /grow grows memory until the host refuses
// and then traps, as a guest's allocator does when it runs out; any other path answers
// "ok\n", so a test sees the server keep serving beside the faults.
#include "http_glue.h"

static int path_is(const struct option_string *path, const char *want) {
  size_t n = text_length(want);
  if (!path->is_some || path->len != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (path->ptr[i] != want[i]) return 0;
  return 1;
}

HANDLE_EXPORT
void handle(handle_t request, handle_t outparam) {
  struct option_string path;
  incoming_request_path_with_query(request, &path);
  incoming_request_drop(request);
  if (path_is(&path, "/trap")) __builtin_trap();
  if (path_is(&path, "/spin")) {
    volatile uint32_t spins = 0;
    for (;;) spins++;
  }
  if (path_is(&path, "/grow")) {
    while (__builtin_wasm_memory_grow(0, 16) != (size_t)-1) {
    }
    __builtin_trap();
  }
  static const char body[] = "ok\n";
  respond(outparam, body, sizeof body - 1, "3");
}
