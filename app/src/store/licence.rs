//! A company's licence.

use super::Tx;

pub async fn update_licence(
    tx: &mut Tx,
    id: &str,
    licensed: bool,
    seats: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE companies SET licensed = ?, seats = ?, version = version + 1 WHERE id = ? AND version = ?")
            .bind(licensed)
            .bind(seats)
            .bind(id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}
