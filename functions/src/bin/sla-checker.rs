//! `SlaCheckerFunction`: see [`helpdesk_functions::consumers::sla_checker`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::table, consumers::sla_checker)
}
