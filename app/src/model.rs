//! The shapes server functions return to pages: plain data, the same in WASM and on the
//! server.

use crate::access::{Privileges, Section};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyRef {
    pub id: String,
    pub name: String,
    pub reseller_id: String,
    pub reseller_name: String,
}

/// The signed-in administrator as the shell shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub email: String,
    pub role: String,
    /// "Platform", "Reseller Acme Telecom", "Northwind Traders".
    pub scope_label: String,
    pub privileges: Privileges,
    /// The companies this administrator may reach; more than one shows the tenant picker.
    pub companies: Vec<CompanyRef>,
    /// An administrator set the password: the shell points to the account page.
    #[serde(default)]
    pub must_change_password: bool,
}

impl Me {
    pub fn company(&self, id: &str) -> Option<&CompanyRef> {
        self.companies.iter().find(|c| c.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyOverview {
    pub company: CompanyRef,
    pub licensed: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub queues: i64,
    pub users: i64,
    pub devices: i64,
    pub teams: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserItem {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceItem {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub outcome: String,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminItem {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub last_login_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SectionRows {
    Queues(Vec<QueueItem>),
    Users(Vec<UserItem>),
    Devices(Vec<DeviceItem>),
    AuditLog(Vec<AuditItem>),
    Administrators(Vec<AdminItem>),
    /// A page whose settings arrive with the recording-policy work: nothing stored yet.
    Pending,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub company: CompanyRef,
    pub section: Section,
    pub rows: SectionRows,
    /// More rows exist than the page shows.
    pub truncated: bool,
}

/// At most this many rows on a section page until paging arrives with each page's issue.
pub const SECTION_ROWS: usize = 200;

// The recording policy as the API and the pages read and write it (docs/DESIGN.md shapes).

use crate::policy::{Decision, Effective, ForceRecord, Matrix, Mode, OptIn, Override, PolicyFacts, SystemMode};

/// `GET /companies/{c}/recording-mode` (and the reseller level).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingModeView {
    pub mode: Mode,
    pub outbound: Mode,
    pub effective: Effective,
    pub outbound_effective: Effective,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemModeView {
    pub mode: SystemMode,
    pub outbound: SystemMode,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordView {
    #[serde(flatten)]
    pub force: ForceRecord,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub id: String,
    pub name: String,
    pub opt_in: OptIn,
    /// The contact-center options (seed 003).
    #[serde(default)]
    pub contact_center: crate::policy::treatment::ContactCenter,
    pub version: i64,
}

/// `PUT /queues/{q}/contact-center`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactCenterBody {
    pub contact_center: crate::policy::treatment::ContactCenter,
    pub version: i64,
}

/// `GET/PUT /companies/{c}/treatment`: the company's defaults of the recording treatment.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentView {
    pub treatment: crate::policy::treatment::Treatment,
    pub version: i64,
}

/// `PUT /users/{u}/treatment`: the user's own options (absent: Company default) and the
/// address recordings are e-mailed to.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserTreatmentBody {
    #[serde(default)]
    pub treatment: crate::policy::treatment::TreatmentOverride,
    #[serde(default)]
    pub email: Option<String>,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    /// The user's own treatment options (absent: Company default).
    #[serde(default)]
    pub treatment: crate::policy::treatment::TreatmentOverride,
    #[serde(default)]
    pub email: Option<String>,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    pub version: i64,
}

pub use crate::policy::{CallRequest, PartyRef};

/// What the Policy Simulator needs to decide in the browser: the company's settings and the
/// devices and queues it can pick from, with their own settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulatorData {
    pub facts: PolicyFacts,
    pub devices: Vec<crate::policy::DeviceFacts>,
    pub queues: Vec<crate::policy::QueueFacts>,
    /// More devices or queues exist than the simulator lists.
    pub truncated: bool,
}

/// A queue's opt-in settings as a form or the API sends them: loose types, so a wrong key
/// or an out-of-range delay is a field error the person can read, not a parse failure.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptInInput {
    #[serde(default)]
    pub audio: Option<crate::policy::OptInAudio>,
    #[serde(default)]
    pub delay_seconds: Option<i64>,
    #[serde(default)]
    pub accept_key: Option<String>,
    #[serde(default)]
    pub reject_key: Option<String>,
    #[serde(default)]
    pub replay_limit: Option<i64>,
}

impl OptInInput {
    pub fn parse(&self) -> Result<OptIn, crate::policy::FieldError> {
        use crate::policy::{opt_in, DtmfKey, FieldError};
        let number = |field: &str, v: Option<i64>, default: u32, max: u32| match v {
            None => Ok(default),
            Some(n) if (0..=i64::from(max)).contains(&n) => Ok(n as u32),
            Some(_) => Err(FieldError::new(field, format!("Enter a whole number from 0 to {max}."))),
        };
        Ok(OptIn {
            audio: self.audio.clone().filter(|a| !a.id().trim().is_empty()),
            delay_seconds: number("opt_in.delay_seconds", self.delay_seconds, opt_in::DELAY_DEFAULT, 3600)
                .map_err(|_| FieldError::new("opt_in.delay_seconds", "The delay is whole seconds from 1 to 60."))?,
            accept_key: DtmfKey::parse_optional("opt_in.accept_key", self.accept_key.as_deref().unwrap_or(""))?,
            reject_key: DtmfKey::parse_optional("opt_in.reject_key", self.reject_key.as_deref().unwrap_or(""))?,
            replay_limit: number("opt_in.replay_limit", self.replay_limit, opt_in::REPLAY_DEFAULT, opt_in::REPLAY_MAX)?,
        })
    }
}

/// The Policy Simulator's form as the address carries it (`?source=device:…&destination=…`),
/// so the page works as a plain GET form with JavaScript off and a result can be linked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatorQuery {
    /// `device:<id>` or `external`.
    pub source: String,
    pub source_number: String,
    /// `device:<id>`, `queue:<id>` or `external`.
    pub destination: String,
    pub destination_number: String,
    /// `none`, `accept` or `reject`.
    pub caller_input: String,
    /// `on` when the call was forwarded or transferred.
    #[serde(default)]
    pub redirected: String,
    #[serde(default)]
    pub call_id: String,
}

/// Phone numbers are typed with spaces and dashes; the policy sees digits and a leading +.
fn normalize_number(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect()
}

impl SimulatorQuery {
    pub const DEFAULT_SOURCE_NUMBER: &'static str = "+44 20 7946 0000";
    pub const DEFAULT_DESTINATION_NUMBER: &'static str = "+1 555 010 0199";
    pub const DEFAULT_CALL_ID: &'static str = "sim-call-0001";

    fn party(field: &str, choice: &str, number: &str) -> Result<PartyRef, crate::policy::FieldError> {
        use crate::policy::FieldError;
        match choice.split_once(':') {
            Some(("device", id)) if !id.is_empty() => Ok(PartyRef::Device(id.to_string())),
            Some(("queue", id)) if !id.is_empty() => Ok(PartyRef::Queue(id.to_string())),
            None if choice == "external" => {
                let n = normalize_number(number);
                crate::policy::decision::check_external_number(&format!("{field}_number"), &n)?;
                Ok(PartyRef::External(n))
            }
            _ => Err(FieldError::new(field, "Choose a device, a queue or an external number.")),
        }
    }

    pub fn to_request(&self) -> Result<CallRequest, crate::policy::FieldError> {
        Ok(CallRequest {
            source: Self::party("source", &self.source, &self.source_number)?,
            destination: Self::party("destination", &self.destination, &self.destination_number)?,
            caller_input: crate::policy::CallerInput::parse(&self.caller_input).unwrap_or_default(),
            redirected: self.redirected == "on",
            call_id: Some(self.call_id.trim().to_string()).filter(|id| !id.is_empty()),
        })
    }
}

impl crate::policy::Directory for SimulatorData {
    fn device(&self, id: &str) -> Option<crate::policy::DeviceFacts> {
        self.devices.iter().find(|d| d.id == id).cloned()
    }
    fn queue(&self, id: &str) -> Option<crate::policy::QueueFacts> {
        self.queues.iter().find(|q| q.id == id).cloned()
    }
}

impl SimulatorData {
    /// The call with the facts of the chosen device or queue, as the server would load them.
    pub fn call_for(&self, request: &CallRequest) -> Result<crate::policy::Call, crate::policy::FieldError> {
        request.to_call(self)
    }

    pub fn decide(&self, request: &CallRequest) -> Result<Decision, crate::policy::FieldError> {
        Ok(crate::policy::decide(&self.facts, &self.call_for(request)?))
    }
}

/// The Account Force Record page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordPage {
    pub company: String,
    pub licensed: bool,
    /// The signed-in administrator holds Recording Policy: Modify (the server checks again).
    pub can_modify: bool,
    pub current: ForceRecordView,
}

/// The Account Force Record form as a browser posts it: checkboxes are present when ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordForm {
    pub version: i64,
    #[serde(default)]
    pub all_users_inbound_onnet: Option<String>,
    #[serde(default)]
    pub all_users_inbound_offnet: Option<String>,
    #[serde(default)]
    pub all_users_outbound_onnet: Option<String>,
    #[serde(default)]
    pub all_users_outbound_offnet: Option<String>,
    #[serde(default)]
    pub entire_account_inbound_onnet: Option<String>,
    #[serde(default)]
    pub entire_account_inbound_offnet: Option<String>,
    #[serde(default)]
    pub entire_account_outbound_onnet: Option<String>,
    #[serde(default)]
    pub entire_account_outbound_offnet: Option<String>,
    #[serde(default)]
    pub on_demand_enabled: Option<String>,
    #[serde(default)]
    pub on_demand_code: String,
}

