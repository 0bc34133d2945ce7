//! `InboundEmailFunction`: see [`helpdesk_functions::consumers::inbound_email`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::mailroom, consumers::inbound_email)
}
