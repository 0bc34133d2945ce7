//! An org's settings: SLA policies, business hours, mail templates.

use helpdesk_domain::Caller;
use helpdesk_domain::access::{require_admin, require_staff};
use helpdesk_domain::hours::BusinessHours;
use helpdesk_domain::mail::{MailTemplates, MailTemplatesView};
use helpdesk_domain::sla::SlaPolicies;
use helpdesk_mail::templates::{check, default_template};
use helpdesk_store::{SettingsReads, SettingsWrites};

use crate::AppResult;

const STAFF_ONLY: &str = "only staff may do this";
const ADMINS_ONLY: &str = "only admins manage agents, teams and settings";

/// The zone of the org's business hours (`UTC` when unset): its days are report days.
pub async fn time_zone(store: &impl SettingsReads, org: &helpdesk_domain::OrgId) -> AppResult<String> {
    Ok(store
        .sla_settings(org)
        .await?
        .business_hours
        .map_or_else(|| "UTC".to_owned(), |h| h.time_zone))
}

pub async fn sla_policies(store: &impl SettingsReads, caller: &Caller) -> AppResult<SlaPolicies> {
    require_staff(caller, STAFF_ONLY)?;
    Ok(store.sla_settings(&caller.org_id).await?.policies.unwrap_or_default())
}

/// Replaces the policies (one per priority, targets in minutes). Admins only.
pub async fn put_sla_policies(
    store: &impl SettingsWrites,
    caller: &Caller,
    policies: SlaPolicies,
) -> AppResult<SlaPolicies> {
    require_admin(caller, ADMINS_ONLY)?;
    policies.validate()?;
    store.put_sla_policies(&caller.org_id, &policies).await?;
    Ok(policies)
}

/// The org's hours; office hours in UTC until an admin sets them.
pub async fn business_hours(store: &impl SettingsReads, caller: &Caller) -> AppResult<BusinessHours> {
    require_staff(caller, STAFF_ONLY)?;
    Ok(store
        .sla_settings(&caller.org_id)
        .await?
        .business_hours
        .unwrap_or_else(|| BusinessHours::office("UTC")))
}

/// Replaces the hours, once they make a valid schedule. Admins only.
pub async fn put_business_hours(
    store: &impl SettingsWrites,
    caller: &Caller,
    hours: BusinessHours,
) -> AppResult<BusinessHours> {
    require_admin(caller, ADMINS_ONLY)?;
    hours.schedule()?;
    store.put_business_hours(&caller.org_id, &hours).await?;
    Ok(hours)
}

/// The wording in force per mail kind (overrides, else defaults). Staff.
pub async fn mail_templates(store: &impl SettingsReads, caller: &Caller) -> AppResult<MailTemplatesView> {
    require_staff(caller, STAFF_ONLY)?;
    let org = store.org_mail(&caller.org_id).await?.unwrap_or_default();
    Ok(MailTemplatesView::new(&org.mail_templates, default_template))
}

/// Replaces the overrides; each must render with only its kind's variables. Admins only.
pub async fn put_mail_templates(
    store: &impl SettingsWrites,
    caller: &Caller,
    templates: MailTemplates,
) -> AppResult<MailTemplatesView> {
    require_admin(caller, ADMINS_ONLY)?;
    check(&templates)?;
    store.put_mail_templates(&caller.org_id, &templates).await?;
    Ok(MailTemplatesView::new(&templates, default_template))
}
