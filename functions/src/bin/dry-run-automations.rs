//! `DryRunAutomationsFunction`: see [`helpdesk_functions::http::rules::dry_run_automations`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::rules::dry_run_automations)
}
