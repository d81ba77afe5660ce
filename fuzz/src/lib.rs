//! What each fuzz target does with its input. The same file is compiled
//! into the regression tests (tests/fuzz_regressions.rs), so a crash input
//! kept under fuzz/regressions/ is replayed exactly as the fuzzer ran it.

pub mod targets;
