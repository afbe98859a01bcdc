import ArgumentParser
import KilnCore
import KilnDomain
import KilnServer

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a bearer token for a user.")

    @OptionGroup var options: CommonOptions

    @Option(help: "The user id the token speaks for (its `sub`).")
    var user: String

    @Option(help: "user, admin, or service (a backend such as the room service).")
    var role: String = "user"

    @Option(name: .customLong("room"), help: "A room whose recordings a user token may read and add its own videos to (repeat for several).")
    var rooms: [String] = []

    @Option(help: "Seconds until the token expires.")
    var ttl: Int = 86_400

    func run() async throws {
        guard let role = Identity.Role(rawValue: role) else {
            throw ValidationError("--role must be one of: \(Identity.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !user.isEmpty else { throw ValidationError("--user must not be empty") }
        guard ttl > 0 else { throw ValidationError("--ttl must be a positive number of seconds") }
        let roomIds = try rooms.map { name in
            guard let room = RoomID(rawValue: name) else {
                throw ValidationError("--room \(name): a room id is 1 to \(RoomID.maxLength) letters, digits, '-', '_', '.' or ':'")
            }
            return room
        }
        let authority = await TokenAuthority(secret: try options.configuration().jwtSecret)
        print(try await authority.issue(userId: user, role: role, lifetime: .seconds(ttl), rooms: roomIds))
    }
}
