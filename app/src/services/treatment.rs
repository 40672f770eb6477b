//! The recording treatment: the company's defaults and the rules every level's options obey.

use super::decisions::facts;
use super::licence::licensed;
use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db};

/// The feature codes a manual start or stop code must not clash with: the platform's and
/// the company's on-demand code.
pub(crate) fn feature_codes(f: &PolicyFacts) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> =
        policy::force::PLATFORM_FEATURE_CODES.iter().map(|(c, w)| (c.to_string(), w.to_string())).collect();
    if f.force.on_demand.enabled && !f.force.on_demand.code.is_empty() {
        codes.push((f.force.on_demand.code.clone(), "the on-demand recording code".into()));
    }
    codes
}

/// The options' own rules, the feature codes, and an MP3 announcement of the library.
pub(crate) async fn check_treatment(
    db: &Db,
    f: &PolicyFacts,
    own: &policy::treatment::TreatmentOverride,
    effective: &policy::treatment::EffectiveTreatment,
) -> AppResult<()> {
    let codes = feature_codes(f);
    let codes: Vec<(&str, &str)> = codes.iter().map(|(c, w)| (c.as_str(), w.as_str())).collect();
    policy::treatment::validate_options(own, effective, &codes).into_result()?;
    if let Some(policy::treatment::Announcement::Mp3 { file }) = &own.announcement {
        if !store::audio_library::audio_is_mp3(db, &f.company.id, file).await? {
            return Err(AppError::invalid("announcement.file", "Choose an MP3 of this company's audio library."));
        }
    }
    Ok(())
}

pub async fn treatment(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<TreatmentView> {
    let (treatment, version) =
        store::treatment::company_treatment(db, &cap.company().id).await?.ok_or(AppError::NotFound)?;
    Ok(TreatmentView { treatment, version })
}

pub async fn set_treatment(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    treatment: policy::treatment::Treatment,
    version: i64,
) -> AppResult<TreatmentView> {
    let c = cap.company();
    let entry = cap.audit("treatment.update", "company", &c.id);
    let attempted = TreatmentView { treatment: treatment.clone(), version };
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let f = facts(db, &c.id).await?;
        licensed(&f)?;
        let all = policy::treatment::TreatmentOverride::from(&treatment);
        check_treatment(db, &f, &all, &treatment.as_effective(&f.company)).await?;
        stale_unless(store::treatment::update_company_treatment(&mut tx, &c.id, &treatment, version).await?)?;
        let before = TreatmentView { treatment: f.treatment.clone(), version };
        let after = TreatmentView { treatment: treatment.clone(), version: version + 1 };
        Ok((tx, before, after))
    })
    .await
}

/// The company's Recording treatment page.
pub async fn treatment_page(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    can_modify: bool,
) -> AppResult<TreatmentPage> {
    let c = cap.company();
    let f = facts(db, &c.id).await?;
    let (t, version) = store::treatment::company_treatment(db, &c.id).await?.ok_or(AppError::NotFound)?;
    Ok(TreatmentPage {
        form: policy::treatment::TreatmentForm::from_override(&policy::treatment::TreatmentOverride::from(&t), None),
        version,
        licensed: f.licence.licensed,
        can_modify,
        mp3_files: store::audio_library::mp3_files(db, &c.id)
            .await?
            .into_iter()
            .map(super::audio_library::choice)
            .collect(),
    })
}
