//! `ListArticleVersionsFunction`: see [`helpdesk_functions::http::kb::list_article_versions`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::list_article_versions)
}
