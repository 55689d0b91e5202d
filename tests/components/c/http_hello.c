// The minimal wasi:http hello (bench/serve's component row): the native hello's response
// through nothing but wasi:http/types and wasi:io/streams, so serving it measures the
// server's own cost per request.
#include "http_glue.h"

HANDLE_EXPORT
void handle(handle_t request, handle_t outparam) {
  incoming_request_drop(request);
  static const char body[] = "Hello, World!\n";
  respond(outparam, body, sizeof body - 1, "14");
}
