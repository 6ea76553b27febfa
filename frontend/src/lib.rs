//! The wasm entry point: in islands mode only the `#[island]` components hydrate.
//! No panic hook: its message formatting costs kilobytes on every page with an island, and
//! an island that fails leaves the server-rendered HTML, which works on its own.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Pull the island definitions into this crate so their hydration functions are exported.
    #[expect(unused_imports)]
    use app::islands::*;
    leptos::mount::hydrate_islands();
}
