//! Use cases. Each takes a capability (or, for login, the session itself), validates, and
//! writes together with its audit row in one transaction. Server functions and JSON API
//! handlers both call these, so each rule is written once.

pub mod account;
pub mod admins;
pub mod auditlog;
pub mod auth;
pub mod password;
pub mod policy;
pub mod recordings;
pub mod teams;
pub mod tenants;
pub mod tokens;
