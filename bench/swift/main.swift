// The Swift side of bench/run.sh: the UniFFI binding's Bot (release libwecom_bot_uniffi.so,
// module WecomBot compiled with -O), limiter off, store memory, no retries; N text messages over
// one keep-alive client after one warm-up message. Prints one JSON object; exits 1 on failure.
//
//   bench-swift BASE_URL KEY N        (run inside the Swift chroot, scripts/swift-toolchain.sh)
//
// CPU: getrusage(RUSAGE_SELF) around the loop (user + system time of every thread).
import Foundation
import WecomBot

func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }

func usage() -> rusage {
    var ru = rusage()
    // Glibc imports RUSAGE_SELF as an enum case and getrusage takes its Int32 value.
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &ru)
    return ru
}

func statusKib(_ field: String) -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        let value = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
        return Int(value ?? "") ?? -1
    }
    return -1
}

let args = CommandLine.arguments
guard args.count == 4, let n = Int(args[3]) else {
    FileHandle.standardError.write(Data("usage: bench-swift BASE_URL KEY N\n".utf8))
    exit(2)
}
do {
    let config = BotConfig(baseUrl: args[1], maxAttempts: 1, rateLimit: RateLimit(enabled: false), store: "memory")
    let bot = try Bot(webhook: args[2], config: config)
    try bot.sendText(content: "warm-up")
    let r0 = usage()
    let t0 = DispatchTime.now().uptimeNanoseconds
    for i in 0..<n {
        try bot.sendText(content: "benchmark message \(i)")
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let r1 = usage()
    let user = seconds(r1.ru_utime) - seconds(r0.ru_utime)
    let sys = seconds(r1.ru_stime) - seconds(r0.ru_stime)
    print("{\"messages\": \(n), \"wall_s\": \(wall), \"user_s\": \(user), \"sys_s\": \(sys), \"peak_rss_kib\": \(statusKib("VmHWM"))}")
} catch {
    FileHandle.standardError.write(Data("bench-swift: \(error)\n".utf8))
    exit(1)
}
