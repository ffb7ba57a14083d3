//! Fuzzes the feed reader (RSS, Atom, JSON Feed): any bytes must give items or a
//! diagnostic, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ingest::fuzz::feed(data);
});
