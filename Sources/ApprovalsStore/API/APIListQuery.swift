public import Foundation

/// What a list request asks for, already checked by the web layer: the filters that follow the
/// Ofqual Register's habits (organisation, level, route, status, updated since), plus the cycle, and
/// where the page starts. A filter a list does not support is refused by the web layer before it
/// gets here.
public struct APIListQuery: Sendable, Equatable {
    public var organisationID: String?
    public var cycleID: String?
    public var level: Int?
    public var route: String?
    public var status: String?
    public var updatedSince: Date?
    /// The position after which the page starts (the last position of the previous page).
    public var after: Int64
    public var limit: Int

    public init(organisationID: String? = nil, cycleID: String? = nil, level: Int? = nil, route: String? = nil,
                status: String? = nil, updatedSince: Date? = nil, after: Int64 = 0, limit: Int = 50) {
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.level = level
        self.route = route
        self.status = status
        self.updatedSince = updatedSince
        self.after = after
        self.limit = limit
    }
}

/// One page of a list: its items in a stable order, and the position to pass as `after` for the
/// next page (nil on the last page).
public struct APIPage: Sendable {
    public let items: [APIObject]
    public let nextAfter: Int64?
    /// The position of the last item on this page (the change feed's resume point even on its last page).
    public var last: Int64? = nil

    init(items: [APIObject], nextAfter: Int64?) {
        self.items = items
        self.nextAfter = nextAfter
    }

    func withLast(_ position: Int64?) -> APIPage {
        var page = self
        page.last = position
        return page
    }
}
