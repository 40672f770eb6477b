//! Queues: their opt-in settings, contact-center options, and adding, renaming, deleting.

use super::decisions::facts;
use super::licence::licensed;
use super::recording_mode::mode_view;
use super::write::{audited, stale_unless};
use super::LIST_LIMIT;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db, Tx};

pub(crate) fn queue_view(q: store::queues::QueueRecord) -> QueueView {
    QueueView { id: q.id, name: q.name, opt_in: q.opt_in, contact_center: q.contact_center, version: q.version }
}

pub async fn queues(cap: &CompanyAccess<can::QueuesView>, db: &Db) -> AppResult<Vec<QueueView>> {
    Ok(store::queues::queues(db, cap.reach(), LIST_LIMIT).await?.into_iter().map(queue_view).collect())
}

pub async fn queue(cap: &CompanyAccess<can::QueuesView>, db: &Db, id: &str) -> AppResult<QueueView> {
    store::queues::queue(db, cap.reach(), id).await?.map(queue_view).ok_or(AppError::NotFound)
}

pub async fn set_queue_opt_in(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    input: &OptInInput,
    version: i64,
) -> AppResult<QueueView> {
    let c = cap.company();
    let entry = cap.audit("queue.opt_in.update", "queue", id);
    audited(db, entry, input, async {
        let mut tx = db.begin().await?;
        // Parsed here, inside the guard, so a key or delay that cannot be read is audited as refused.
        let opt_in = input.parse()?;
        let before = store::queues::queue_to_change(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        let known = match &opt_in.audio {
            Some(audio) => store::audio_library::audio_exists(db, &c.id, audio).await?,
            None => true,
        };
        opt_in.validate(|_| known).into_result()?;
        stale_unless(store::queues::update_queue_opt_in(&mut tx, &c.id, id, &opt_in, version).await?)?;
        let after = QueueView { opt_in: opt_in.clone(), version: version + 1, ..queue_view(before.clone()) };
        Ok((tx, queue_view(before), after))
    })
    .await
}

pub async fn queue_opt_in_page(
    cap: &CompanyAccess<can::QueuesView>,
    db: &Db,
    can_modify: bool,
    id: &str,
) -> AppResult<QueueOptInPage> {
    let c = cap.company();
    let queue = store::queues::queue(db, cap.reach(), id).await?.map(queue_view).ok_or(AppError::NotFound)?;
    let f = facts(db, &c.id).await?;
    let (audio_files, playbooks) = store::audio_library::audio_library(db, &c.id).await?;
    let (audio_files, playbooks) = (
        audio_files.into_iter().map(super::audio_library::choice).collect(),
        playbooks.into_iter().map(super::audio_library::choice).collect(),
    );
    Ok(QueueOptInPage {
        company: c.name.clone(),
        licensed: f.licence.licensed,
        can_modify,
        audio_files,
        playbooks,
        mode: mode_view(&f, c.version),
        mode_says: f.recording_mode.resolve().describe(Level::Company),
        contact_center: policy::treatment::ContactCenterForm::from_settings(&queue.contact_center),
        queue,
    })
}

async fn unique_queue_name(tx: &mut Tx, company_id: &str, name: &str, except: Option<&str>) -> AppResult<String> {
    check_name("name", name)?;
    let name = name.trim().to_string();
    match store::queues::queue_named(tx, company_id, &name).await? {
        Some(other) if Some(other.as_str()) != except => {
            Err(AppError::invalid("name", format!("A queue named \"{name}\" already exists.")))
        }
        _ => Ok(name),
    }
}

/// Adds a queue, with its opt-in and contact-center settings when given (checked as their own
/// saves check them, every wrong field named at once under `opt_in.` and `contact_center.`).
pub async fn create_queue(cap: &CompanyAccess<can::QueuesModify>, db: &Db, new: &NewQueue) -> AppResult<QueueView> {
    let c = cap.company();
    let id = store::new_id();
    let entry = cap.audit("queue.create", "queue", &id);
    audited(db, entry, new, async {
        let mut tx = db.begin().await?;
        let name = unique_queue_name(&mut tx, &c.id, &new.name, None).await?;
        if new.opt_in.is_some() || new.contact_center.is_some() {
            licensed(&facts(db, &c.id).await?)?;
        }
        let mut v = Validation::default();
        if let Some(opt_in) = &new.opt_in {
            let known = match &opt_in.audio {
                Some(audio) => store::audio_library::audio_exists(db, &c.id, audio).await?,
                None => true,
            };
            // Its fields are named `opt_in.…` already.
            v.errors.extend(opt_in.validate(|_| known).errors);
        }
        if let Some(cc) = &new.contact_center {
            for e in cc.validate().errors {
                v.push(format!("contact_center.{}", e.field), e.message);
            }
        }
        v.into_result()?;
        store::queues::insert_queue(&mut tx, &id, &c.id, &name).await?;
        let mut version = 1;
        if let Some(opt_in) = &new.opt_in {
            stale_unless(store::queues::update_queue_opt_in(&mut tx, &c.id, &id, opt_in, version).await?)?;
            version += 1;
        }
        if let Some(cc) = &new.contact_center {
            stale_unless(store::queues::update_contact_center(&mut tx, &c.id, &id, cc, version).await?)?;
            version += 1;
        }
        let created = QueueView {
            id: id.clone(),
            name,
            opt_in: new.opt_in.clone().unwrap_or_default(),
            contact_center: new.contact_center.clone().unwrap_or_default(),
            version,
        };
        Ok((tx, serde_json::Value::Null, created))
    })
    .await
}

pub async fn rename_queue(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    name: &str,
    version: i64,
) -> AppResult<QueueView> {
    let c = cap.company();
    let entry = cap.audit("queue.rename", "queue", id);
    audited(db, entry, &serde_json::json!({"name": name, "version": version}), async {
        let mut tx = db.begin().await?;
        let before =
            store::queues::queue_to_change(db, cap.reach(), id).await?.map(queue_view).ok_or(AppError::NotFound)?;
        let name = unique_queue_name(&mut tx, &c.id, name, Some(id)).await?;
        stale_unless(store::rename::rename(&mut tx, store::rename::Renamed::Queue, &c.id, id, &name, version).await?)?;
        let after = QueueView { name, version: version + 1, ..before.clone() };
        Ok((tx, before, after))
    })
    .await
}

pub async fn delete_queue(cap: &CompanyAccess<can::QueuesModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let entry = cap.audit("queue.delete", "queue", id);
    audited(db, entry, &serde_json::Value::Null, async {
        let mut tx = db.begin().await?;
        let before =
            store::queues::queue_to_change(db, cap.reach(), id).await?.map(queue_view).ok_or(AppError::NotFound)?;
        if !store::queues::delete_queue(&mut tx, &c.id, id).await? {
            return Err(AppError::NotFound);
        }
        Ok((tx, before, ()))
    })
    .await
}

/// A queue's contact-center options, over the queue's version.
pub async fn set_contact_center(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    body: &ContactCenterBody,
) -> AppResult<QueueView> {
    let c = cap.company();
    let entry = cap.audit("queue.contact_center.update", "queue", id);
    audited(db, entry, body, async {
        let mut tx = db.begin().await?;
        let before = store::queues::queue_to_change(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        body.contact_center.validate().into_result()?;
        stale_unless(
            store::queues::update_contact_center(&mut tx, &c.id, id, &body.contact_center, body.version).await?,
        )?;
        let after = QueueView {
            contact_center: body.contact_center.clone(),
            version: body.version + 1,
            ..queue_view(before.clone())
        };
        Ok((tx, queue_view(before), after))
    })
    .await
}
