//! `DeleteAutomationFunction`: see [`helpdesk_functions::http::rules::delete_automation`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::rules::delete_automation)
}
