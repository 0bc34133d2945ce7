//! `DeleteMacroFunction`: see [`helpdesk_functions::http::library::delete_macro`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::library::delete_macro)
}
