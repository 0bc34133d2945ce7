//! Configuration read once at cold start. A missing variable stops the function with a
//! message that names it, rather than failing on the first request.

#[derive(Debug, thiserror::Error)]
#[error("missing or empty environment variable {0}")]
pub struct MissingVar(pub &'static str);

pub fn required(name: &'static str) -> Result<String, MissingVar> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or(MissingVar(name))
}
