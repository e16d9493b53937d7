//! The `#[node]` macro's diagnostics and what the node API's types forbid (a borrow of an
//! input kept past the cycle), pinned by trybuild: one failing fixture per error
//! (with its `.stderr` snapshot) and passing fixtures that use the macro from outside the
//! workspace's crates, through `tickgraph::prelude::*` only.
//!
//! Regenerate the snapshots after an intended change with
//! `TRYBUILD=overwrite cargo test --test ui`, then read every changed `.stderr`.

#[test]
fn node_macro_errors_point_at_the_offending_tokens_and_valid_nodes_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
