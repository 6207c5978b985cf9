// Linux calls that Swift's Glibc module leaves out: epoll, eventfd and sendfile for the HTTP server's
// event loops. accept4 is a GNU extension, hidden from the Glibc module, so it is declared here.
#ifndef CLINUXIO_SHIM_H
#define CLINUXIO_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
#endif
