//! `GetArticleVersionFunction`: see [`helpdesk_functions::http::kb::get_article_version`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::get_article_version)
}
