// The HTTPServer module: an HTTP/1.1 server on POSIX sockets and epoll, with no SwiftNIO.
// Filled in by the HTTP server issue.
