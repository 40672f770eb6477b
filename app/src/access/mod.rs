//! Who may do what: the privileges and built-in roles of docs/ACCESS.md, and the sections of
//! the portal each privilege opens. Plain data shared with the browser, which uses it only to
//! hide what an administrator may not do; the server makes the real check in
//! [`capability`].

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod capability;

/// One privilege of docs/ACCESS.md. Checks are made on these, never on role names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Privilege {
    SystemModify,
    ResellersModify,
    CompaniesModify,
    QueuesView,
    QueuesModify,
    RecordingPolicyView,
    RecordingPolicyModify,
    UsersDevicesView,
    UsersDevicesModify,
    AudioLibraryModify,
    RecordingsView,
    RecordingsPlay,
    RecordingsDownload,
    RecordingsDelete,
    /// Places and releases legal holds; not in ACCESS.md's original table (issue 15 added it).
    RecordingsLegalHold,
    AuditLogView,
    AdministratorsModify,
    /// The telephony engine's token uploads recordings with it; not in ACCESS.md's table,
    /// which lists what people do, but needed so an upload token can do nothing else.
    RecordingsUpload,
}

impl Privilege {
    pub const ALL: [Privilege; 18] = [
        Privilege::SystemModify,
        Privilege::ResellersModify,
        Privilege::CompaniesModify,
        Privilege::QueuesView,
        Privilege::QueuesModify,
        Privilege::RecordingPolicyView,
        Privilege::RecordingPolicyModify,
        Privilege::UsersDevicesView,
        Privilege::UsersDevicesModify,
        Privilege::AudioLibraryModify,
        Privilege::RecordingsView,
        Privilege::RecordingsPlay,
        Privilege::RecordingsDownload,
        Privilege::RecordingsDelete,
        Privilege::RecordingsLegalHold,
        Privilege::AuditLogView,
        Privilege::AdministratorsModify,
        Privilege::RecordingsUpload,
    ];

    /// The stable key stored in the database and used in API tokens.
    pub fn key(self) -> &'static str {
        match self {
            Privilege::SystemModify => "system.modify",
            Privilege::ResellersModify => "resellers.modify",
            Privilege::CompaniesModify => "companies.modify",
            Privilege::QueuesView => "queues.view",
            Privilege::QueuesModify => "queues.modify",
            Privilege::RecordingPolicyView => "recording_policy.view",
            Privilege::RecordingPolicyModify => "recording_policy.modify",
            Privilege::UsersDevicesView => "users_devices.view",
            Privilege::UsersDevicesModify => "users_devices.modify",
            Privilege::AudioLibraryModify => "audio_library.modify",
            Privilege::RecordingsView => "recordings.view",
            Privilege::RecordingsPlay => "recordings.play",
            Privilege::RecordingsDownload => "recordings.download",
            Privilege::RecordingsDelete => "recordings.delete",
            Privilege::RecordingsLegalHold => "recordings.legal_hold",
            Privilege::AuditLogView => "audit_log.view",
            Privilege::AdministratorsModify => "administrators.modify",
            Privilege::RecordingsUpload => "recordings.upload",
        }
    }

    pub fn from_key(key: &str) -> Option<Privilege> {
        Privilege::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The name the pages show, as in docs/ACCESS.md.
    pub fn label(self) -> &'static str {
        match self {
            Privilege::SystemModify => "System: Modify",
            Privilege::ResellersModify => "Resellers: Modify",
            Privilege::CompaniesModify => "Companies: Modify",
            Privilege::QueuesView => "Queues: View",
            Privilege::QueuesModify => "Queues: Modify",
            Privilege::RecordingPolicyView => "Recording Policy: View",
            Privilege::RecordingPolicyModify => "Recording Policy: Modify",
            Privilege::UsersDevicesView => "Users & Devices: View",
            Privilege::UsersDevicesModify => "Users & Devices: Modify",
            Privilege::AudioLibraryModify => "Audio Library: Modify",
            Privilege::RecordingsView => "Recordings: View",
            Privilege::RecordingsPlay => "Recordings: Play",
            Privilege::RecordingsDownload => "Recordings: Download",
            Privilege::RecordingsDelete => "Recordings: Delete",
            Privilege::RecordingsLegalHold => "Recordings: Legal hold",
            Privilege::AuditLogView => "Audit Log: View",
            Privilege::AdministratorsModify => "Administrators: Modify",
            Privilege::RecordingsUpload => "Recordings: Upload",
        }
    }

    /// Privileges that act above a single company; a company-scoped role never holds them.
    pub fn is_above_company(self) -> bool {
        matches!(self, Privilege::SystemModify | Privilege::ResellersModify)
    }
}

/// A set of privileges as a bit set: small, `Copy`, and the same in WASM and on the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Privileges(u32);

impl Privileges {
    pub const NONE: Privileges = Privileges(0);

    pub fn all() -> Privileges {
        Privileges::from_iter(Privilege::ALL)
    }

    pub fn has(self, p: Privilege) -> bool {
        self.0 & (1 << p as u32) != 0
    }

    pub fn with(self, p: Privilege) -> Privileges {
        Privileges(self.0 | (1 << p as u32))
    }

    pub fn iter(self) -> impl Iterator<Item = Privilege> {
        Privilege::ALL.into_iter().filter(move |p| self.has(*p))
    }

    /// True when every privilege of `other` is also in `self`: nobody grants what they lack.
    pub fn contains_all(self, other: Privileges) -> bool {
        other.0 & !self.0 == 0
    }
}

impl FromIterator<Privilege> for Privileges {
    fn from_iter<I: IntoIterator<Item = Privilege>>(iter: I) -> Self {
        iter.into_iter().fold(Privileges::NONE, Privileges::with)
    }
}

