//! `SetAgentStatusFunction`: see [`helpdesk_functions::http::people::set_agent_status`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::people::set_agent_status)
}
