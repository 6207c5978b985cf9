import Synchronization

/// Gives each request an identifier that ties its log lines together and is echoed to the client in
/// `X-Request-Id`, so a user's report can be matched to the log.
///
/// An incoming `X-Request-Id` (from a proxy in front) is kept if it is sane: 1 to 128 characters
/// from letters, digits and `-_.:@`. Anything else is replaced by a fresh id (32 hex digits), so a
/// client cannot inject text into the log through it.
public struct RequestIDMiddleware: Middleware {
    public static let headerName = "X-Request-Id"
    /// Whether to keep a sane incoming id; turn off when no trusted proxy sets it.
    public var acceptsIncoming: Bool

    public init(acceptsIncoming: Bool = true) {
        self.acceptsIncoming = acceptsIncoming
    }

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        if acceptsIncoming, let incoming = request.headers.first(RequestIDMiddleware.headerName),
            RequestIDMiddleware.isSane(incoming)
        {
            request.requestID = incoming
        } else {
            request.requestID = RequestIDMiddleware.generate()
        }
        var response = try next(request)
        response.headers[RequestIDMiddleware.headerName] = request.requestID
        return response
    }

    static func isSane(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"), UInt8(ascii: "@"):
                    true
                default: false
                }
            }
    }

    /// Drawn once per process, so ids from different runs and instances do not collide.
    static let processPrefix: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    static let counter = Atomic<UInt64>(0)

    /// 32 lowercase hex digits: the process's random prefix, then a counter. Unique without a system
    /// call per request (the system's random source costs one); an id only ties log lines together
    /// and is no secret, so it need not be unpredictable.
    static func generate() -> String {
        let words = (processPrefix, counter.wrappingAdd(1, ordering: .relaxed).newValue)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<32 {
                let word = index < 16 ? words.0 : words.1
                let nibble = Int((word >> UInt64(60 - 4 * (index % 16))) & 0xF)
                buffer[index] = digits.utf8Start[nibble]
            }
            return 32
        }
    }
}
