// The Swift side of the generated error type. UniFFI's Swift template names error cases in
// UpperCamelCase (`.Validation`) with no setting to change it; prepare.sh renames the cases of
// `WecomError` to Swift's lowerCamelCase (`.validation(field:rule:limit:detail:)`,
// `.rateLimited(…)`, …) when it installs the generated file, so the blocking and the async
// calls throw one type under Swift's names. This file adds what every case shares.

extension WecomError: CustomStringConvertible {
    /// The readable sentence of any case (never contains the webhook key).
    public var detail: String {
        switch self {
        case let .validation(_, _, _, d), let .api(_, _, d), let .rateLimited(_, _, d), let .httpStatus(_, d),
             let .timeout(_, _, d), let .transport(_, d), let .decode(_, d), let .io(_, d), let .invalidArgument(_, d),
             let .store(_, d):
            return d
        }
    }

    /// True when the message may have been delivered although the call failed: a timeout or a
    /// connection closed after the request went out. Never retried by the library; check the
    /// chat before sending again. False for every other failure.
    public var mayHaveBeenDelivered: Bool {
        switch self {
        case let .timeout(_, maybe, _), let .transport(maybe, _): return maybe
        default: return false
        }
    }

    /// `kind: detail`, e.g. `validation: text.content is required`.
    public var description: String { "\(kind().asStr()): \(detail)" }
}
