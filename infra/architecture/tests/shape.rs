//! The shape of the code, as tests: layers without circles, one place for keys and for
//! the meaning of a failed transaction, tests last, thin handlers and mains.

use architecture::{
    find_cycle, items_after_tests, mentions, module_graph, role_checks, root, rust_files, string_literals,
};

fn rel(p: &std::path::Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

#[test]
fn the_domain_modules_form_layers_without_circles() {
    let graph = module_graph(&root().join("shared/domain"));
    assert!(graph.len() > 10, "modules read: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("shared/domain has an import circle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_store_modules_form_layers_without_circles() {
    let graph = module_graph(&root().join("shared/store"));
    assert!(graph.len() > 8, "modules read: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("shared/store has an import circle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_domain_never_names_aws_http_or_the_table() {
    let manifest = std::fs::read_to_string(root().join("shared/domain/Cargo.toml")).unwrap_or_default();
    for forbidden in ["aws-", "lambda", "http", "helpdesk-store", "serde_dynamo"] {
        assert!(
            !manifest.contains(forbidden),
            "shared/domain/Cargo.toml depends on {forbidden}"
        );
    }
}

#[test]
fn test_modules_come_last_in_every_shared_file() {
    let mut bad = Vec::new();
    for file in rust_files(&root().join("shared")) {
        for line in items_after_tests(&file) {
            bad.push(format!("{}:{line}", rel(&file)));
        }
    }
    assert!(bad.is_empty(), "items after the test module: {bad:?}");
}

/// Table keys are built in `shared/store/src/keys.rs` only.
#[test]
fn no_key_is_spelled_outside_keys_rs() {
    let keys = root().join("shared/store/src/keys.rs");
    let own = root().join("infra/architecture");
    let markers = [concat!("ORG", "#"), concat!("#TICKET", "#"), concat!("EVENT", "#")];
    let mut bad = Vec::new();
    for dir in ["shared", "functions", "infra", "tests"] {
        for file in rust_files(&root().join(dir)) {
            if file == keys || file.starts_with(&own) {
                continue;
            }
            for lit in string_literals(&file) {
                if markers.iter().any(|m| lit.value.contains(m)) {
                    bad.push(format!("{}:{} {:?}", rel(&lit.file), lit.line, lit.value));
                }
            }
        }
    }
    assert!(bad.is_empty(), "keys built outside keys.rs: {bad:#?}");
}

/// What a failed condition means is told by the item that carries it (the store's
/// transaction builder), never read back by position.
#[test]
fn no_transaction_failure_is_read_by_position() {
    let tx = root().join("shared/store/src/tx.rs");
    let mut bad = Vec::new();
    for dir in ["shared", "functions", "infra", "tests"] {
        for file in rust_files(&root().join(dir)) {
            if file == tx {
                continue;
            }
            for (line, ident) in mentions(&file, &["cancellation_reasons", "CancellationReason"]) {
                bad.push(format!("{}:{line} {ident}", rel(&file)));
            }
        }
    }
    assert!(bad.is_empty(), "cancellation reasons read outside store::tx: {bad:?}");
}

/// Who may do what is decided in `shared/domain` (and asked by the use cases); a
/// handler never looks at a caller's role. (The checker itself is tested below.)
#[test]
fn no_handler_checks_a_role_by_hand() {
    let mut bad = Vec::new();
    for file in rust_files(&root().join("functions")) {
        for (line, what) in role_checks(&file) {
            bad.push(format!("{}:{line} {what}", rel(&file)));
        }
    }
    assert!(bad.is_empty(), "role checks in handlers: {bad:?}");
}

/// Each Lambda binary is a line of wiring: config, clients and the handler live elsewhere.
#[test]
fn every_lambda_main_is_a_few_lines() {
    let bins = root().join("functions/src/bin");
    let files = rust_files(&bins);
    assert!(
        files.len() > 40,
        "binaries found under functions/src/bin: {}",
        files.len()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
            .count();
        assert!(code <= 6, "{} has {code} lines of code", rel(&file));
    }
}

#[test]
fn the_role_check_detector_sees_comparisons_matches_and_rule_calls() {
    let dir = std::env::temp_dir().join(format!("arch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("handler.rs");
    std::fs::write(
        &file,
        "fn h(caller: Caller, body: Body) {\n\
         let ok = caller.role < Role::Manager;\n\
         let staff = caller.is_staff();\n\
         require_admin(&caller);\n\
         let role = body.role;\n\
         }\n",
    )
    .unwrap();
    let found: Vec<usize> = role_checks(&file).into_iter().map(|(l, _)| l).collect();
    assert_eq!(found, [2, 3, 4], "passing a role field through (line 5) is no check");
}
