import Approvals
import ApprovalsStore
import ApprovalsWeb
import ArgumentParser
import Foundation

/// `approvals tokens …`: the read-only API tokens of DfE and Ofqual.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Make, list and revoke read-only API tokens.",
        subcommands: [TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self]
    )
}

/// `approvals tokens create --name NAME --expires DATE`: prints the token once.
struct TokensCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a token and print it (once: only its SHA-256 is kept).")

    @OptionGroup var store: StoreCommandOptions
    @Option(help: "Who uses it and for what, e.g. \"Ofqual register sync\".") var name: String
    @Option(help: ArgumentHelp("The last day it works, UK time: YYYY-MM-DD.", valueName: "DATE")) var expires: String

    func run() throws {
        let expiry: Date
        do { expiry = try APITokenIssuer.expiry(expires) } catch { throw ValidationError(error.description) }
        let database = try store.open()
        defer { try? database.close() }
        do {
            let (token, record) = try APITokenIssuer(store: AccountStore(database: database))
                .create(name: name, expiresAt: expiry, by: UsersAddCommand.operatorActor, at: Date())
            print("Token \(record.id) (\(record.name)), valid until \(StoreTime.format(record.expiresAt)):")
            print(token)
        } catch let refusal as APITokenIssuer.Refusal {
            throw ValidationError(refusal.description)
        }
    }
}

/// `approvals tokens list`.
struct TokensListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tokens (never the tokens themselves).")

    @OptionGroup var store: StoreCommandOptions

    func run() throws {
        let database = try store.open()
        defer { try? database.close() }
        let now = Date()
        for token in try AccountStore(database: database).tokens() {
            let status = token.revokedAt != nil ? "revoked" : token.isValid(at: now) ? "active" : "expired"
            print("\(token.id)  \(status)  expires \(StoreTime.format(token.expiresAt))  last used \(token.lastUsedAt.map(StoreTime.format) ?? "never")  \(token.name)")
        }
    }
}

/// `approvals tokens revoke ID_OR_NAME`: refused from the next request on.
struct TokensRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once.")

    @OptionGroup var store: StoreCommandOptions
    @Argument(help: ArgumentHelp("The token's id, or its name.", valueName: "ID_OR_NAME")) var token: String

    func run() throws {
        let database = try store.open()
        defer { try? database.close() }
        let accounts = AccountStore(database: database)
        guard let found = try accounts.token(idOrName: token) else { throw StoreCommandFailure(AccountStoreError.unknownToken.description) }
        let revoked = try accounts.revokeToken(id: found.id, by: UsersAddCommand.operatorActor, at: Date())
        print("Revoked token \(revoked.id) (\(revoked.name)).")
    }
}
