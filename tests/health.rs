//! What a load balancer asks: `/healthz` (the process answers) and `/readyz` (it can serve:
//! its database answers and carries this build's schema).

mod common;

use axum::http::{Method, StatusCode};
use common::{sql, TestApp};

#[tokio::test]
async fn ready_only_while_the_database_is_migrated() {
    let app = TestApp::new().await;
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);

    // A schema older than the build: the newest migration is not applied.
    let removed =
        sql(&app.db, "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute()
            .await
            .unwrap();
    assert_eq!(removed, 1);
    let not_ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(not_ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(not_ready.body, "not ready", "the reason is logged, not sent");
    // The process itself is alive: liveness does not depend on the database.
    assert_eq!(app.call(Method::GET, "/healthz", None, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn not_ready_when_the_database_does_not_answer() {
    let app = TestApp::new().await;
    match app.db.pool() {
        app::Pool::Sqlite(p) => p.close().await,
        app::Pool::Postgres(p) => p.close().await,
    }
    assert_eq!(app.call(Method::GET, "/readyz", None, None).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.call(Method::GET, "/healthz", None, None).await.status, StatusCode::OK);
}
