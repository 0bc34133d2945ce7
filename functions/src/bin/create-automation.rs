//! `CreateAutomationFunction`: see [`helpdesk_functions::http::rules::create_automation`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::rules::create_automation)
}
