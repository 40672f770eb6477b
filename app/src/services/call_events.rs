//! Call events: the engine reports hold, retrieve, manual pause and resume and transfers of
//! a call Earmark decided to record, and is told what to do with the recording now. The
//! rules are the shared model's ([`rules::after_events`]), read with the contact-center
//! settings of the call's queue.

use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::call_events::*;
use crate::policy::contact_center::{self as rules, CallEvent, ContactCenter};
use crate::policy::retention::thousands;
use crate::store::{self, Db};
use time::OffsetDateTime;

/// Keeps the event after the call's earlier ones and answers with the instruction it leads
/// to. The call must have a "record" decision (asked with its call id): events of a call
/// that is not recorded are not found. Reporting the same event twice changes nothing.
pub async fn report(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    call_id: &str,
    new: &NewCallEvent,
) -> AppResult<CallEventAnswer> {
    let c = cap.company();
    let call_id = call_id.trim();
    if call_id.is_empty() || call_id.chars().count() > 200 {
        return Err(AppError::invalid("call_id", "A call id is 1 to 200 characters."));
    }
    let queue = store::call_events::recorded_call(db, &c.id, call_id).await?.ok_or(AppError::NotFound)?;
    let cc = match queue {
        Some(q) => store::queues::queue(db, cap.reach(), &q).await?.map(|q| q.contact_center).unwrap_or_default(),
        None => ContactCenter::default(),
    };
    let mut tx = db.begin().await?;
    let mut events: Vec<CallEvent> =
        store::call_events::events(&mut tx, &c.id, call_id).await?.iter().filter_map(|e| CallEvent::parse(e)).collect();
    if events.len() >= MAX_EVENTS {
        return Err(AppError::invalid(
            "event",
            format!("Call {call_id} has reported {} events, the most a call may.", thousands(MAX_EVENTS as u64)),
        ));
    }
    let at = store::seconds_text(OffsetDateTime::now_utc());
    store::call_events::append(&mut tx, &c.id, call_id, events.len() as i64 + 1, new.event.as_str(), &at).await?;
    tx.commit().await?;
    metrics::counter!("earmark_call_events_total", "event" => new.event.as_str()).increment(1);
    let before = rules::after_events(&cc, &events);
    events.push(new.event);
    let after = rules::after_events(&cc, &events);
    Ok(CallEventAnswer {
        call_id: call_id.to_string(),
        event: new.event,
        action: rules::instruction(before, after),
        state: after,
        events: events.len(),
        because: rules::because(&cc, new.event, after).to_string(),
    })
}
