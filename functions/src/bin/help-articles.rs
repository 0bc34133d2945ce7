//! `HelpArticlesFunction`: see [`helpdesk_functions::http::help::help_articles`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::search, http::help::help_articles)
}
