#ifndef APPROVALS_COPENSSL_SHIM_H
#define APPROVALS_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

/* OpenSSL spells these as function-like macros, which Swift cannot call: one inline function each. */
static inline int approvals_tls_limit_versions(SSL_CTX *context) {
    return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1
        && SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1;
}
static inline void approvals_tls_set_modes(SSL_CTX *context) {
    /* Partial writes and a moving buffer: the event loop resends from its own buffer, which may move. */
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
}
#endif
