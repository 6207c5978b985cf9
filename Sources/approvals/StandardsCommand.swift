import ArgumentParser
import Approvals
import ApprovalsStore
import Foundation

/// `approvals standards …`: the occupational standards and the cycles' lists in scope.
struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards",
        abstract: "Manage occupational standards and the standards in scope of a cycle.",
        subcommands: [StandardsImportCommand.self]
    )
}

/// `approvals standards import FILE.csv --cycle REF`.
struct StandardsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import standards from CSV and add them to a cycle's standards in scope.",
        discussion: """
            The file is CSV (RFC 4180, UTF-8) with a header row naming these columns, in any order:
              reference,title,level,route,version,status,ksbs
            reference  ST and four digits, e.g. ST0123
            title      the standard's title
            level      1 to 7
            route      a route code (digital) or name (Digital)
            version    the standard's version, e.g. 1.2
            status     approved_for_delivery, in_revision or retired
            ksbs       KSBs separated by " | ", each "CODE: text", e.g. "K1: How networks work | S1: Configure a router"
            Quote a field that holds a comma. Every row is checked first and every problem is listed with its \
            line number; then all rows are written in one transaction, or none. A standard already known is \
            updated; one not yet in the cycle's scope is added from now.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "FILE.csv")) var file: String
    @Option(help: ArgumentHelp("The cycle's code (e.g. L3S25) or identifier.", valueName: "REF")) var cycle: String
    @Option(help: ArgumentHelp("The instant the standards come into scope (ISO 8601); default now.", valueName: "INSTANT"))
    var now: String?
    @OptionGroup var store: StoreCommandOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw StoreCommandFailure("Cannot read \(file).") }
        guard let text = String(data: data, encoding: .utf8) else { throw StoreCommandFailure("\(file) is not UTF-8 text.") }
        let instant = try now.map(InstantOption.parse) ?? ServiceClock.system.now()
        let database = try store.open()
        defer { try? database.close() }
        let operatorActor = Actor(id: UserID("command-line"), roles: [.admin], displayName: "approvals standards import")
        do {
            let outcome = try RecordStore(database: database).importStandards(csv: text, cycle: cycle, by: operatorActor, at: instant)
            print("Imported \(outcome.added.count + outcome.updated.count) standards into \(cycle.uppercased()): "
                  + "\(outcome.added.count) new, \(outcome.updated.count) updated, \(outcome.newlyInScope.count) newly in scope.")
        } catch let invalid as StandardsImport.Invalid {
            throw StoreCommandFailure(invalid.description)
        } catch let missing as RecordNotFound {
            throw StoreCommandFailure(missing.description)
        }
    }
}

/// Reads an instant given on the command line.
enum InstantOption {
    static func parse(_ text: String) throws -> Date {
        guard let instant = StoreTime.parse(text) else {
            throw ValidationError("\"\(text)\" is not an ISO 8601 instant such as 2025-03-21T16:55:00Z.")
        }
        return instant
    }
}