impl ForceRecordForm {
    /// The form field of one switch, e.g. `form[entire_account_inbound_offnet]`.
    pub fn cell_name(matrix: &str, direction: crate::policy::Direction, network: crate::policy::Network) -> String {
        format!("form[{matrix}_{}]", crate::policy::matrix::cell_key(direction, network))
    }

    pub fn to_force(&self) -> ForceRecord {
        use crate::policy::{Matrix, OnDemand, PerNetwork};
        let on = |v: &Option<String>| v.is_some();
        ForceRecord {
            all_users: Matrix {
                inbound: PerNetwork {
                    onnet: on(&self.all_users_inbound_onnet),
                    offnet: on(&self.all_users_inbound_offnet),
                },
                outbound: PerNetwork {
                    onnet: on(&self.all_users_outbound_onnet),
                    offnet: on(&self.all_users_outbound_offnet),
                },
            },
            entire_account: Matrix {
                inbound: PerNetwork {
                    onnet: on(&self.entire_account_inbound_onnet),
                    offnet: on(&self.entire_account_inbound_offnet),
                },
                outbound: PerNetwork {
                    onnet: on(&self.entire_account_outbound_onnet),
                    offnet: on(&self.entire_account_outbound_offnet),
                },
            },
            on_demand: OnDemand { enabled: on(&self.on_demand_enabled), code: self.on_demand_code.trim().to_string() },
        }
    }
}

