// Hand-written canonical-ABI glue for a wasi:http/proxy 0.2 handler in C with no libc and no
// WASI imports: the core imports of the few wasi:http/types and wasi:io/streams functions a
// handler needs to answer, and respond(), which answers with one body. The flat signatures
// follow CanonicalABI.md: results of more than one flat value go through a return pointer,
// result<own<T>, E> there is a u8 case at 0 and the payload at 4.
#ifndef STRATUS_TEST_HTTP_GLUE_H
#define STRATUS_TEST_HTTP_GLUE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_TYPES(name) __attribute__((import_module("wasi:http/types@0.2.12"), import_name(name)))
#define IO_STREAMS(name) __attribute__((import_module("wasi:io/streams@0.2.12"), import_name(name)))
#define HANDLE_EXPORT __attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))

typedef int32_t handle_t;

// list<tuple<field-name, field-value>>: a string and a list<u8>, both (pointer, length).
struct field_entry {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
};

// result<own<T>, E> and option<string>, as the callee writes them through the return pointer.
struct handle_result {
  uint8_t is_err;
  handle_t value;
};
struct option_string {
  uint8_t is_some;
  const char *ptr;
  size_t len;
};

HTTP_TYPES("[static]fields.from-list")
void fields_from_list(const struct field_entry *entries, size_t count, struct handle_result *ret);
HTTP_TYPES("[constructor]outgoing-response")
handle_t outgoing_response_new(handle_t headers);
HTTP_TYPES("[method]outgoing-response.body")
void outgoing_response_body(handle_t response, struct handle_result *ret);
HTTP_TYPES("[method]outgoing-body.write")
void outgoing_body_write(handle_t body, struct handle_result *ret);
// set(param, result<own<outgoing-response>, error-code>): the result flattens to a case and
// error-code's seven values (its own case, then the join of its payloads: i32 i64 i32 i32 i32 i32).
HTTP_TYPES("[static]response-outparam.set")
void response_outparam_set(handle_t outparam, int32_t is_err, int32_t response, int32_t, int64_t, int32_t, int32_t,
                           int32_t, int32_t);
// finish(this, option<own<trailers>>) -> result<_, error-code>: the result is nine bytes and more.
HTTP_TYPES("[static]outgoing-body.finish")
void outgoing_body_finish(handle_t body, int32_t has_trailers, handle_t trailers, uint8_t *ret);
HTTP_TYPES("[method]incoming-request.path-with-query")
void incoming_request_path_with_query(handle_t request, struct option_string *ret);
HTTP_TYPES("[resource-drop]incoming-request")
void incoming_request_drop(handle_t request);

// blocking-write-and-flush(self, list<u8>) -> result<_, stream-error>: a case and stream-error's two values.
IO_STREAMS("[method]output-stream.blocking-write-and-flush")
void output_stream_blocking_write_and_flush(handle_t stream, const void *bytes, size_t len, uint8_t *ret);
IO_STREAMS("[resource-drop]output-stream")
void output_stream_drop(handle_t stream);

// The host writes strings and lists (a path) into our memory through this; an instance
// serves one request, so a bump allocator over a fixed arena is enough, and running past it
// traps. wit-component wants it exported even when no import returns a string.
static _Alignas(16) uint8_t arena[4096];
static size_t arena_used;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old;
  (void)old_size;
  size_t start = (arena_used + align - 1) & ~(align - 1);
  if (start + new_size > sizeof arena) __builtin_trap();
  arena_used = start + new_size;
  return arena + start;
}

static inline size_t text_length(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

// Answers 200 with `body` (its Content-Length and a text/plain Content-Type, as the native
// hello of bench/serve does); traps if the host refuses any step, so a broken host shows.
static inline void respond(handle_t outparam, const char *body, size_t body_len, const char *content_length) {
  struct field_entry entries[] = {
      {"content-type", 12, "text/plain", 10},
      {"content-length", 14, content_length, text_length(content_length)},
  };
  struct handle_result r;
  fields_from_list(entries, 2, &r);
  if (r.is_err) __builtin_trap();
  handle_t response = outgoing_response_new(r.value);
  outgoing_response_body(response, &r);
  if (r.is_err) __builtin_trap();
  handle_t body_handle = r.value;
  response_outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(body_handle, &r);
  if (r.is_err) __builtin_trap();
  _Alignas(8) uint8_t status[16];
  output_stream_blocking_write_and_flush(r.value, body, body_len, status);
  if (status[0]) __builtin_trap();
  output_stream_drop(r.value);  // a child of the body: dropped before finish
  outgoing_body_finish(body_handle, 0, 0, status);
  if (status[0]) __builtin_trap();
}

#endif
