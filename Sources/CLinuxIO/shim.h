// Linux calls that Swift's Glibc module leaves out: epoll, eventfd and sendfile for the HTTP server's
// event loops, sync_file_range and O_DIRECT for uploads. accept4 is a GNU extension, hidden from the Glibc module, so it is declared here.
#ifndef CLINUXIO_SHIM_H
#define CLINUXIO_SHIM_H
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
/* Also GNU-only: starts writing a file's dirty pages to disk without waiting (SYNC_FILE_RANGE_WRITE),
   so an upload's final fsync finds most of it already written. */
extern int sync_file_range(int fd, __off64_t offset, __off64_t count, unsigned int flags);
static inline int clinuxio_start_writeback(int fd, long offset, long count) {
    return sync_file_range(fd, offset, count, 2 /* SYNC_FILE_RANGE_WRITE */);
}
/* Drops the clean cached pages of a range (written back already) without waiting for any; pages still
   dirty or under writeback stay. */
static inline int clinuxio_drop_cached(int fd, long offset, long count) {
    return posix_fadvise(fd, offset, count, 4 /* POSIX_FADV_DONTNEED */);
}
/* O_DIRECT is hidden behind _GNU_SOURCE; its value differs between architectures, so it comes from the
   C headers' own per-architecture definition. */
static inline int clinuxio_o_direct(void) { return __O_DIRECT; }
#endif
