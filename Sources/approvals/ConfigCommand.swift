import ArgumentParser

/// `approvals config`: prints the settings in force and where each came from, secrets masked.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective settings (flags > environment > file > defaults), without secrets."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let effective = try options.resolve()
        print(effective.describe())
        do {
            _ = try ServiceSettings(effective)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
