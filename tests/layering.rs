//! The engine's modules are layered without cycles (ARCHITECTURE.md): each module uses only
//! the modules below it. This test reads `engine/src` and checks every `crate::` path.
//!
//! `cargo test --test layering -- --nocapture` prints which modules each module imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The engine's top-level modules, lowest first. A module may use those before it.
const LAYERS: &[&str] = &[
    "time",      // engine time
    "error",     // the one error type
    "scheduler", // timer queue and step table; knows no Ctx
    "ctx",       // what a running node sees; run identity
    "node",      // the Node and Source contracts
    "ts",        // cells, Input/Output, baskets, history
    "alarm",     // alarms, given a cell; knows no Wiring
    "graph",     // builder, wiring, compile (returns its own compiled form)
    "runtime",   // the simulation loop, run config, results
    "adapter",   // pull adapters
    "stdlib",    // the standard library
    "private",   // support for generated code
];

fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("non-empty");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's code (not its comments) names through `crate::`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn engine_modules_import_only_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let layer = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut table: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(file, &src);
        if module == "lib" {
            continue; // declares the modules and re-exports them
        }
        let Some(own) = layer(&module) else {
            violations.push(format!("module `{module}` is missing from LAYERS"));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable file");
        for used in imports(&text) {
            if used == module {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {
                    table.entry(module.clone()).or_default().insert(used);
                }
                // Names re-exported at the crate root (`crate::Error`, `crate::Result`)
                // come from `error`.
                None if matches!(used.as_str(), "Error" | "Result" | "NodeError") => {
                    table
                        .entry(module.clone())
                        .or_default()
                        .insert("error".into());
                }
                _ => violations.push(format!(
                    "{} (module `{module}`) uses `{used}`, which is not below it",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
    }
    for m in LAYERS {
        let uses: Vec<&str> = table
            .get(*m)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        println!("{m:>9} -> {}", uses.join(", "));
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
