//! `ListArticlesFunction`: see [`helpdesk_functions::http::kb::list_articles`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::search, http::kb::list_articles)
}
