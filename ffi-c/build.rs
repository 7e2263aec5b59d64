//! Gives libwecom_bot.so a versioned SONAME (`libwecom_bot.so.0.1` while the version is 0.x,
//! where a minor release may break the ABI; `libwecom_bot.so.N` from 1.0 on), so that a program
//! records the ABI it was linked against and finds it through the usual search path or RPATH.
//! `cmake --install` (ffi-c/c/CMakeLists.txt) installs the file under that name with the
//! `libwecom_bot.so` development link beside it.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "android" || os.ends_with("bsd") {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let abi = if major == "0" { format!("0.{minor}") } else { major };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libwecom_bot.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
