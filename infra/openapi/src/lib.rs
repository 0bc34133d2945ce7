//! The OpenAPI document of the helpdesk API, generated from the handlers of the route
//! list (`helpdesk_functions::openapi`). `cargo run -q -p openapi-gen > docs/openapi.json`
//! writes it; the tests below fail when the checked-in file is stale or when the route
//! list, the document, the binaries and `template.yaml` disagree. `GET /api/v1/openapi.json`
//! serves the checked-in file.

/// The document as pretty JSON with a trailing newline.
pub fn document() -> String {
    helpdesk_functions::openapi::json()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use helpdesk_functions::routes::{CONSUMERS, ROUTES};
    use local_gateway::template::Template;
    use serde_json::Value;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn doc() -> Value {
        serde_json::from_str(&super::document()).unwrap_or_default()
    }

    #[test]
    fn the_checked_in_document_is_current() {
        let current = std::fs::read_to_string(root().join("docs/openapi.json")).unwrap_or_default();
        assert!(
            current == super::document(),
            "docs/openapi.json is stale: run `cargo run -q -p openapi-gen > docs/openapi.json`"
        );
    }

    /// Each template route is the operation of its function's handler (its operationId
    /// is the handler's name), and the document has no operation the template lacks.
    #[test]
    fn the_route_list_the_document_and_the_template_agree() {
        let template = Template::load(&root().join("template.yaml")).expect("template.yaml parses");
        let doc = doc();
        let mut documented = 0;
        for route in ROUTES {
            let f = template
                .function(route.function)
                .unwrap_or_else(|| panic!("{} is in the route list but not in template.yaml", route.function));
            assert_eq!(f.binary, route.binary, "{}: Metadata.Binary", route.function);
            assert!(!f.routes.is_empty(), "{} has no HttpApi event", route.function);
            for r in &f.routes {
                let op = &doc["paths"][&r.path][r.method.to_lowercase()];
                assert_eq!(
                    op["operationId"], route.operation,
                    "{} {} should be {}'s operation",
                    r.method, r.path, route.operation
                );
                let public = op["security"] == serde_json::json!([{}]);
                assert_eq!(
                    public, r.public,
                    "{} {}: token required in one, not the other",
                    r.method, r.path
                );
                documented += 1;
            }
        }
        let operations: usize = doc["paths"]
            .as_object()
            .map(|p| p.values().map(|item| item.as_object().map_or(0, |m| m.len())).sum())
            .unwrap_or(0);
        assert_eq!(
            operations, documented,
            "operations in the document but in no template route"
        );
        for f in &template.functions {
            let known = ROUTES.iter().any(|r| r.function == f.logical_id)
                || CONSUMERS
                    .iter()
                    .any(|c| c.function == f.logical_id && c.binary == f.binary);
            assert!(
                known,
                "{} ({}) is in template.yaml but not in the route list",
                f.logical_id, f.binary
            );
        }
    }

    /// Every function's binary exists, and names its own handler.
    #[test]
    fn every_function_has_its_one_line_binary() {
        let bins = root().join("functions/src/bin");
        let mut expected: Vec<(&str, &str)> = ROUTES.iter().map(|r| (r.binary, r.operation)).collect();
        expected.extend(CONSUMERS.iter().map(|c| (c.binary, "")));
        for (binary, handler) in &expected {
            let text = std::fs::read_to_string(bins.join(format!("{binary}.rs")))
                .unwrap_or_else(|_| panic!("functions/src/bin/{binary}.rs is missing"));
            assert!(
                text.contains(&format!("::{handler}")),
                "{binary}.rs does not run {handler}"
            );
        }
        let count = std::fs::read_dir(&bins).map(|d| d.count()).unwrap_or(0);
        assert_eq!(count, expected.len(), "binaries without a function in the route list");
    }

    /// Every error answer is problem+json (but API Gateway's own 401), and every
    /// operation documents the answers it shares with all the others.
    #[test]
    fn every_operation_documents_its_errors_as_problems() {
        let doc = doc();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let responses = op["responses"].as_object().cloned().unwrap_or_default();
                for s in ["500", "503"] {
                    assert!(responses.contains_key(s), "{method} {path} lacks {s}");
                }
                for (status, r) in &responses {
                    let content = r["content"].as_object().cloned().unwrap_or_default();
                    if status.starts_with('4') && status != "401" || status.starts_with('5') {
                        assert!(
                            content.contains_key("application/problem+json") && content.len() == 1,
                            "{method} {path} {status}: {content:?}"
                        );
                    }
                }
            }
        }
    }
}
