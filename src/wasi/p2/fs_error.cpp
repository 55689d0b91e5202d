#include "wasi/p2/fs_error.hpp"

namespace stratus::wasi::p2 {

FsErrorCode fs_error_from(Errno e) {
  using C = FsErrorCode;
  switch (e) {
    case Errno::Acces: return C::Access;
    case Errno::Again: return C::WouldBlock;
    case Errno::Already: return C::Already;
    case Errno::Badf: return C::BadDescriptor;
    case Errno::Busy: return C::Busy;
    case Errno::Deadlk: return C::Deadlock;
    case Errno::Dquot: return C::Quota;
    case Errno::Exist: return C::Exist;
    case Errno::Fbig: return C::FileTooLarge;
    case Errno::Ilseq: return C::IllegalByteSequence;
    case Errno::Inprogress: return C::InProgress;
    case Errno::Intr: return C::Interrupted;
    case Errno::Inval: return C::Invalid;
    case Errno::Io: return C::Io;
    case Errno::Isdir: return C::IsDirectory;
    case Errno::Loop: return C::Loop;
    case Errno::Mlink: return C::TooManyLinks;
    case Errno::Msgsize: return C::MessageSize;
    case Errno::Nametoolong: return C::NameTooLong;
    case Errno::Nodev: return C::NoDevice;
    case Errno::Noent: return C::NoEntry;
    case Errno::Nolck: return C::NoLock;
    case Errno::Nomem: return C::InsufficientMemory;
    case Errno::Nospc: return C::InsufficientSpace;
    case Errno::Notdir: return C::NotDirectory;
    case Errno::Notempty: return C::NotEmpty;
    case Errno::Notrecoverable: return C::NotRecoverable;
    case Errno::Notsup:
    case Errno::Nosys: return C::Unsupported;
    case Errno::Notty: return C::NoTty;
    case Errno::Nxio: return C::NoSuchDevice;
    case Errno::Overflow: return C::Overflow;
    case Errno::Perm:
    case Errno::Notcapable: return C::NotPermitted;
    case Errno::Pipe: return C::Pipe;
    case Errno::Rofs: return C::ReadOnly;
    case Errno::Spipe: return C::InvalidSeek;
    case Errno::Txtbsy: return C::TextFileBusy;
    case Errno::Xdev: return C::CrossDevice;
    default: return C::Io;
  }
}

FsErrorCode last_fs_error() { return fs_error_from(last_host_errno()); }

}  // namespace stratus::wasi::p2