/// One row of the Users page: the user's own cells; the page shows what applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
    pub overrides: Matrix<Override>,
    pub devices: i64,
    pub version: i64,
}

pub const USERS_PER_PAGE: i64 = 50;

/// The Users page: one page of users that match the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsersPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub all_users: Matrix<bool>,
    pub rows: Vec<UserRow>,
    pub total: i64,
    pub page: i64,
    /// Whose users are listed (seed 002): `me`, `teams` or `everyone`.
    pub scope: String,
    /// With `teams`: the one team chosen, or empty for all the viewer may see.
    pub team: String,
    /// The teams the viewer may choose from: their own if limited to teams, else all.
    pub teams: Vec<(String, String)>,
    /// Everyone is offered only to a viewer not limited to teams.
    pub everyone_allowed: bool,
    /// The viewer's e-mail: "Me" lists the users with this address.
    pub my_email: String,
}

/// The override dialog of one user: the user, and their devices for the impact preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserEditor {
    pub user: UserRow,
    pub devices: Vec<crate::policy::DeviceFacts>,
    pub all_users: Matrix<bool>,
    pub licensed: bool,
    pub can_modify: bool,
    /// The user's own treatment options as the form shows them, and what applies.
    pub treatment: crate::policy::treatment::TreatmentForm,
    pub effective: crate::policy::treatment::EffectiveTreatment,
    pub mp3_files: Vec<AudioChoice>,
}

