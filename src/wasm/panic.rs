//! The npm build's panic handler (feature `panic-trap`; the build links no std). A panic in wasm
//! has always ended the same way here: std's handler on wasm32-unknown-unknown formats the message
//! for a hook that prints nowhere, then aborts. This one aborts at once, so the message formatting
//! (`core::fmt`) and std's panic machinery are not in the package. Library code never panics
//! (clippy denies the ways in); this is the backstop.

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
