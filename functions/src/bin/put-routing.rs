//! `PutRoutingFunction`: see [`helpdesk_functions::http::rules::put_routing`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::rules::put_routing)
}
