//! Renaming queues and playbooks over the version read.

use super::run;
use super::Tx;

/// What [`rename`] renames: objects edited with the version they were read at.
#[derive(Clone, Copy, Debug)]
pub enum Renamed {
    Queue,
    Playbook,
}

/// Renames a queue or playbook if it is still at `version`; false when it is not.
pub async fn rename(
    tx: &mut Tx,
    what: Renamed,
    company_id: &str,
    id: &str,
    name: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let table = match what {
        Renamed::Queue => "queues",
        Renamed::Playbook => "playbooks",
    };
    let done = run!(
        tx,
        &format!("UPDATE {table} SET name = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?"),
        |q, c| sqlx::query(q).bind(name).bind(company_id).bind(id).bind(version).execute(c).await.affected()
    )?;
    Ok(done == 1)
}
