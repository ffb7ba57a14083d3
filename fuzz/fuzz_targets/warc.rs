//! Fuzzes the streaming WARC reader: any bytes, read record by record, must not panic
//! and must not hold more than the limit.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ingest::fuzz::warc(data);
});
