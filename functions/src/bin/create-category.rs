//! `CreateCategoryFunction`: see [`helpdesk_functions::http::kb::create_category`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::create_category)
}