/// The company's Recording treatment page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentPage {
    pub form: crate::policy::treatment::TreatmentForm,
    pub version: i64,
    pub licensed: bool,
    pub can_modify: bool,
    pub mp3_files: Vec<AudioChoice>,
}

/// The override dialog as a browser posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverrideForm {
    pub version: i64,
    /// The Override toggle: off means every cell is Inherit ("Account default").
    #[serde(default)]
    pub override_enabled: Option<String>,
    #[serde(default)]
    pub inbound_onnet: String,
    #[serde(default)]
    pub inbound_offnet: String,
    #[serde(default)]
    pub outbound_onnet: String,
    #[serde(default)]
    pub outbound_offnet: String,
    #[serde(default)]
    pub seat: Option<String>,
}

impl OverrideForm {
    pub fn overrides(&self) -> Matrix<Override> {
        if self.override_enabled.is_none() {
            return Matrix::default();
        }
        let cell = |v: &str| Override::parse(v).unwrap_or_default();
        Matrix {
            inbound: crate::policy::PerNetwork { onnet: cell(&self.inbound_onnet), offnet: cell(&self.inbound_offnet) },
            outbound: crate::policy::PerNetwork {
                onnet: cell(&self.outbound_onnet),
                offnet: cell(&self.outbound_offnet),
            },
        }
    }
}

/// What a save did: the stored user, and what changes for their calls, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedOverride {
    pub version: i64,
    pub impact: Vec<String>,
}

/// One device of the Devices page (or its dialog), with its owner's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceRow {
    pub facts: crate::policy::DeviceFacts,
    pub version: i64,
}

pub const DEVICES_PER_PAGE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevicesPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub all_users: Matrix<bool>,
    pub rows: Vec<DeviceRow>,
    pub total: i64,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceEditor {
    pub device: DeviceRow,
    pub all_users: Matrix<bool>,
    pub licensed: bool,
    pub can_modify: bool,
}

/// `GET/PUT /companies/{c}/licence`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceView {
    pub licensed: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub version: i64,
}

/// `POST /companies/{c}/users`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub extension: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub seat: bool,
    #[serde(default, rename = "override")]
    pub overrides: Matrix<Override>,
}

/// `POST /companies/{c}/devices`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewDevice {
    pub name: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, rename = "override")]
    pub overrides: Matrix<Override>,
}

/// A name as the pages show it: 1 to 100 characters, no surrounding spaces.
pub fn check_name(field: &str, name: &str) -> Result<(), crate::policy::FieldError> {
    let n = name.trim().chars().count();
    if n == 0 || n > 100 {
        Err(crate::policy::FieldError::new(field, "Enter a name of 1 to 100 characters."))
    } else {
        Ok(())
    }
}

impl NewUser {
    pub fn validate(&self) -> crate::policy::Validation {
        let mut v = crate::policy::Validation::default();
        v.check(check_name("name", &self.name));
        let ext = self.extension.trim();
        if !(2..=10).contains(&ext.len()) || !ext.bytes().all(|b| b.is_ascii_digit()) {
            v.push("extension", "An extension is 2 to 10 digits.");
        }
        v
    }
}

