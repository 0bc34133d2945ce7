//! `SearchIndexerFunction`: see [`helpdesk_functions::consumers::search_indexer`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{consumers, deps};
    helpdesk_platform::lambda::events(deps::search, consumers::search_indexer)
}
