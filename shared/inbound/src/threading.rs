//! Which ticket an inbound message answers. First match wins:
//! 1. a referenced Message-ID of ours whose signature holds for this org, or one of a
//!    message delivered to this org whose index record carries our signature;
//! 2. a signed reply token in the recipient's plus tag;
//! 3. the ticket number in the subject, only when the sender is a participant of that
//!    ticket (or its customer).
//!
//! A merged ticket forwards to the ticket it was merged into. The decision is pure: the
//! table is reached only through [`Lookup`], which the application layer implements.

use std::future::Future;

use helpdesk_domain::{CustomerId, Email, OrgId, Ticket, TicketId, TicketNumber};
use helpdesk_mail::Signer;

use crate::{InboundMail, subject_number};

/// A Message-ID as the org's index records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub ticket_id: TicketId,
    /// Mail delivered to us (`true`) or sent by us.
    pub inbound: bool,
    /// For delivered mail: the signature written with the record.
    pub sig: Option<String>,
}

/// What threading reads.
pub trait Lookup: Sync {
    type Error;
    fn recorded(
        &self,
        org: &OrgId,
        message_id: &str,
    ) -> impl Future<Output = Result<Option<Recorded>, Self::Error>> + Send;
    fn ticket_id_by_number(
        &self,
        org: &OrgId,
        number: TicketNumber,
    ) -> impl Future<Output = Result<Option<TicketId>, Self::Error>> + Send;
    fn ticket(&self, org: &OrgId, id: TicketId) -> impl Future<Output = Result<Option<Ticket>, Self::Error>> + Send;
}

/// Merges followed at most this far (a chain longer than this is a loop).
const MERGE_HOPS: usize = 5;

/// The ticket `mail` answers in `org`, by the rules above. `tags` are the plus tags it
/// was addressed with; `sender` the customer id its `From` already has in the org.
pub async fn thread<L: Lookup>(
    lookup: &L,
    signer: &Signer,
    mail: &InboundMail,
    org: &OrgId,
    tags: &[String],
    from: &Email,
    sender: Option<&CustomerId>,
) -> Result<Option<Ticket>, L::Error> {
    for reference in &mail.references {
        let ticket = match signer.verify_message_id(reference) {
            Some((o, t)) if &o == org => Some(t),
            Some(_) => None,
            None => lookup.recorded(org, reference).await?.and_then(|m| {
                let signed =
                    m.inbound && m.sig.as_deref() == Some(signer.reference_sig(org, m.ticket_id, reference).as_str());
                signed.then_some(m.ticket_id)
            }),
        };
        if let Some(t) = ticket
            && let Some(t) = current(lookup, org, t).await?
        {
            return Ok(Some(t));
        }
    }
    for tag in tags {
        if let Some(t) = signer.verify_reply_token(org, tag)
            && let Some(t) = current(lookup, org, t).await?
        {
            return Ok(Some(t));
        }
    }
    if let Some(number) = subject_number(&mail.subject)
        && let Some(id) = lookup.ticket_id_by_number(org, number).await?
        && let Some(t) = current(lookup, org, id).await?
        && (t.is_participant(from, None) || sender == Some(&t.customer_id))
    {
        return Ok(Some(t));
    }
    Ok(None)
}

/// The ticket, or the one it was merged into.
async fn current<L: Lookup>(lookup: &L, org: &OrgId, mut id: TicketId) -> Result<Option<Ticket>, L::Error> {
    for _ in 0..MERGE_HOPS {
        match lookup.ticket(org, id).await? {
            Some(t) => match t.merged_into {
                Some(next) => id = next,
                None => return Ok(Some(t)),
            },
            None => return Ok(None),
        }
    }
    Ok(None)
}
