//! `NotifierFunction`: see [`helpdesk_functions::consumers::notifier`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::notifier, consumers::notifier)
}
