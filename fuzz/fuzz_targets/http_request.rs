#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| plainsight_fuzz::targets::http_request(data));
