//! `uniffi-bindgen`: generates the Kotlin and Swift sources from the built library, with the
//! same UniFFI version the library was built with.

fn main() {
    uniffi::uniffi_bindgen_main()
}
