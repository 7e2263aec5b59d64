//! `wecom-bot-mock`: the mock WeCom webhook server as its own process.

fn main() -> std::process::ExitCode {
    wecom_bot_mock::run_cli(std::env::args_os())
}
