//! The deal form as a browser posts it: any urlencoded body is read into a DealInput by the
//! server's own form reader and validated. Must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pairs: app::web::forms::Pairs = form_urlencoded::parse(data).into_owned().collect();
    let _ = app::web::forms::deal_input(&pairs).parse();
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = app::model::parse_money(s);
        let _ = app::model::PartialDate::parse(s);
    }
});
