//! `CreateAgentFunction`: see [`helpdesk_functions::http::people::create_agent`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::people::create_agent)
}
