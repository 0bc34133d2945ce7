//! `CreateMacroFunction`: see [`helpdesk_functions::http::library::create_macro`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::library::create_macro)
}
