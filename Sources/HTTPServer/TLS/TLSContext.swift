import COpenSSL

/// A server certificate and key loaded into OpenSSL with the settings every connection shares:
/// TLS 1.2 and 1.3 only, forward-secret AEAD ciphers for 1.2 (1.3's own suites are all modern),
/// no renegotiation, no compression. Give one to `ServerConfiguration.tls` to serve HTTPS.
///
/// `@unchecked Sendable`: the SSL_CTX is configured completely in `init` and never changed after;
/// OpenSSL documents creating SSL objects from one SSL_CTX on many threads as safe.
public final class TLSContext: @unchecked Sendable {
    /// ECDHE key exchange and AEAD ciphers only (Mozilla's "intermediate" list for TLS 1.2).
    public static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    let context: OpaquePointer

    /// Loads the PEM certificate chain (leaf first) and its PEM private key; throws `TLSError` naming
    /// the file and OpenSSL's reason when either cannot be used or they do not match.
    public init(certificateChainFile: String, privateKeyFile: String) throws(TLSError) {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSError.openSSL("SSL_CTX_new", TLSError.drainQueue()) }
        self.context = context
        guard approvals_tls_limit_versions(context) == 1 else { throw TLSError.openSSL("limiting versions", TLSError.drainQueue()) }
        approvals_tls_set_modes(context)
        guard SSL_CTX_set_cipher_list(context, Self.tls12Ciphers) == 1 else { throw TLSError.openSSL("cipher list", TLSError.drainQueue()) }
        guard SSL_CTX_use_certificate_chain_file(context, certificateChainFile) == 1 else {
            throw TLSError.unusableFile(certificateChainFile, TLSError.drainQueue())
        }
        guard SSL_CTX_use_PrivateKey_file(context, privateKeyFile, SSL_FILETYPE_PEM) == 1 else {
            // OpenSSL checks the key against the certificate while loading it.
            if ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH {
                _ = TLSError.drainQueue()
                throw TLSError.keyDoesNotMatch(certificate: certificateChainFile, key: privateKeyFile)
            }
            throw TLSError.unusableFile(privateKeyFile, TLSError.drainQueue())
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.keyDoesNotMatch(certificate: certificateChainFile, key: privateKeyFile)
        }
    }

    deinit { SSL_CTX_free(context) }

    /// A server-side session for one accepted socket; nil if OpenSSL cannot allocate one.
    func makeSession(descriptor: Int32) -> TLSSession? {
        guard let ssl = SSL_new(context) else { return nil }
        guard SSL_set_fd(ssl, descriptor) == 1 else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        return TLSSession(ssl: ssl)
    }
}
