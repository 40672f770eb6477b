//! Authorization as a capability. The session becomes a [`Principal`]: who is signed in,
//! what they may do and where. A service that reads or writes a company's data takes a
//! [`CompanyAccess<G>`], which only [`Principal::company`] can make, after checking both the
//! tenant scope and the privilege `G`. Code that writes cannot be reached without the value
//! that proves the check passed.

use super::{Privilege, Privileges};
use crate::error::{AppError, AppResult};
pub use crate::store::tenancy::Owned;
use crate::store::{self, tenants::CompanyRecord, Db};
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;
use tower_sessions::Session;

/// What a signed-in session stores: the administrator, the session epoch it was made at,
/// and when the login happened (for the absolute expiry).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionAuth {
    pub admin_id: String,
    /// The row in `admin_sessions` that lists this session; deleting it ends the session.
    /// Sessions made before sessions were listed have none and are ended.
    #[serde(default)]
    pub sid: String,
    pub epoch: i64,
    pub login_at: i64,
}

pub const SESSION_KEY: &str = "earmark.auth";

/// Where an administrator's authority reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Platform,
    Reseller { reseller_id: String },
    Company { company_id: String },
}

impl Scope {
    /// The reseller of a reseller scope (the audit log files its entries under it).
    pub fn reseller_id(&self) -> Option<&str> {
        match self {
            Scope::Reseller { reseller_id } => Some(reseller_id),
            _ => None,
        }
    }

    pub fn company_id(&self) -> Option<&str> {
        match self {
            Scope::Company { company_id } => Some(company_id),
            _ => None,
        }
    }
}

/// The signed-in administrator with what they may do and where. Its fields are private:
/// only [`Principal::from_session`] and the token service make one, and what it may do is
/// asked of it (`company`, `system`, `reseller`, `own_scope`), never changed.
#[derive(Clone, Debug)]
pub struct Principal {
    admin_id: String,
    email: String,
    name: String,
    role_name: String,
    privileges: Privileges,
    scope: Scope,
    /// Non-empty for a supervisor limited to some teams of their company.
    teams: Vec<String>,
    /// Set by an administrator's password reset: every capability is refused until the
    /// owner changes the password.
    must_change_password: bool,
    /// The listed session this principal signed in with (empty for an API token).
    session_id: String,
}

impl Principal {
    pub fn admin_id(&self) -> &str {
        &self.admin_id
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role_name(&self) -> &str {
        &self.role_name
    }

    pub fn privileges(&self) -> Privileges {
        self.privileges
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The teams this administrator is limited to; empty for the whole company.
    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }

    /// The listed session this principal signed in with (empty for an API token).
    pub fn session_id(&self) -> &str {
        &self.session_id
    }
}

/// The actor as the audit log names it.
#[derive(Clone, Debug)]
pub struct Actor {
    pub admin_id: String,
    pub email: String,
}

/// A privilege as a type, so that a service's signature says which check it needs.
pub trait Grant {
    /// `None`: being inside the scope is enough (the company overview).
    const PRIVILEGE: Option<Privilege>;
    /// Refusals of a write are audited; refusals of a read are not.
    const WRITE: bool;
}

/// The privileges as types: `CompanyAccess<can::QueuesModify>`.
pub mod can;

/// Proof that the principal may use privilege `G` on this company.
#[derive(Clone, Debug)]
pub struct CompanyAccess<G> {
    company: CompanyRecord,
    actor: Actor,
    teams: Option<Vec<String>>,
    _grant: PhantomData<G>,
}

impl<G> CompanyAccess<G> {
    pub fn company(&self) -> &CompanyRecord {
        &self.company
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The teams this administrator is limited to; `None` means the whole company.
    pub fn teams(&self) -> Option<&[String]> {
        self.teams.as_deref()
    }

    /// The company's data as this capability reaches it, team limit included: what the
    /// store's reads and writes of users, devices, queues and recordings take.
    pub fn reach(&self) -> store::Reach<'_> {
        store::Reach::new(&self.company.id, self.teams.as_deref())
    }

