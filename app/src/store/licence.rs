//! A company's licence.

use super::run;
use super::Tx;

pub async fn update_licence(
    tx: &mut Tx,
    id: &str,
    licensed: bool,
    seats: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE companies SET licensed = ?, seats = ?, version = version + 1 WHERE id = ? AND version = ?",
        |q, c| sqlx::query(q).bind(licensed).bind(seats).bind(id).bind(version).execute(c).await.affected()
    )?;
    Ok(done == 1)
}
