//! Closing accepted connections from outside tiny_http.
//!
//! tiny_http offers no way to close a keep-alive connection without writing an answer, and
//! "the server closed the connection without answering" is a fault the clients must handle.
//! On Unix the mock finds the accepted socket among the process's file descriptors by its
//! address pair and shuts it down (without closing the descriptor, which tiny_http still owns);
//! tiny_http then sees the end of the stream and drops the connection itself.

use std::net::SocketAddr;

/// Shuts down (both directions) every accepted TCP connection whose local address is `local`
/// and, when given, whose peer is `peer`. Returns how many descriptors matched.
#[cfg(unix)]
pub(crate) fn shutdown_accepted(local: SocketAddr, peer: Option<SocketAddr>) -> usize {
    use std::os::fd::{BorrowedFd, RawFd};
    use std::path::Path;

    let dir = if Path::new("/proc/self/fd").is_dir() {
        "/proc/self/fd"
    } else {
        "/dev/fd"
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let fds: Vec<RawFd> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|fd: &RawFd| *fd >= 0)
        .collect();
    let mut matched = 0;
    for fd in fds {
        if let Ok(target) = std::fs::read_link(Path::new(dir).join(fd.to_string())) {
            // Linux names sockets `socket:[inode]`; skip everything else without touching it.
            if !target.to_string_lossy().starts_with("socket:") {
                continue;
            }
        }
        // SAFETY: `fd` was listed as open by the kernel a moment ago and the borrow lasts only
        // for a few syscalls that never close it. Should another thread close it (or reuse the
        // number) in between, the calls below fail or see a different address pair, and
        // nothing is shut down.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        let sock = socket2::SockRef::from(&borrowed);
        let (Ok(l), Ok(p)) = (sock.local_addr(), sock.peer_addr()) else {
            continue;
        };
        let (Some(l), Some(p)) = (l.as_socket(), p.as_socket()) else {
            continue;
        };
        if l == local && peer.is_none_or(|want| want == p) {
            let _ = sock.shutdown(std::net::Shutdown::Both);
            matched += 1;
        }
    }
    matched
}

/// Without Unix file descriptors there is nothing to find: the caller falls back to dropping
/// the request's writer, which closes the connection only when the client asked for
/// `Connection: close`.
#[cfg(not(unix))]
pub(crate) fn shutdown_accepted(_local: SocketAddr, _peer: Option<SocketAddr>) -> usize {
    0
}
