//! The privileges as types: `CompanyAccess<can::QueuesModify>`.

use super::{Grant, Privilege};

macro_rules! grants {
    ($($name:ident => $write:literal),* $(,)?) => {$(
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl Grant for $name {
            const PRIVILEGE: Option<Privilege> = Some(Privilege::$name);
            const WRITE: bool = $write;
        }
    )*};
}
/// Any administrator whose scope reaches the company.
#[derive(Clone, Copy, Debug)]
pub struct InScope;
impl Grant for InScope {
    const PRIVILEGE: Option<Privilege> = None;
    const WRITE: bool = false;
}

grants! {
    SystemModify => true,
    ResellersModify => true,
    CompaniesModify => true,
    QueuesView => false,
    QueuesModify => true,
    RecordingPolicyView => false,
    RecordingPolicyModify => true,
    UsersDevicesView => false,
    UsersDevicesModify => true,
    AudioLibraryModify => true,
    RecordingsView => false,
    RecordingsPlay => false,
    RecordingsDownload => false,
    RecordingsDelete => true,
    RecordingsLegalHold => true,
    AuditLogView => false,
    AdministratorsModify => true,
    RecordingsUpload => true,
}
