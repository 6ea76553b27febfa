//! CSV import rows: any bytes through the CSV reader, format detection, and each row into a
//! deal form (the part of the importer that needs no database). Must never panic.
#![no_main]
use app::import::rows::{deal_input, Format, Row};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let Ok(header) = reader.headers() else { return };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let Some(format) = Format::detect(&header) else { return };
    for rec in reader.records().flatten() {
        let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
        let _ = row.content_hash(format);
        let _ = deal_input(&row, format, 1).parse();
    }
});
