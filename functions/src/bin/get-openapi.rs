//! `GetOpenApiFunction`: see [`helpdesk_functions::http::meta::get_openapi`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::none, http::meta::get_openapi)
}
