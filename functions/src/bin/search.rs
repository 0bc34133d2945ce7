//! `SearchFunction`: see [`helpdesk_functions::http::search::search`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::search, http::search::search)
}
