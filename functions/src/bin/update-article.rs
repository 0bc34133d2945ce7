//! `UpdateArticleFunction`: see [`helpdesk_functions::http::kb::update_article`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::update_article)
}
