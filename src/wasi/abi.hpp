// wasi_snapshot_preview1 ABI constants and struct layouts, as the witx defines them.
// Layout offsets are spelled out because guest structs are read and written byte-wise:
// the guest's layout is fixed by the spec, never by the host compiler.
#pragma once

#include <cstdint>

namespace stratus::wasi::abi {

// ---- filetype (u8) ----
inline constexpr uint8_t kFiletypeUnknown = 0;
inline constexpr uint8_t kFiletypeBlockDevice = 1;
inline constexpr uint8_t kFiletypeCharacterDevice = 2;
inline constexpr uint8_t kFiletypeDirectory = 3;
inline constexpr uint8_t kFiletypeRegularFile = 4;
inline constexpr uint8_t kFiletypeSocketDgram = 5;
inline constexpr uint8_t kFiletypeSocketStream = 6;
inline constexpr uint8_t kFiletypeSymbolicLink = 7;

// ---- fdflags (u16) ----
inline constexpr uint16_t kFdflagAppend = 1 << 0;
inline constexpr uint16_t kFdflagDsync = 1 << 1;
inline constexpr uint16_t kFdflagNonblock = 1 << 2;
inline constexpr uint16_t kFdflagRsync = 1 << 3;
inline constexpr uint16_t kFdflagSync = 1 << 4;

// ---- oflags (u16) ----
inline constexpr uint16_t kOflagCreat = 1 << 0;
inline constexpr uint16_t kOflagDirectory = 1 << 1;
inline constexpr uint16_t kOflagExcl = 1 << 2;
inline constexpr uint16_t kOflagTrunc = 1 << 3;

// ---- lookupflags (u32) ----
inline constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// ---- fstflags (u16) ----
inline constexpr uint16_t kFstflagAtim = 1 << 0;
inline constexpr uint16_t kFstflagAtimNow = 1 << 1;
inline constexpr uint16_t kFstflagMtim = 1 << 2;
inline constexpr uint16_t kFstflagMtimNow = 1 << 3;

// ---- whence (u8) ----
inline constexpr uint8_t kWhenceSet = 0;
inline constexpr uint8_t kWhenceCur = 1;
inline constexpr uint8_t kWhenceEnd = 2;

// ---- advice (u8) ----
inline constexpr uint8_t kAdviceNoreuse = 5;  // the largest valid value

// ---- clockid (u32) ----
inline constexpr uint32_t kClockRealtime = 0;
inline constexpr uint32_t kClockMonotonic = 1;
inline constexpr uint32_t kClockProcessCputime = 2;
inline constexpr uint32_t kClockThreadCputime = 3;

// ---- poll ----
inline constexpr uint8_t kEventtypeClock = 0;
inline constexpr uint8_t kEventtypeFdRead = 1;
inline constexpr uint8_t kEventtypeFdWrite = 2;
inline constexpr uint16_t kSubclockAbstime = 1 << 0;
inline constexpr uint16_t kEventrwHangup = 1 << 0;

// ---- sockets ----
inline constexpr uint16_t kRiflagRecvPeek = 1 << 0;
inline constexpr uint16_t kRiflagRecvWaitall = 1 << 1;
inline constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
inline constexpr uint8_t kSdflagRd = 1 << 0;
inline constexpr uint8_t kSdflagWr = 1 << 1;

inline constexpr uint8_t kPreopentypeDir = 0;

// ---- rights (u64) ----
namespace right {
inline constexpr uint64_t FdDatasync = 1ull << 0;
inline constexpr uint64_t FdRead = 1ull << 1;
inline constexpr uint64_t FdSeek = 1ull << 2;
inline constexpr uint64_t FdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t FdSync = 1ull << 4;
inline constexpr uint64_t FdTell = 1ull << 5;
inline constexpr uint64_t FdWrite = 1ull << 6;
inline constexpr uint64_t FdAdvise = 1ull << 7;
inline constexpr uint64_t FdAllocate = 1ull << 8;
inline constexpr uint64_t PathCreateDirectory = 1ull << 9;
inline constexpr uint64_t PathCreateFile = 1ull << 10;
inline constexpr uint64_t PathLinkSource = 1ull << 11;
inline constexpr uint64_t PathLinkTarget = 1ull << 12;
inline constexpr uint64_t PathOpen = 1ull << 13;
inline constexpr uint64_t FdReaddir = 1ull << 14;
inline constexpr uint64_t PathReadlink = 1ull << 15;
inline constexpr uint64_t PathRenameSource = 1ull << 16;
inline constexpr uint64_t PathRenameTarget = 1ull << 17;
inline constexpr uint64_t PathFilestatGet = 1ull << 18;
inline constexpr uint64_t PathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t PathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t FdFilestatGet = 1ull << 21;
inline constexpr uint64_t FdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t FdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t PathSymlink = 1ull << 24;
inline constexpr uint64_t PathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t PathUnlinkFile = 1ull << 26;
inline constexpr uint64_t PollFdReadwrite = 1ull << 27;
inline constexpr uint64_t SockShutdown = 1ull << 28;
inline constexpr uint64_t SockAccept = 1ull << 29;
inline constexpr uint64_t All = (1ull << 30) - 1;

// What makes sense on each kind of descriptor; path_open masks requests with these so a
// guest never holds a right its descriptor cannot honour.
inline constexpr uint64_t RegularFile = FdDatasync | FdRead | FdSeek | FdFdstatSetFlags | FdSync | FdTell |
                                        FdWrite | FdAdvise | FdAllocate | FdFilestatGet | FdFilestatSetSize |
                                        FdFilestatSetTimes | PollFdReadwrite;
inline constexpr uint64_t Directory = FdFdstatSetFlags | FdSync | FdAdvise | PathCreateDirectory |
                                      PathCreateFile | PathLinkSource | PathLinkTarget | PathOpen | FdReaddir |
                                      PathReadlink | PathRenameSource | PathRenameTarget | PathFilestatGet |
                                      PathFilestatSetSize | PathFilestatSetTimes | FdFilestatGet |
                                      FdFilestatSetTimes | PathSymlink | PathRemoveDirectory | PathUnlinkFile;
inline constexpr uint64_t Stream = FdRead | FdFdstatSetFlags | FdWrite | FdFilestatGet | PollFdReadwrite;
inline constexpr uint64_t Socket = Stream | SockShutdown | SockAccept;
// What a read-only preopen withholds from itself and everything opened beneath it: every
// right that changes a file, a directory or their metadata. Link and rename sources are
// among them: linking a file out of the tree would make it writable elsewhere, renaming one
// out removes it.
inline constexpr uint64_t Mutating = FdWrite | FdAllocate | FdFilestatSetSize | FdFilestatSetTimes |
                                     PathCreateDirectory | PathCreateFile | PathLinkSource | PathLinkTarget |
                                     PathRenameSource | PathRenameTarget | PathFilestatSetSize |
                                     PathFilestatSetTimes | PathSymlink | PathRemoveDirectory | PathUnlinkFile;
}  // namespace right

// ---- struct sizes and field offsets ----
namespace layout {
inline constexpr uint32_t kIovecSize = 8;  // buf u32 @0, buf_len u32 @4

inline constexpr uint32_t kFdstatSize = 24;
inline constexpr uint32_t kFdstatFiletype = 0;
inline constexpr uint32_t kFdstatFlags = 2;
inline constexpr uint32_t kFdstatRightsBase = 8;
inline constexpr uint32_t kFdstatRightsInheriting = 16;

inline constexpr uint32_t kFilestatSize = 64;
inline constexpr uint32_t kFilestatDev = 0;
inline constexpr uint32_t kFilestatIno = 8;
inline constexpr uint32_t kFilestatFiletype = 16;
inline constexpr uint32_t kFilestatNlink = 24;
inline constexpr uint32_t kFilestatSizeField = 32;
inline constexpr uint32_t kFilestatAtim = 40;
inline constexpr uint32_t kFilestatMtim = 48;
inline constexpr uint32_t kFilestatCtim = 56;

inline constexpr uint32_t kDirentSize = 24;
inline constexpr uint32_t kDirentNext = 0;
inline constexpr uint32_t kDirentIno = 8;
inline constexpr uint32_t kDirentNamlen = 16;
inline constexpr uint32_t kDirentType = 20;

inline constexpr uint32_t kPrestatSize = 8;
inline constexpr uint32_t kPrestatTag = 0;
inline constexpr uint32_t kPrestatNameLen = 4;

inline constexpr uint32_t kSubscriptionSize = 48;
inline constexpr uint32_t kSubscriptionUserdata = 0;
inline constexpr uint32_t kSubscriptionTag = 8;
inline constexpr uint32_t kSubscriptionClockId = 16;
inline constexpr uint32_t kSubscriptionClockTimeout = 24;
inline constexpr uint32_t kSubscriptionClockPrecision = 32;
inline constexpr uint32_t kSubscriptionClockFlags = 40;
inline constexpr uint32_t kSubscriptionFd = 16;

inline constexpr uint32_t kEventSize = 32;
inline constexpr uint32_t kEventUserdata = 0;
inline constexpr uint32_t kEventError = 8;
inline constexpr uint32_t kEventType = 10;
inline constexpr uint32_t kEventNbytes = 16;
inline constexpr uint32_t kEventFlags = 24;
}  // namespace layout

}  // namespace stratus::wasi::abi
