//! Browse filters from any query string: parse, and turn back into a query. Must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    if let Ok(f) = app::model::filter::DealFilter::parse(&pairs) {
        let _ = f.to_query(false);
    }
});