    /// An audit entry by this actor about an object of this company.
    pub fn audit(&self, action: &'static str, kind: &'static str, id: &str) -> store::audit_log::Entry {
        store::audit_log::Entry {
            company_id: Some(self.company.id.clone()),
            reseller_id: Some(self.company.reseller_id.clone()),
            ..audit_entry(&self.actor, action, kind, id)
        }
    }
}

/// Proof that the principal may use privilege `G` at the system level.
#[derive(Clone, Debug)]
pub struct SystemAccess<G> {
    actor: Actor,
    /// The principal's scope is the whole platform: platform-wide figures (the recordings a
    /// purge would delete) are for it alone.
    platform: bool,
    _grant: PhantomData<G>,
}

impl<G> SystemAccess<G> {
    pub fn platform(&self) -> bool {
        self.platform
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// An audit entry by this actor about the system level.
    pub fn audit(&self, action: &'static str, kind: &'static str, id: &str) -> store::audit_log::Entry {
        audit_entry(&self.actor, action, kind, id)
    }
}

/// Proof that the principal may use privilege `G` on this reseller.
#[derive(Clone, Debug)]
pub struct ResellerAccess<G> {
    reseller_id: String,
    actor: Actor,
    _grant: PhantomData<G>,
}

impl<G> ResellerAccess<G> {
    pub fn reseller_id(&self) -> &str {
        &self.reseller_id
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// An audit entry by this actor about this reseller or something of its own.
    pub fn audit(&self, action: &'static str, kind: &'static str, id: &str) -> store::audit_log::Entry {
        store::audit_log::Entry {
            reseller_id: Some(self.reseller_id.clone()),
            ..audit_entry(&self.actor, action, kind, id)
        }
    }
}

/// Proof that the principal holds privilege `G` over their own scope: the administrators
/// and roles pages, which act on everything inside it. Each target is then checked with
/// [`ScopeAccess::reaches`].
#[derive(Clone, Debug)]
pub struct ScopeAccess<G> {
    scope: Scope,
    privileges: Privileges,
    actor: Actor,
    _grant: PhantomData<G>,
}

impl<G> ScopeAccess<G> {
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn privileges(&self) -> Privileges {
        self.privileges
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// True when `target` lies inside this scope (a scope reaches itself).
    pub async fn reaches(&self, db: &Db, target: &Scope) -> AppResult<bool> {
        scope_reaches(db, &self.scope, target).await
    }

    /// An audit entry by this actor, filed under the actor's own scope.
    pub fn audit(&self, action: &'static str, kind: &'static str, id: &str) -> store::audit_log::Entry {
        store::audit_log::Entry {
            reseller_id: self.scope.reseller_id().map(str::to_string),
            company_id: self.scope.company_id().map(str::to_string),
            ..audit_entry(&self.actor, action, kind, id)
        }
    }
}

/// True when `inner` lies inside `outer`: the platform holds everything, a reseller itself
/// and its companies, a company itself.
pub async fn scope_reaches(db: &Db, outer: &Scope, inner: &Scope) -> AppResult<bool> {
    Ok(match (outer, inner) {
        (Scope::Platform, _) => true,
        (Scope::Reseller { reseller_id }, Scope::Reseller { reseller_id: r }) => reseller_id == r,
        (Scope::Reseller { reseller_id }, Scope::Company { company_id }) => {
            db.cache().company(db, company_id).await?.is_some_and(|c| &c.reseller_id == reseller_id)
        }
        (Scope::Company { company_id }, Scope::Company { company_id: c }) => company_id == c,
        _ => false,
    })
}

fn audit_entry(actor: &Actor, action: &'static str, kind: &'static str, id: &str) -> store::audit_log::Entry {
    store::audit_log::Entry {
        actor_id: Some(actor.admin_id.clone()),
        actor_email: Some(actor.email.clone()),
        action,
        object_kind: Some(kind),
        object_id: Some(id.to_string()),
        ..Default::default()
    }
}

/// Names who is acting (and, once checked, for which company) in the log lines of this
/// request: the request's span declares `admin` and `company`. Ids only, never a secret.
pub(crate) fn note_in_log(field: &'static str, value: &str) {
    if let Some(request) = crate::error::current_request() {
        request.span.record(field, value);
    }
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Principal {
    /// The administrator of this session, or `None` for an anonymous one. A session past its
    /// absolute lifetime, of a disabled administrator, or made before their password changed
    /// (an older epoch) is ended here, on its next request.
    pub async fn from_session(session: &Session, db: &Db, absolute_secs: i64) -> AppResult<Option<Principal>> {
        let Some(auth) = session.get::<SessionAuth>(SESSION_KEY).await? else {
            return Ok(None);
        };
        if unix_now() - auth.login_at > absolute_secs {
            session.flush().await?;
            return Ok(None);
        }
        let admin = match store::administrators::by_id(db, &auth.admin_id).await? {
            Some(a) if !a.disabled && a.session_epoch == auth.epoch => a,
            _ => {
                session.flush().await?;
                return Ok(None);
            }
        };
        // Ended from the account page (or by a disable): its row is gone.
        if auth.sid.is_empty() || !store::sessions::alive(db, &auth.sid, &admin.id).await? {
            session.flush().await?;
            return Ok(None);
        }
        let mut principal = Principal::from_record(admin);
        principal.session_id = auth.sid;
        note_in_log("admin", &principal.admin_id);
        Ok(Some(principal))
    }

    pub fn from_record(a: store::administrators::AdminRecord) -> Principal {
        let scope = match (a.scope_kind.as_str(), a.reseller_id, a.company_id) {
            ("platform", _, _) => Scope::Platform,
            ("reseller", Some(reseller_id), _) => Scope::Reseller { reseller_id },
            (_, _, Some(company_id)) => Scope::Company { company_id },
            // The schema's CHECK makes this unreachable; reaching nothing is the safe answer.
            _ => Scope::Company { company_id: String::new() },
        };
        // A company-scoped administrator never holds a privilege above the company, whatever
        // their role says.
        let privileges = match scope {
            Scope::Company { .. } => a.privileges.iter().filter(|p| !p.is_above_company()).collect(),
            _ => a.privileges,
        };
        Principal {
            admin_id: a.id,
            email: a.email,
            name: a.name,
            role_name: a.role_name,
            privileges,
            scope,
            teams: a.teams,
            must_change_password: a.must_change_password,
            session_id: String::new(),
        }
    }

    /// An API token acting for its company with exactly its privileges, named in the audit
    /// log by its name and its maker.
    pub(crate) fn for_token(
        token_id: &str,
        name: &str,
        maker_email: &str,
        company_id: String,
        privileges: Privileges,
    ) -> Principal {
        Principal {
            admin_id: format!("token:{token_id}"),
            email: format!("API token '{name}' of {maker_email}"),
            name: name.to_string(),
            role_name: "API token".into(),
            privileges: privileges.iter().filter(|p| !p.is_above_company()).collect(),
            scope: Scope::Company { company_id },
            teams: Vec::new(),
            must_change_password: false,
            session_id: String::new(),
        }
    }

    /// The principal of a session just signed in, listed as `sid`.
    pub(crate) fn with_session(self, sid: String) -> Principal {
        Principal { session_id: sid, ..self }
    }

    pub fn actor(&self) -> Actor {
        Actor { admin_id: self.admin_id.clone(), email: self.email.clone() }
    }

    /// True when the company lies inside this administrator's scope.
    pub fn reaches(&self, company: &CompanyRecord) -> bool {
        match &self.scope {
            Scope::Platform => true,
            Scope::Reseller { reseller_id } => &company.reseller_id == reseller_id,
            Scope::Company { company_id } => &company.id == company_id,
        }
    }

    /// The companies this administrator may reach, by reseller then name.
    pub async fn reachable_companies(&self, db: &Db) -> AppResult<Vec<CompanyRecord>> {
        let companies = match &self.scope {
            Scope::Platform => store::tenants::companies(db, None, None).await?,
            Scope::Reseller { reseller_id } => store::tenants::companies(db, Some(reseller_id), None).await?,
            Scope::Company { company_id } => store::tenants::companies(db, None, Some(company_id)).await?,
        };
        Ok(companies)
    }

    /// Checks scope, then privilege. A company outside the scope is "not found", exactly
    /// like a company that does not exist; inside it, a missing privilege is "forbidden".
    pub async fn company<G: Grant>(&self, db: &Db, company_id: &str) -> AppResult<CompanyAccess<G>> {
        self.password_settled()?;
        let company = match db.cache().company(db, company_id).await? {
            Some(c) if self.reaches(&c) => c,
            _ => {
                self.audit_refusal::<G>(db, company_id, "outside scope").await;
                return Err(AppError::NotFound);
            }
        };
        if let Some(needed) = G::PRIVILEGE {
            if !self.privileges.has(needed) {
                self.audit_refusal::<G>(db, company_id, "privilege missing").await;
                return Err(AppError::Forbidden);
            }
        }
        if !self.team_limit_allows::<G>() {
            self.audit_refusal::<G>(db, company_id, "limited to teams").await;
            return Err(AppError::Forbidden);
        }
        note_in_log("company", &company.id);
        Ok(CompanyAccess {
            company,
            actor: self.actor(),
            teams: (!self.teams.is_empty()).then(|| self.teams.clone()),
            _grant: PhantomData,
        })
    }

    /// The capability over the company that object `id` of `kind` belongs to. The scope is
    /// checked on that company, so an id of another tenant is simply not found, exactly like
    /// an id that does not exist.
    pub async fn company_of<G: Grant>(&self, db: &Db, kind: Owned, id: &str) -> AppResult<CompanyAccess<G>> {
        let company = store::tenancy::company_of(db, kind, id).await?.ok_or(AppError::NotFound)?;
        self.company::<G>(db, &company).await
    }

    /// The system level: only the privilege matters, every administrator is "in" it.
    pub async fn system<G: Grant>(&self, db: &Db) -> AppResult<SystemAccess<G>> {
        self.password_settled()?;
        if let Some(needed) = G::PRIVILEGE {
            if !self.privileges.has(needed) || self.scope != Scope::Platform {
                self.audit_refusal_of::<G>(db, "system", "", "privilege missing").await;
                return Err(AppError::Forbidden);
            }
        }
        Ok(SystemAccess { actor: self.actor(), platform: self.scope == Scope::Platform, _grant: PhantomData })
    }

    /// A reseller inside the scope (the platform, or the reseller itself), then the privilege.
    pub async fn reseller<G: Grant>(&self, db: &Db, reseller_id: &str) -> AppResult<ResellerAccess<G>> {
        self.password_settled()?;
        let in_scope = match &self.scope {
            Scope::Platform => store::recording_mode::reseller_modes(db, reseller_id).await?.is_some(),
            Scope::Reseller { reseller_id: own } => own == reseller_id,
            Scope::Company { .. } => false,
        };
        if !in_scope {
            self.audit_refusal_of::<G>(db, "reseller", reseller_id, "outside scope").await;
            return Err(AppError::NotFound);
        }
        if let Some(needed) = G::PRIVILEGE {
            if !self.privileges.has(needed) {
                self.audit_refusal_of::<G>(db, "reseller", reseller_id, "privilege missing").await;
                return Err(AppError::Forbidden);
            }
        }
        Ok(ResellerAccess { reseller_id: reseller_id.to_string(), actor: self.actor(), _grant: PhantomData })
    }

    /// The principal's own scope, with privilege `G`.
    pub async fn own_scope<G: Grant>(&self, db: &Db) -> AppResult<ScopeAccess<G>> {
        self.password_settled()?;
        if let Some(needed) = G::PRIVILEGE {
            if !self.privileges.has(needed) {
                self.audit_refusal_of::<G>(db, "scope", "", "privilege missing").await;
                return Err(AppError::Forbidden);
            }
        }
        if !self.team_limit_allows::<G>() {
            self.audit_refusal_of::<G>(db, "scope", "", "limited to teams").await;
            return Err(AppError::Forbidden);
        }
        Ok(ScopeAccess {
            scope: self.scope.clone(),
            privileges: self.privileges,
            actor: self.actor(),
            _grant: PhantomData,
        })
    }

    /// Administrators: Modify hands out what reaches a whole company or more (logins, roles,
    /// teams, API tokens): used by an administrator limited to teams, it would let them give
    /// themselves, or a token, more than their teams. So the team limit takes it away.
    fn team_limit_allows<G: Grant>(&self) -> bool {
        self.teams.is_empty() || G::PRIVILEGE != Some(Privilege::AdministratorsModify)
    }

    fn password_settled(&self) -> AppResult<()> {
        if self.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(())
    }

    async fn audit_refusal<G: Grant>(&self, db: &Db, company_id: &str, why: &str) {
        self.audit_refusal_of::<G>(db, "company", company_id, why).await
    }

    async fn audit_refusal_of<G: Grant>(&self, db: &Db, kind: &'static str, id: &str, why: &str) {
        if !G::WRITE {
            return;
        }
        let entry = store::audit_log::Entry {
            actor_id: Some(self.admin_id.clone()),
            actor_email: Some(self.email.clone()),
            action: "access.refused",
            outcome: store::audit_log::Outcome::Refused,
            object_kind: Some(kind),
            object_id: (!id.is_empty()).then(|| id.to_string()),
            detail: Some(format!("{}: {why}", G::PRIVILEGE.map_or("scope", Privilege::label))),
            ..Default::default()
        };
        // The refusal stands whether or not it could be logged; a logging failure is logged.
        if let Err(e) = store::audit_log::write_alone(db, &entry).await {
            let _ = AppError::internal(e);
        }
    }
}
