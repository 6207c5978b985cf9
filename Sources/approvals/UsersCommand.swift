import Approvals
import ApprovalsStore
import ApprovalsWeb
import ArgumentParser
import Foundation

/// `approvals users …`: accounts from the command line (the first administrator, above all).
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the people who sign in.",
        subcommands: [UsersAddCommand.self]
    )
}

/// `approvals users add --email E --name N --org REF --role R`: makes the account and prints the
/// single-use link with which the person sets their password.
struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user and print a single-use link to set their password.",
        discussion: """
            --org is an awarding organisation's Ofqual recognition number (RN5137) or identifier, for the \
            roles ao_editor and ao_admin; or "institute" for the Institute's staff (reviewer, approver, admin). \
            API clients get tokens instead (approvals tokens create). The link is also written to the outbox.
            """
    )

    @OptionGroup var store: StoreCommandOptions
    @Option(help: "The person's email address.") var email: String
    @Option(help: "The person's full name.") var name: String
    @Option(help: ArgumentHelp("RN number or id of their awarding organisation, or \"institute\".", valueName: "REF")) var org: String
    @Option(help: ArgumentHelp("ao_editor, ao_admin, reviewer, approver or admin.", valueName: "ROLE")) var role: String
    @Option(help: ArgumentHelp("Where the service is reached, for the link.", valueName: "URL")) var baseURL = "http://127.0.0.1:8080"
    @Option(help: ArgumentHelp("Days the link works.", valueName: "DAYS")) var days = 7

    func run() throws {
        guard let role = Role(rawValue: role), role != .apiClient else {
            throw ValidationError("--role must be one of ao_editor, ao_admin, reviewer, approver, admin (not '\(self.role)'). API clients get tokens: approvals tokens create.")
        }
        guard (1...30).contains(days) else { throw ValidationError("--days must be from 1 to 30.") }
        let database = try store.open()
        defer { try? database.close() }
        let records = RecordStore(database: database)
        let organisation: OrganisationID?
        if org.lowercased() == "institute" {
            organisation = nil
        } else {
            let all = try records.page(Organisation.self, limit: 1000).records
            guard let found = all.first(where: { $0.id.rawValue == org || $0.ofqualRecognitionNumber.caseInsensitiveCompare(org) == .orderedSame }) else {
                throw StoreCommandFailure(AccountStoreError.unknownOrganisation(org).description)
            }
            organisation = found.id
        }
        if role.actsForAwardingOrganisation != (organisation != nil) {
            throw ValidationError(role.actsForAwardingOrganisation
                ? "\(role.rawValue) is a role of an awarding organisation: give --org RN… for it."
                : "\(role.rawValue) is a role of the Institute's staff: give --org institute.")
        }
        var settings = AccountSettings()
        settings.invitationLifetime = TimeInterval(days) * 86_400
        settings.publicBaseURL = baseURL
        let accounts = Accounts(database: database, settings: settings)
        let user = UserAccount(id: UserID(RecordStore.newIdentifier()), email: email.trimmingCharacters(in: .whitespaces),
                               displayName: name, organisationID: organisation, roles: [role])
        do {
            let link = try Invitation(accounts: accounts).invite(user, by: Self.operatorActor)
            print("Added \(user.email) (\(role.rawValue)). Send them this link to set their password; it works once, within \(days) days:")
            print(link)
        } catch let error as AccountStoreError {
            throw StoreCommandFailure(error.description)
        }
    }

    /// Who the audit trail names for what an operator does at the command line.
    static let operatorActor = Actor(id: UserID("command-line"), roles: [.admin], displayName: "approvals (command line)")
}