/// An audio file or playbook of the company's library, as a dropdown lists it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioChoice {
    pub id: String,
    pub name: String,
}

/// The queue page's Recording Opt In/Out tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueOptInPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub queue: QueueView,
    pub audio_files: Vec<AudioChoice>,
    pub playbooks: Vec<AudioChoice>,
    /// The company's recording mode and where it comes from.
    pub mode: RecordingModeView,
    /// "On, inherited from reseller 'Acme Telecom'".
    pub mode_says: String,
    pub contact_center: crate::policy::treatment::ContactCenterForm,
}

/// The opt-in tab as a browser posts it: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptInForm {
    pub version: i64,
    /// `file:<id>`, `playbook:<id>` or empty.
    #[serde(default)]
    pub audio: String,
    #[serde(default)]
    pub delay_seconds: String,
    #[serde(default)]
    pub accept_key: String,
    #[serde(default)]
    pub reject_key: String,
    #[serde(default)]
    pub replay_limit: String,
}

impl OptInForm {
    pub fn from_opt_in(o: &OptIn, version: i64) -> OptInForm {
        OptInForm {
            version,
            audio: match &o.audio {
                Some(crate::policy::OptInAudio::File(id)) => format!("file:{id}"),
                Some(crate::policy::OptInAudio::Playbook(id)) => format!("playbook:{id}"),
                None => String::new(),
            },
            delay_seconds: o.delay_seconds.to_string(),
            accept_key: o.accept_key.map(String::from).unwrap_or_default(),
            reject_key: o.reject_key.map(String::from).unwrap_or_default(),
            replay_limit: o.replay_limit.to_string(),
        }
    }

    /// The typed fields, with a field error for a number that is not one.
    pub fn to_input(&self) -> Result<OptInInput, crate::policy::FieldError> {
        use crate::policy::{FieldError, OptInAudio};
        let number = |field: &str, text: &str, what: &str| -> Result<Option<i64>, FieldError> {
            let t = text.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<i64>().map(Some).map_err(|_| FieldError::new(field, format!("Enter {what} as a whole number.")))
        };
        let audio = match self.audio.split_once(':') {
            Some(("file", id)) if !id.is_empty() => Some(OptInAudio::File(id.to_string())),
            Some(("playbook", id)) if !id.is_empty() => Some(OptInAudio::Playbook(id.to_string())),
            _ if self.audio.trim().is_empty() => None,
            _ => return Err(FieldError::new("opt_in.audio", "Choose an audio file or a playbook from the list.")),
        };
        Ok(OptInInput {
            audio,
            delay_seconds: number("opt_in.delay_seconds", &self.delay_seconds, "the delay in seconds")?,
            accept_key: Some(self.accept_key.clone()),
            reject_key: Some(self.reject_key.clone()),
            replay_limit: number("opt_in.replay_limit", &self.replay_limit, "the replay limit")?,
        })
    }

    /// Every problem of the form, as the server would find it (the dropdown lists only
    /// audio that exists).
    pub fn validate(&self) -> crate::policy::Validation {
        match self.to_input().and_then(|i| i.parse()) {
            Ok(o) => o.validate(|_| true),
            Err(e) => crate::policy::Validation { errors: vec![e] },
        }
    }
}

/// One company as a recording-mode page previews it: its own levels of both settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyModes {
    pub name: String,
    pub recording: crate::policy::ModeLevels,
    pub outbound: crate::policy::ModeLevels,
}

/// The recording mode page of the system, a reseller or a company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModePage {
    pub level: crate::policy::Level,
    pub id: String,
    pub name: String,
    /// This level's own values: `default`/`off`/`on` (the system has no `default`).
    pub mode: String,
    pub outbound: String,
    pub version: i64,
    pub can_modify: bool,
    /// The companies this level reaches (one, for a company page).
    pub companies: Vec<CompanyModes>,
}

