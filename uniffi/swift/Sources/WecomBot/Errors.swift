// The Swift-side layer over the generated error type. UniFFI's Swift template names the cases
// of `WecomError` itself (`.Validation`, `.RateLimited`, …: UpperCamelCase); Swift code expects
// lowerCamelCase, so `WecomBotError` carries the same cases under Swift's names, and the async
// layer (Async.swift) throws it. `WecomError.detail` reads the sentence of any case.

/// A failure of the library, with Swift's case names. Every case carries `detail`, a readable
/// sentence that never contains the webhook key.
public enum WecomBotError: Error, Equatable, CustomStringConvertible {
    /// A message or upload breaks a rule of the spec; nothing was sent.
    case validation(field: String, rule: String, limit: Int64?, detail: String)
    /// The server answered `errcode != 0` (or accepted the message with a `Warning`).
    case api(errcode: Int64, errmsg: String, detail: String)
    /// errcode 45009 from the server, or the local rate limiter refused (fail-fast policy).
    case rateLimited(errcode: Int64?, retryAfterMs: Int64?, detail: String)
    /// A non-2xx HTTP status.
    case httpStatus(status: Int32, detail: String)
    /// Connect, send, receive or overall deadline; `mayHaveBeenDelivered` when it struck after the
    /// request went out.
    case timeout(phase: String, mayHaveBeenDelivered: Bool, detail: String)
    /// DNS, connect, TLS, reset; `mayHaveBeenDelivered` when the connection broke after the
    /// request went out.
    case transport(mayHaveBeenDelivered: Bool, detail: String)
    /// The answer is not the JSON the API documents.
    case decode(status: Int32?, detail: String)
    /// A local file could not be read.
    case io(path: String, detail: String)
    /// Misuse of the binding: a bad key, URL or setting, named by `argument`.
    case invalidArgument(argument: String, detail: String)
    /// The shared store (SQLite, Redis) could not be used under the `fail` policy; `store` is
    /// its URL, password masked.
    case store(store: String, detail: String)

    /// The same failure under Swift's case names.
    public init(_ e: WecomError) {
        switch e {
        case let .Validation(field, rule, limit, detail): self = .validation(field: field, rule: rule, limit: limit, detail: detail)
        case let .Api(errcode, errmsg, detail): self = .api(errcode: errcode, errmsg: errmsg, detail: detail)
        case let .RateLimited(errcode, retryAfterMs, detail):
            self = .rateLimited(errcode: errcode, retryAfterMs: retryAfterMs, detail: detail)
        case let .HttpStatus(status, detail): self = .httpStatus(status: status, detail: detail)
        case let .Timeout(phase, maybe, detail): self = .timeout(phase: phase, mayHaveBeenDelivered: maybe, detail: detail)
        case let .Transport(maybe, detail): self = .transport(mayHaveBeenDelivered: maybe, detail: detail)
        case let .Decode(status, detail): self = .decode(status: status, detail: detail)
        case let .Io(path, detail): self = .io(path: path, detail: detail)
        case let .InvalidArgument(argument, detail): self = .invalidArgument(argument: argument, detail: detail)
        case let .Store(store, detail): self = .store(store: store, detail: detail)
        }
    }

    /// The stable kind, shared by every language (`kind.asStr()` is its snake_case name).
    public var kind: ErrorKind {
        switch self {
        case .validation: return .validation
        case .api: return .api
        case .rateLimited: return .rateLimited
        case .httpStatus: return .httpStatus
        case .timeout: return .timeout
        case .transport: return .transport
        case .decode: return .decode
        case .io: return .io
        case .invalidArgument: return .invalidArgument
        case .store: return .store
        }
    }

    /// The readable sentence.
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

    public var description: String { "\(kind.asStr()): \(detail)" }
}

extension WecomError {
    /// The readable sentence of any case (never contains the webhook key).
    public var detail: String { WecomBotError(self).detail }
    /// See `WecomBotError.mayHaveBeenDelivered`.
    public var mayHaveBeenDelivered: Bool { WecomBotError(self).mayHaveBeenDelivered }
}