/// The built-in roles of docs/ACCESS.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuiltinRole {
    PlatformOwner,
    ResellerAdministrator,
    CompanyAdministrator,
    Supervisor,
    Auditor,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 5] = [
        BuiltinRole::PlatformOwner,
        BuiltinRole::ResellerAdministrator,
        BuiltinRole::CompanyAdministrator,
        BuiltinRole::Supervisor,
        BuiltinRole::Auditor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinRole::PlatformOwner => "Platform owner",
            BuiltinRole::ResellerAdministrator => "Reseller administrator",
            BuiltinRole::CompanyAdministrator => "Company administrator",
            BuiltinRole::Supervisor => "Supervisor",
            BuiltinRole::Auditor => "Auditor",
        }
    }

    /// Fixed ids so that every install, and every test database, agrees on them.
    pub fn id(self) -> &'static str {
        match self {
            BuiltinRole::PlatformOwner => "role-platform-owner",
            BuiltinRole::ResellerAdministrator => "role-reseller-administrator",
            BuiltinRole::CompanyAdministrator => "role-company-administrator",
            BuiltinRole::Supervisor => "role-supervisor",
            BuiltinRole::Auditor => "role-auditor",
        }
    }

    pub fn privileges(self) -> Privileges {
        use Privilege::*;
        match self {
            BuiltinRole::PlatformOwner => Privileges::all(),
            BuiltinRole::ResellerAdministrator => Privilege::ALL.into_iter().filter(|p| *p != SystemModify).collect(),
            BuiltinRole::CompanyAdministrator => Privilege::ALL.into_iter().filter(|p| !p.is_above_company()).collect(),
            BuiltinRole::Supervisor => [QueuesView, RecordingsView, RecordingsPlay].into_iter().collect(),
            BuiltinRole::Auditor => {
                [QueuesView, RecordingPolicyView, UsersDevicesView, RecordingsView, AuditLogView].into_iter().collect()
            }
        }
    }
}

/// A page of a company, as listed in the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    Queues,
    ForceRecord,
    Users,
    Devices,
    Recordings,
    RecordingMode,
    AuditLog,
    Administrators,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Queues,
        Section::ForceRecord,
        Section::Users,
        Section::Devices,
        Section::Recordings,
        Section::RecordingMode,
        Section::AuditLog,
        Section::Administrators,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Section::Queues => "Queues",
            Section::ForceRecord => "Account Force Record",
            Section::Users => "Users",
            Section::Devices => "Devices",
            Section::Recordings => "Stored Recordings",
            Section::RecordingMode => "Recording mode",
            Section::AuditLog => "Audit log",
            Section::Administrators => "Administrators",
        }
    }

    /// The last segment of the page's address, `/c/{company}/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Queues => "queues",
            Section::ForceRecord => "force-record",
            Section::Users => "users",
            Section::Devices => "devices",
            Section::Recordings => "recordings",
            Section::RecordingMode => "recording-mode",
            Section::AuditLog => "audit-log",
            Section::Administrators => "administrators",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The privilege that opens the page.
    pub fn required(self) -> Privilege {
        match self {
            Section::Queues => Privilege::QueuesView,
            Section::ForceRecord => Privilege::RecordingPolicyView,
            Section::Users | Section::Devices => Privilege::UsersDevicesView,
            Section::Recordings => Privilege::RecordingsView,
            Section::RecordingMode => Privilege::CompaniesModify,
            Section::AuditLog => Privilege::AuditLogView,
            Section::Administrators => Privilege::AdministratorsModify,
        }
    }

    /// The sections these privileges open, in navigation order.
    pub fn visible(privileges: Privileges) -> Vec<Section> {
        Section::ALL.into_iter().filter(|s| privileges.has(s.required())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn privilege_keys_round_trip_and_are_unique() {
        for p in Privilege::ALL {
            assert_eq!(Privilege::from_key(p.key()), Some(p));
        }
        let mut keys: Vec<_> = Privilege::ALL.iter().map(|p| p.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Privilege::ALL.len());
    }

    #[test]
    fn builtin_roles_match_access_md() {
        use Privilege::*;
        let reseller = BuiltinRole::ResellerAdministrator.privileges();
        assert!(!reseller.has(SystemModify));
        assert!(reseller.has(ResellersModify));
        let company = BuiltinRole::CompanyAdministrator.privileges();
        assert!(!company.has(ResellersModify) && !company.has(SystemModify));
        assert!(company.has(CompaniesModify) && company.has(AdministratorsModify));
        let supervisor = BuiltinRole::Supervisor.privileges();
        assert_eq!(supervisor.iter().collect::<Vec<_>>(), vec![QueuesView, RecordingsView, RecordingsPlay]);
        let auditor = BuiltinRole::Auditor.privileges();
        assert!(auditor.has(AuditLogView) && !auditor.has(QueuesModify) && !auditor.has(RecordingsPlay));
    }

    #[test]
    fn navigation_follows_privileges() {
        assert_eq!(Section::visible(BuiltinRole::Supervisor.privileges()), vec![Section::Queues, Section::Recordings]);
        assert_eq!(Section::visible(BuiltinRole::CompanyAdministrator.privileges()), Section::ALL.to_vec());
        assert_eq!(
            Section::visible(BuiltinRole::Auditor.privileges()),
            vec![
                Section::Queues,
                Section::ForceRecord,
                Section::Users,
                Section::Devices,
                Section::Recordings,
                Section::AuditLog
            ]
        );
    }

    #[test]
    fn nobody_grants_what_they_lack() {
        let supervisor = BuiltinRole::Supervisor.privileges();
        assert!(!supervisor.contains_all(BuiltinRole::Auditor.privileges()));
        assert!(BuiltinRole::PlatformOwner.privileges().contains_all(supervisor));
    }
}
