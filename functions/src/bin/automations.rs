//! `AutomationsFunction`: see [`helpdesk_functions::consumers::automations`].
// The runtime future of this handler nests deeper than the default limit.
#![recursion_limit = "256"]
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::table, consumers::automations)
}
