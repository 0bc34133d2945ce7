//! Reads the workspace's Rust sources to check their shape (the tests under `tests/`):
//! which module of a crate uses which, where string literals and calls appear.
//! It parses with `syn`, so comments and doc text never count as code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Every `.rs` file under `dir` (recursively), skipping build output.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if p.is_dir() {
                if !matches!(name, "target" | "node_modules" | ".local" | ".git" | "fuzz") {
                    stack.push(p);
                }
            } else if name.ends_with(".rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().trim() == "test")
    })
}

/// The top-level module a source file of a crate belongs to (`src/reports/read.rs` is
/// `reports`; `src/lib.rs` is the root, `None`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    match first.strip_suffix(".rs") {
        Some("lib" | "main") => None,
        Some(m) => Some(m.to_owned()),
        None => Some(first),
    }
}

/// The names the crate root re-exports (`pub use module::{A, B}`), by the module they
/// come from, so that `crate::A` counts as a use of that module.
fn root_exports(lib: &syn::File) -> BTreeMap<String, String> {
    fn walk(tree: &syn::UseTree, module: Option<&str>, out: &mut BTreeMap<String, String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let m = module.map_or_else(|| p.ident.to_string(), str::to_owned);
                walk(&p.tree, Some(&m), out);
            }
            syn::UseTree::Name(n) => {
                if let Some(m) = module {
                    out.insert(n.ident.to_string(), m.to_owned());
                }
            }
            syn::UseTree::Rename(r) => {
                if let Some(m) = module {
                    out.insert(r.rename.to_string(), m.to_owned());
                }
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| walk(t, module, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    let mut out = BTreeMap::new();
    for item in &lib.items {
        if let syn::Item::Use(u) = item
            && matches!(u.vis, syn::Visibility::Public(_))
        {
            walk(&u.tree, None, &mut out);
        }
    }
    out
}

/// Collects the first segment after `crate::` of every path, outside test-only code.
#[derive(Default)]
struct CrateRefs(BTreeSet<String>);

impl CrateRefs {
    fn use_tree(&mut self, tree: &syn::UseTree, after_crate: bool) {
        match tree {
            syn::UseTree::Path(p) if !after_crate => self.use_tree(&p.tree, p.ident == "crate"),
            syn::UseTree::Path(p) => {
                self.0.insert(p.ident.to_string());
            }
            syn::UseTree::Name(n) if after_crate => {
                self.0.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) if after_crate => {
                self.0.insert(r.ident.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t, after_crate)),
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for CrateRefs {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs = match i {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(x) => &x.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, i),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, i);
        }
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&u.tree, false);
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<_> = p.segments.iter().collect();
        if segs.len() >= 2 && segs[0].ident == "crate" {
            self.0.insert(segs[1].ident.to_string());
        }
        syn::visit::visit_path(self, p);
    }
}

/// Which top-level module of the crate at `crate_dir` uses which (test code excluded).
pub fn module_graph(crate_dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let src = crate_dir.join("src");
    let lib = parse(&src.join("lib.rs"));
    let exports = root_exports(&lib);
    let modules: BTreeSet<String> = rust_files(&src).iter().filter_map(|f| top_module(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for file in rust_files(&src) {
        let Some(from) = top_module(&src, &file) else { continue };
        let mut refs = CrateRefs::default();
        refs.visit_file(&parse(&file));
        for name in refs.0 {
            let to = if modules.contains(&name) {
                Some(name)
            } else {
                exports.get(&name).cloned()
            };
            if let Some(to) = to.filter(|t| *t != from) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// A cycle in the graph, if there is one, as the modules along it.
pub fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn dfs(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = dfs(m, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = dfs(n, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

/// A string literal in code (not in doc comments or other attributes), with its line.
#[derive(Debug, Clone)]
pub struct Literal {
    pub file: PathBuf,
    pub line: usize,
    pub value: String,
}

struct Literals<'a> {
    file: &'a Path,
    out: Vec<Literal>,
}

impl<'ast> Visit<'ast> for Literals<'_> {
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
    // Unit tests may spell what a key must never be (inputs refused by a parser).
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
        self.out.push(Literal {
            file: self.file.to_path_buf(),
            line: l.span().start().line,
            value: l.value(),
        });
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // format!("ORG#{org}") and friends: their string literals are tokens, at any depth.
        fn walk(tokens: proc_macro2::TokenStream, file: &Path, out: &mut Vec<Literal>) {
            for t in tokens {
                match t {
                    proc_macro2::TokenTree::Literal(lit) => {
                        if let Ok(s) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                            out.push(Literal {
                                file: file.to_path_buf(),
                                line: lit.span().start().line,
                                value: s.value(),
                            });
                        }
                    }
                    proc_macro2::TokenTree::Group(g) => walk(g.stream(), file, out),
                    _ => {}
                }
            }
        }
        walk(m.tokens.clone(), self.file, &mut self.out);
    }
}

/// Every string literal in code of the file.
pub fn string_literals(file: &Path) -> Vec<Literal> {
    let mut v = Literals { file, out: Vec::new() };
    v.visit_file(&parse(file));
    v.out
}

/// Where a file mentions `ident` as a path segment or method name (calls, field reads).
pub fn mentions(file: &Path, idents: &[&str]) -> Vec<(usize, String)> {
    struct Mentions<'a> {
        idents: &'a [&'a str],
        out: Vec<(usize, String)>,
    }
    impl<'ast> Visit<'ast> for Mentions<'_> {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            let s = i.to_string();
            if self.idents.contains(&s.as_str()) {
                self.out.push((i.span().start().line, s));
            }
        }
    }
    let mut v = Mentions {
        idents,
        out: Vec::new(),
    };
    v.visit_file(&parse(file));
    v.out
}

/// Where a file decides by role: compares a role (`caller.role < Role::Manager`),
/// matches on one, or asks `is_staff()` / `require_*()` itself.
pub fn role_checks(file: &Path) -> Vec<(usize, String)> {
    use syn::spanned::Spanned;
    fn mentions_role(e: &syn::Expr) -> bool {
        struct Finder(bool);
        impl<'ast> Visit<'ast> for Finder {
            fn visit_member(&mut self, m: &'ast syn::Member) {
                self.0 |= matches!(m, syn::Member::Named(i) if i == "role");
            }
            fn visit_path(&mut self, p: &'ast syn::Path) {
                self.0 |= p.segments.iter().any(|s| s.ident == "Role");
                syn::visit::visit_path(self, p);
            }
        }
        let mut f = Finder(false);
        f.visit_expr(e);
        f.0
    }
    struct Checks(Vec<(usize, String)>);
    impl<'ast> Visit<'ast> for Checks {
        fn visit_expr_binary(&mut self, e: &'ast syn::ExprBinary) {
            if mentions_role(&e.left) || mentions_role(&e.right) {
                self.0.push((e.span().start().line, "compares a role".into()));
            }
            syn::visit::visit_expr_binary(self, e);
        }
        fn visit_expr_match(&mut self, e: &'ast syn::ExprMatch) {
            if mentions_role(&e.expr) {
                self.0.push((e.span().start().line, "matches on a role".into()));
            }
            syn::visit::visit_expr_match(self, e);
        }
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            if e.method == "is_staff" {
                self.0.push((e.span().start().line, "is_staff()".into()));
            }
            syn::visit::visit_expr_method_call(self, e);
        }
        fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*e.func
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident.to_string().starts_with("require_"))
            {
                self.0.push((e.span().start().line, "require_*()".into()));
            }
            syn::visit::visit_expr_call(self, e);
        }
    }
    let mut v = Checks(Vec::new());
    v.visit_file(&parse(file));
    v.0
}

/// Items that follow a test module in the file (test modules come last).
pub fn items_after_tests(file: &Path) -> Vec<usize> {
    let parsed = parse(file);
    let mut seen_tests = false;
    let mut out = Vec::new();
    for item in &parsed.items {
        let test = matches!(item, syn::Item::Mod(m) if is_test_only(&m.attrs));
        if test {
            seen_tests = true;
        } else if seen_tests {
            use syn::spanned::Spanned;
            out.push(item.span().start().line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_found_and_a_layering_is_not() {
        let g = |edges: &[(&str, &str)]| {
            let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (a, b) in edges {
                g.entry((*a).into()).or_default().insert((*b).into());
                g.entry((*b).into()).or_default();
            }
            g
        };
        assert_eq!(find_cycle(&g(&[("ids", "audit"), ("audit", "ticket")])), None);
        let cycle = find_cycle(&g(&[
            ("events", "lifecycle"),
            ("lifecycle", "ticket"),
            ("ticket", "events"),
        ]));
        assert_eq!(cycle.map(|c| c.len()), Some(4), "three modules and back");
    }
}
