#ifndef APPROVALS_COPENSSL_SHIM_H
#define APPROVALS_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#endif
