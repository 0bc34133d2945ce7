//! A customer's rating of a resolution: its own module, so the events that carry it
//! need nothing else of [`crate::csat`].

use serde::{Deserialize, Serialize};

/// Good, okay or bad: the survey's three links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Rating {
    Good,
    Okay,
    Bad,
}

impl Rating {
    pub const ALL: [Self; 3] = [Self::Good, Self::Okay, Self::Bad];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Okay => "okay",
            Self::Bad => "bad",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Its report counter.
    pub fn counter(self) -> String {
        format!("csat_{}", self.as_str())
    }
}
