//! The deal form as a browser posts it: any urlencoded body becomes a DealInput and is
//! validated. Must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = app::model::DealInput::default();
    let mut source = app::model::SourceInput::default();
    for (k, v) in form_urlencoded::parse(data) {
        let v = v.into_owned();
        match k.as_ref() {
            "title" => input.title = v,
            "kind" => input.kind = v,
            "jurisdiction" => input.jurisdiction = v,
            "entity_id" => input.entity_id = v,
            "amount" => input.amount = v,
            "undisclosed" => input.undisclosed = !v.is_empty(),
            "value_basis" => input.value_basis = v,
            "announced" => input.announced = v,
            "approved" => input.approved = v,
            "starts" => input.starts = v,
            "ends" => input.ends = v,
            "status" => input.status = v,
            "jobs" => input.jobs = v,
            "description" => input.description = v,
            "source_url" => source.url = v,
            "source_title" => source.title = v,
            "source_publisher" => source.publisher = v,
            "source_published" => source.published = v,
            _ => {}
        }
    }
    input.sources.push(source);
    let _ = input.parse();
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = app::model::parse_money(s);
        let _ = app::model::PartialDate::parse(s);
    }
});
