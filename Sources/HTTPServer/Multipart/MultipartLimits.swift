/// Bounds on what one multipart/form-data body may hold, so a hostile body costs a known amount of
/// memory and disk. The overall body size is bounded separately by the route's body policy.
public struct MultipartLimits: Sendable, Equatable {
    /// The most parts (fields and files together) accepted.
    public var maxParts: Int
    /// The most bytes in one part's header block (the lines between the delimiter and the blank line).
    public var maxPartHeaderBytes: Int
    /// The most bytes in one plain field's value; such values are kept in memory.
    public var maxFieldBytes: Int
    /// The most bytes in all plain field values together.
    public var maxTotalFieldBytes: Int
    /// The most bytes in one uploaded file; nil leaves only the route's body limit.
    public var maxFileBytes: Int?

    public init(
        maxParts: Int = 100,
        maxPartHeaderBytes: Int = 8 * 1024,
        maxFieldBytes: Int = 64 * 1024,
        maxTotalFieldBytes: Int = 1024 * 1024,
        maxFileBytes: Int? = nil
    ) {
        self.maxParts = maxParts
        self.maxPartHeaderBytes = maxPartHeaderBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxTotalFieldBytes = maxTotalFieldBytes
        self.maxFileBytes = maxFileBytes
    }

    /// 100 parts, 8 KiB of headers per part, 64 KiB per field, 1 MiB of fields in all.
    public static let standard = MultipartLimits()
}
