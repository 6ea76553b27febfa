//! The wasm entry point: in islands mode only the `#[island]` components hydrate.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Pull the island definitions into this crate so their hydration functions are exported.
    #[expect(unused_imports)]
    use app::islands::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
