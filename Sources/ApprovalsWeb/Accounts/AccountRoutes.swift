import HTTPServer

/// Every route of accounts and access, registered in one call from `WebApplication`.
public struct AccountRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    public init(accounts: Accounts, pages: PageRenderer) {
        self.accounts = accounts
        self.page = AccountPage(pages: pages)
    }

    public func register(on routes: inout GuardedRoutes) {
        SignInRoutes(accounts: accounts, page: page).register(on: &routes)
        PasswordRoutes(accounts: accounts, page: page).register(on: &routes)
        UserRoutes(accounts: accounts, page: page).register(on: &routes)
        TokenRoutes(accounts: accounts, page: page).register(on: &routes)
        OrganisationRoutes(accounts: accounts, page: page).register(on: &routes)
    }
}