impl ModePage {
    /// The companies' levels with this page's values changed to `mode` and `outbound`.
    pub fn with_values(&self, mode: &str, outbound: &str) -> Vec<CompanyModes> {
        use crate::policy::{Level, Mode, SystemMode};
        let apply = |levels: &mut crate::policy::ModeLevels, value: &str| match self.level {
            Level::System => levels.system = SystemMode::parse("mode", value).unwrap_or(levels.system),
            Level::Reseller => levels.reseller = Mode::parse("mode", value).unwrap_or(levels.reseller),
            _ => levels.company = Mode::parse("mode", value).unwrap_or(levels.company),
        };
        self.companies
            .iter()
            .cloned()
            .map(|mut c| {
                apply(&mut c.recording, mode);
                apply(&mut c.outbound, outbound);
                c
            })
            .collect()
    }

    /// What saving `mode` and `outbound` would do to the companies below, in sentences.
    pub fn impact(&self, mode: &str, outbound: &str) -> Vec<String> {
        let after = self.with_values(mode, outbound);
        let changed = |pick: fn(&CompanyModes) -> &crate::policy::ModeLevels| {
            self.companies.iter().zip(&after).filter(|(b, a)| pick(b).resolve().on != pick(a).resolve().on).count()
        };
        let total = self.companies.len();
        let line = |n: usize, what: &str| {
            if total == 1 {
                let now = if n == 1 { "changes" } else { "does not change" };
                format!("After saving, the company's effective {what} {now}.")
            } else {
                format!("After saving, {n} of {total} companies change their effective {what}.")
            }
        };
        vec![line(changed(|c| &c.recording), "recording mode"), line(changed(|c| &c.outbound), "outbound recording")]
    }
}

/// An audio file of the company's library.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioItem {
    pub id: String,
    pub name: String,
    /// None for a file known by name only (demo data without content).
    pub format: Option<crate::audio::AudioFormat>,
    pub size_bytes: i64,
}

/// A playbook: audio files of the library played one after another, in this order.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaybookView {
    pub id: String,
    pub name: String,
    pub files: Vec<AudioChoice>,
    pub version: i64,
}

/// The most files a playbook plays: a prompt longer than this loses the caller anyway.
pub const MAX_PLAYBOOK_FILES: usize = 10;

/// A playbook as written: its name and the ids of its audio files in playing order. An
/// edit carries the version it read.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaybookInput {
    pub name: String,
    pub files: Vec<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

impl PlaybookInput {
    /// The files as chosen, without the empty slots of the page's form.
    pub fn chosen_files(&self) -> Vec<String> {
        self.files.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).map(String::from).collect()
    }

    /// Everything but whether the files are in the library, which only the server knows.
    pub fn validate(&self) -> crate::policy::Validation {
        let mut v = crate::policy::Validation::default();
        v.check(check_name("name", &self.name));
        let n = self.chosen_files().len();
        if n == 0 {
            v.push("files", "Choose at least one audio file for the playbook.");
        } else if n > MAX_PLAYBOOK_FILES {
            v.push("files", format!("A playbook plays at most {MAX_PLAYBOOK_FILES} audio files; this one has {n}."));
        }
        v
    }
}

/// The company's audio library: its files and its playbooks.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioLibrary {
    pub files: Vec<AudioItem>,
    pub playbooks: Vec<PlaybookView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioLibraryPage {
    pub can_modify: bool,
    pub library: AudioLibrary,
}

/// An API token as the tokens page lists it (never its secret).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    /// The privileges by the names the pages show.
    pub privileges: Vec<String>,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The API tokens page: the company's tokens, and what the viewer may grant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenView>,
    /// (key, label) of each company-level privilege the viewer holds.
    pub grantable: Vec<(String, String)>,
    /// A token just made by a form posted without JavaScript, to show once.
    pub just_made: Option<CreatedTokenView>,
}

/// A token just made: its name and its secret, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedTokenView {
    pub name: String,
    pub token: String,
}
