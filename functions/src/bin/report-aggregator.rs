//! `ReportAggregatorFunction`: see [`helpdesk_functions::consumers::report_aggregator`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::table, consumers::report_aggregator)
}
