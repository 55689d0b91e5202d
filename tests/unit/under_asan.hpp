// Defines STRATUS_TEST_ASAN in AddressSanitizer builds: tests that cap the address space
// (RLIMIT_AS) cannot run there, as ASan's shadow memory alone needs more than the cap.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define STRATUS_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STRATUS_TEST_ASAN 1
#endif
#endif
