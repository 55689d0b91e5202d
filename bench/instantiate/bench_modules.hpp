// The three shapes the instantiation benchmark measures. Each exports `run: (i32) -> i32`.
#pragma once

#include "wasm_writer.hpp"

namespace stratus::bench {

// (a) No memory, no table: the floor of instantiate + call + drop.
Bytes empty_module();
// (b) 2 MiB memory with a 1 MiB data segment at 1024; run() writes one word in each 4 KiB
// page of the 64 KiB heap above the data and returns a data byte.
Bytes data_module();
// (c) About 10 MB of code in 7,000 functions, all in a 7,000-entry funcref table, plus a
// 64 KiB data segment: the shape of a JavaScript engine component. run() calls through the table.
Bytes big_table_module();

}  // namespace stratus::bench
