//! A real router on a freshly migrated SQLite file with the demo data, driven in-process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use earmark::config::ServeArgs;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub mod recordings;
pub mod server;
pub mod sql;
pub use sql::sql;

pub const PASSWORD: &str = "demo-pass-2026";

/// A condition on a recording `r`: neither its user nor its queue is in Northwind's Support
/// team, which the tests' team-limited administrators are limited to.
pub const OUTSIDE_SUPPORT_TEAM: &str = "NOT ( \
     r.user_id IN (SELECT u.id FROM users u JOIN teams t ON t.id = u.team_id WHERE t.name = 'Support') \
     OR r.queue_id IN (SELECT tq.queue_id FROM team_queues tq JOIN teams t ON t.id = tq.team_id WHERE t.name = 'Support'))";

pub struct TestApp {
    pub router: Router,
    pub db: app::Db,
    pub storages: std::sync::Arc<app::Storages>,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

/// The database a test app runs on: a SQLite file in the test's folder, or, when
/// `EARMARK_TEST_POSTGRES` names a PostgreSQL server (`postgres://user@host:port`, as
/// scripts/test starts one), a new database of its own there, dropped after the test. The
/// whole suite runs once per backend.
pub struct TestDatabase {
    pub location: app::Location,
    drop_on: Option<(String, String)>,
}

impl TestDatabase {
    /// The database as `EARMARK_DATABASE` names it to the real binary.
    pub fn url(&self) -> String {
        match &self.location {
            app::Location::Sqlite(file) => file.to_string_lossy().into_owned(),
            app::Location::Postgres(url) => url.clone(),
        }
    }
}

/// The S3-compatible server the recordings go to when `EARMARK_TEST_S3` names one (its
/// endpoint, as scripts/test starts moto); otherwise a folder. The bucket is shared, each test
/// app has a prefix of its own.
pub fn s3_server() -> Option<String> {
    std::env::var("EARMARK_TEST_S3").ok().filter(|s| !s.is_empty())
}

pub const TEST_BUCKET: &str = "earmark-tests";

/// The account of the test bucket under `prefix`, the bucket made if it is not there yet.
pub async fn test_s3_account(endpoint: &str, prefix: &str) -> app::store::files::S3Account {
    let owned = endpoint.to_string();
    tokio::task::spawn_blocking(move || server::make_test_bucket(&owned)).await.expect("the test bucket");
    app::store::files::S3Account {
        endpoint: endpoint.to_string(),
        region: "us-east-1".into(),
        bucket: TEST_BUCKET.into(),
        prefix: prefix.into(),
        key_id: "earmark-test".into(),
        secret: "earmark-test-secret".into(),
    }
}

/// The spool in `dir`, and the recordings in a folder beside it or in the test bucket.
pub async fn test_storages(dir: &std::path::Path) -> std::sync::Arc<app::Storages> {
    use app::store::files::{RecordingStorage, Spool};
    let spool = Spool::open(dir).expect("the spool");
    let storage = match s3_server() {
        Some(endpoint) => {
            let prefix = format!("test-{}", uuid::Uuid::now_v7().simple());
            RecordingStorage::s3(&test_s3_account(&endpoint, &prefix).await).expect("the S3 storage")
        }
        None => RecordingStorage::local(dir).expect("the recordings folder"),
    };
    std::sync::Arc::new(app::Storages::new(spool, Some(storage)).with_secret_key(Some(test_secret_key())))
}

/// A fresh `EARMARK_SECRET_KEY` for one test app.
pub fn test_secret_key() -> app::SecretKey {
    let hex = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    app::SecretKey::parse(&hex).expect("64 hexadecimal digits")
}

/// The S3-compatible server that checks signatures, as a company's own storage account
/// does, when scripts/test started one (`EARMARK_TEST_S3_ACCOUNT`: endpoint, bucket, key id
/// and secret); otherwise the test says it skipped.
pub fn s3_account_server() -> Option<app::store::files::S3Account> {
    let text = std::env::var("EARMARK_TEST_S3_ACCOUNT").ok()?;
    let mut parts = text.split_whitespace();
    let (endpoint, bucket, key_id, secret) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    Some(app::store::files::S3Account {
        endpoint: endpoint.into(),
        region: "us-east-1".into(),
        bucket: bucket.into(),
        prefix: format!("test-{}", uuid::Uuid::now_v7().simple()),
        key_id: key_id.into(),
        secret: secret.into(),
    })
}

pub fn postgres_server() -> Option<String> {
    std::env::var("EARMARK_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

pub async fn test_database(dir: &tempfile::TempDir) -> TestDatabase {
    let Some(server) = postgres_server() else {
        return TestDatabase { location: app::Location::Sqlite(dir.path().join("earmark.db")), drop_on: None };
    };
    use sqlx::Connection;
    let name = format!("earmark_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("the PostgreSQL server");
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.expect("a test database");
    TestDatabase { location: app::Location::Postgres(format!("{server}/{name}")), drop_on: Some((server, name)) }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.drop_on.take() else { return };
        // Drop runs inside the test's runtime: the drop gets a thread and a runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::PgConnection::connect(&format!("{server}/postgres")).await {
                    let _ = sqlx::Executor::execute(&mut admin, format!("DROP DATABASE {name} WITH (FORCE)").as_str())
                        .await;
                }
            })
        })
        .join();
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The session cookie this reply sets, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("earmark_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_string())
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_args(ServeArgs::default()).await
    }

    pub async fn with_args(args: ServeArgs) -> TestApp {
        // The test binaries sit beside no hash file from cargo-leptos; the pages rendered here
        // are read for status and headers, not hydrated.
        let args = ServeArgs { hash_files: false, ..args };
        let dir = tempfile::tempdir().expect("temp dir");
        let database = test_database(&dir).await;
        let db = earmark::cli::open_db(&database.location).await.expect("database");
        app::services::bootstrap::demo::seed(&db).await.expect("demo data");
        let storages = test_storages(&dir.path().join("recordings")).await;
        // A few per company: enough to list, filter and play, quick to write per test.
        app::services::bootstrap::demo::seed_recordings(&db, &storages, 6).await.expect("demo recordings");
        let (router, _) = earmark::cli::app_router(db.clone(), storages.clone(), &args).await.expect("router");
        TestApp { router, db, storages, _database: database, _dir: dir }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        json: Option<serde_json::Value>,
    ) -> Reply {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        let body = match json {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }

    /// Calls a server function the way the browser's client does.
    pub async fn server_fn(&self, path: &str, cookie: Option<&str>, form: &str) -> Reply {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::from(form.to_string())).unwrap()).await
    }

    /// An audio file uploaded to the company's library, as a browser form sends it.
    pub async fn upload_audio(&self, cookie: &str, company: &str, name: &str, bytes: &[u8]) -> Reply {
        let boundary = "earmark-test-boundary";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n").as_bytes(),
        );
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/companies/{company}/audio"))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Tries to sign in through the JSON API with this password.
    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"email": email, "password": password})),
        )
        .await
    }

    /// The id of the administrator with this e-mail.
    pub async fn admin_id(&self, email: &str) -> String {
        sql(&self.db, "SELECT id FROM administrators WHERE email = ?")
            .bind(email)
            .scalar()
            .await
            .expect("an administrator with this e-mail")
    }

    /// A custom role of Northwind named `role` with `privileges`, held by a new administrator
    /// `email` limited to Northwind's team `team`, who signs in with the demo password (the
    /// supervisor's hash is copied). The pages cannot make one with every combination, so the
    /// rows are written directly.
    pub async fn add_team_limited_admin(&self, email: &str, role: &str, privileges: &[&str], team: &str) {
        let northwind = self.company_id("Northwind Traders").await;
        let (role_id, admin_id) = (format!("role-{email}"), format!("admin-{email}"));
        sql(&self.db, "INSERT INTO roles (id, name, builtin, company_id, created_at) VALUES (?, ?, FALSE, ?, '2026-01-01T00:00:00Z')")
        .bind(&role_id)
        .bind(role)
        .bind(&northwind)
        .execute()
        .await
        .unwrap();
        for privilege in privileges {
            sql(&self.db, "INSERT INTO role_privileges (role_id, privilege) VALUES (?, ?)")
                .bind(&role_id)
                .bind(privilege)
                .execute()
                .await
                .unwrap();
        }
        sql(
            &self.db,
            "INSERT INTO administrators (id, email, name, password_hash, role_id, scope_kind, company_id, created_at) \
             SELECT ?, ?, ?, password_hash, ?, 'company', company_id, created_at \
             FROM administrators WHERE email = 'supervisor@northwind.demo.test'",
        )
        .bind(&admin_id)
        .bind(email)
        .bind(role)
        .bind(&role_id)
        .execute()
        .await
        .unwrap();
        let n = sql(
            &self.db,
            "INSERT INTO administrator_teams (administrator_id, team_id) \
             SELECT ?, id FROM teams WHERE company_id = ? AND name = ?",
        )
        .bind(&admin_id)
        .bind(&northwind)
        .bind(team)
        .execute()
        .await
        .unwrap();
        assert_eq!(n, 1, "Northwind has a team {team}");
    }

    /// Signs in through the JSON API and returns the session cookie.
    pub async fn login(&self, email: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/api/v1/session",
                None,
                Some(serde_json::json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login of {email}: {}", r.body);
        r.session_cookie().expect("login sets the session cookie")
    }

    /// The keys of every recording's file in the platform's storage, folder or bucket.
    pub async fn stored_keys(&self) -> Vec<String> {
        let storage = self.storages.platform().expect("the platform's storage");
        storage.list().await.expect("listing the storage").into_iter().map(|o| o.key).collect()
    }

    /// Files in the spool: uploads being received, or left behind by one that failed.
    pub fn spool_files(&self) -> usize {
        self.storages.spool.files().expect("reading the spool")
    }

    /// Company ids by name, as the platform owner sees them.
    pub async fn company_id(&self, name: &str) -> String {
        let list: Vec<(String, String)> = sql(&self.db, "SELECT id, name FROM companies").rows().await.unwrap();
        list.into_iter().find(|(_, n)| n == name).map(|(id, _)| id).unwrap_or_else(|| panic!("no company {name}"))
    }
}

impl TestApp {
    /// The first queue, user or device of a company, by name.
    pub async fn first_id(&self, table: &str, company_id: &str) -> String {
        sql(&self.db, format!("SELECT id FROM {table} WHERE company_id = ? ORDER BY name, id LIMIT 1"))
            .bind(company_id)
            .scalar()
            .await
            .unwrap()
    }

    /// The id of the company's row of `table` with this name.
    pub async fn id_named(&self, table: &str, company_id: &str, name: &str) -> String {
        sql(&self.db, format!("SELECT id FROM {table} WHERE company_id = ? AND name = ?"))
            .bind(company_id)
            .bind(name)
            .scalar()
            .await
            .unwrap_or_else(|e| panic!("no {table} row named {name}: {e}"))
    }

    pub async fn reseller_of(&self, company_id: &str) -> String {
        sql(&self.db, "SELECT reseller_id FROM companies WHERE id = ?").bind(company_id).scalar().await.unwrap()
    }

    /// Calls the JSON API with a bearer token instead of a session.
    pub async fn call_bearer(&self, method: Method, path: &str, token: &str, json: Option<serde_json::Value>) -> Reply {
        let mut b =
            Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match json {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }
}

pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", app::components::status::urlencode(k), app::components::status::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
