//! Fuzzes HTML decoding and article extraction: any bytes must give a page or nothing,
//! never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ingest::fuzz::html(data);
});
