//! What SES's receipt verdicts mean for a message.

/// One SES verdict (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verdict {
    Pass,
    Fail,
    Gray,
    ProcessingFailed,
    /// Not checked (the check is off, or the mail came through the webhook).
    #[default]
    Disabled,
}

impl Verdict {
    pub fn parse(status: Option<&str>) -> Self {
        match status.map(str::to_ascii_uppercase).as_deref() {
            Some("PASS") => Self::Pass,
            Some("FAIL") => Self::Fail,
            Some("GRAY") => Self::Gray,
            Some("PROCESSING_FAILED") => Self::ProcessingFailed,
            _ => Self::Disabled,
        }
    }
}

/// The receipt's verdicts on a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdicts {
    pub spam: Verdict,
    pub virus: Verdict,
    pub spf: Verdict,
    pub dkim: Verdict,
    pub dmarc: Verdict,
    /// The sender domain's DMARC policy (`none`, `quarantine`, `reject`).
    pub dmarc_policy: Option<String>,
}

/// What to do with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    Accept,
    /// Ticketed, flagged as spam, never answered automatically.
    Spam,
    /// Kept aside for admins, not ticketed; the reasons say why.
    Quarantine(Vec<&'static str>),
}

/// Virus, DMARC failing under an enforcing policy, or SPF and DKIM both failing:
/// quarantine. A spam verdict alone: ticket it, flagged.
pub fn judge(v: &Verdicts) -> Disposition {
    let enforcing = v
        .dmarc_policy
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case("reject") || p.eq_ignore_ascii_case("quarantine"));
    let reasons: Vec<&'static str> = [
        (v.virus == Verdict::Fail, "virus"),
        (v.dmarc == Verdict::Fail && enforcing, "dmarc"),
        (v.spf == Verdict::Fail && v.dkim == Verdict::Fail, "spf-and-dkim"),
    ]
    .into_iter()
    .filter_map(|(hit, why)| hit.then_some(why))
    .collect();
    if !reasons.is_empty() {
        Disposition::Quarantine(reasons)
    } else if v.spam == Verdict::Fail {
        Disposition::Spam
    } else {
        Disposition::Accept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass() -> Verdicts {
        Verdicts {
            spam: Verdict::Pass,
            virus: Verdict::Pass,
            spf: Verdict::Pass,
            dkim: Verdict::Pass,
            dmarc: Verdict::Pass,
            dmarc_policy: None,
        }
    }

    #[test]
    fn the_verdicts_decide_quarantine_spam_or_accept() {
        assert_eq!(judge(&pass()), Disposition::Accept);
        assert_eq!(judge(&Verdicts::default()), Disposition::Accept);
        let virus = Verdicts {
            virus: Verdict::Fail,
            ..pass()
        };
        assert_eq!(judge(&virus), Disposition::Quarantine(vec!["virus"]));
        let dmarc_none = Verdicts {
            dmarc: Verdict::Fail,
            dmarc_policy: Some("none".into()),
            ..pass()
        };
        assert_eq!(judge(&dmarc_none), Disposition::Accept);
        for policy in ["reject", "QUARANTINE"] {
            let v = Verdicts {
                dmarc: Verdict::Fail,
                dmarc_policy: Some(policy.into()),
                ..pass()
            };
            assert_eq!(judge(&v), Disposition::Quarantine(vec!["dmarc"]));
        }
        let spf_only = Verdicts {
            spf: Verdict::Fail,
            ..pass()
        };
        assert_eq!(judge(&spf_only), Disposition::Accept);
        let both = Verdicts {
            spf: Verdict::Fail,
            dkim: Verdict::Fail,
            ..pass()
        };
        assert_eq!(judge(&both), Disposition::Quarantine(vec!["spf-and-dkim"]));
        let spam = Verdicts {
            spam: Verdict::Fail,
            ..pass()
        };
        assert_eq!(judge(&spam), Disposition::Spam);
        let spam_virus = Verdicts {
            spam: Verdict::Fail,
            virus: Verdict::Fail,
            ..pass()
        };
        assert_eq!(judge(&spam_virus), Disposition::Quarantine(vec!["virus"]));
        assert_eq!(Verdict::parse(Some("PROCESSING_FAILED")), Verdict::ProcessingFailed);
        assert_eq!(Verdict::parse(None), Verdict::Disabled);
    }
}
