//! A company's call-recording licence and seats.

use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::*;
use crate::store::{self, Db};

pub(crate) fn licensed(facts: &PolicyFacts) -> AppResult<()> {
    if facts.licence.licensed {
        Ok(())
    } else {
        Err(AppError::invalid(
            "licence",
            format!(
                "{} has no call-recording licence, so its recording policy cannot be changed. Ask your reseller to license it.",
                facts.company.name
            ),
        ))
    }
}

/// A company's licence and seats (Resellers: Modify). Lowering the seats below those in use
/// is refused with the count.
pub async fn set_licence(
    cap: &CompanyAccess<can::ResellersModify>,
    db: &Db,
    licensed: bool,
    seats: i64,
    version: i64,
) -> AppResult<LicenceView> {
    let c = cap.company();
    let entry = cap.audit("licence.update", "company", &c.id);
    let attempted = serde_json::json!({"licensed": licensed, "seats": seats, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        if !(0..=100_000).contains(&seats) {
            return Err(AppError::invalid("seats", "Seats are a whole number from 0 to 100000."));
        }
        stale_unless(store::licence::update_licence(&mut tx, &c.id, licensed, seats, version).await?)?;
        let used = store::users::seats_used(&mut tx, &c.id).await?;
        Licence { licensed, seats: seats as u32 }.validate(used.max(0) as u32).into_result()?;
        let before = LicenceView { licensed: c.licensed, seats: c.seats, seats_used: used, version };
        let after = LicenceView { licensed, seats, seats_used: used, version: version + 1 };
        Ok((tx, before, after))
    })
    .await
}
