//! The Earmark server: configuration, database, sessions, the HTTP router (Leptos pages,
//! server functions, the JSON API under `/api/v1`, static files), security middleware, and
//! the CLI commands behind `earmark serve`, `earmark demo` and `earmark create-admin`.

pub mod api;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod listen;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod precompress;
pub mod router;
pub mod sessions;
