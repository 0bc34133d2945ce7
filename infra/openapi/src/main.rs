//! Prints the OpenAPI document: `cargo run -q -p openapi-gen > docs/openapi.json`.

fn main() {
    print!("{}", openapi_gen::document());
}
