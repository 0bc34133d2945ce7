//! `EventPublisherFunction`: see [`helpdesk_functions::consumers::event_publisher`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::bus, consumers::event_publisher)
}
