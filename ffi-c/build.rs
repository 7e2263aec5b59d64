//! Gives libwecom_bot.so a SONAME, so that programs linked against it record `libwecom_bot.so`
//! (not the path they were linked with) and find it through the usual search path or RPATH.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "android" || os.ends_with("bsd") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libwecom_bot.so");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
