// Embedding Stratus: compile a module, give it a host function, instantiate it, call it.
//   embed <path to sum_of_squares.wasm>
#include <cstdint>
#include <cstdio>

#include "stratus/stratus.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s sum_of_squares.wasm\n", argv[0]);
    return 2;
  }
  stratus::Engine engine;
  stratus::Module module = stratus::Module::from_file(engine, argv[1]).unwrap();

  // The wasm type (i32) -> i32 is deduced from the lambda's signature.
  stratus::Linker linker(engine);
  linker.func_wrap("host", "square", [](int32_t x) { return x * x; }).unwrap();

  stratus::Store store(engine);
  stratus::Instance instance = linker.instantiate(store, module).unwrap();
  auto sum_of_squares = instance.get_func("sum_of_squares").value().typed<int32_t(int32_t, int32_t)>().unwrap();
  std::printf("sum_of_squares(3, 4) = %d\n", sum_of_squares.call(store, 3, 4).unwrap());
  return 0;
}
