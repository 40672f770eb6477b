//! The authorization matrix: every server function and every `/api/v1` route, for each
//! demo role and each tenant relation, through the real router on a fresh SQLite file.
//!
//! Columns: the actor, then for company-scoped routes the target company as seen from the
//! actor: own (Northwind Traders, which every actor below reaches), sibling (Contoso, the
//! same reseller, Acme Telecom) and other (Fabrikam, reseller Bluewave).

mod common;

use axum::http::{Method, StatusCode};
use common::{form_encode, sql, TestApp};
use leptos::server_fn::ServerFn;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Actor {
    Anonymous,
    Owner,
    ResellerAdmin,
    CompanyAdmin,
    Supervisor,
    /// A custom role of Northwind limited to its Support team; see [`team_lead`].
    TeamLead,
}

const ACTORS: [Actor; 6] =
    [Actor::Anonymous, Actor::Owner, Actor::ResellerAdmin, Actor::CompanyAdmin, Actor::Supervisor, Actor::TeamLead];

impl Actor {
    fn email(self) -> Option<&'static str> {
        match self {
            Actor::Anonymous => None,
            Actor::Owner => Some("owner@demo.test"),
            Actor::ResellerAdmin => Some("admin@acme.demo.test"),
            Actor::CompanyAdmin => Some("admin@northwind.demo.test"),
            Actor::Supervisor => Some("supervisor@northwind.demo.test"),
            Actor::TeamLead => Some(TEAM_LEAD_EMAIL),
        }
    }
}

const TEAM_LEAD_EMAIL: &str = "teamlead@northwind.demo.test";

/// The team lead's privileges: Users & Devices (View and Modify), Queues: View and
/// Recordings: View, limited to Northwind's Support team.
const TEAM_LEAD_PRIVILEGES: [&str; 4] =
    ["users_devices.view", "users_devices.modify", "queues.view", "recordings.view"];

/// What the team lead gets on a row. A users and devices route (by its name) answers as it
/// does for the company administrator, except for an object outside the Support team, which
/// is not found: `{d}` (the company's first device, a shared one nobody owns) and `{u2}` (a
/// user of another team). Any other route answers as it does for the supervisor, who holds the
/// team lead's other privileges (and Recordings: Play, which rows in [`TEAM_LEAD_EXCEPTIONS`]
/// cover). Outside Northwind everything is not found, as for the supervisor.
fn team_lead(row: &Row) -> Vec<u16> {
    if let Some((_, explicit)) = TEAM_LEAD_EXCEPTIONS.iter().find(|(name, _)| *name == row.name) {
        return explicit.to_vec();
    }
    let name = row.name.to_lowercase();
    let users_devices = ["user", "device", "bulk"].iter().any(|w| name.contains(w));
    let path = match row.call {
        Call::Api(_, p) | Call::ServerFn(_, p) => p,
    };
    let outside_team = path.contains("{d}") || path.contains("{u2}");
    let mut want = if users_devices { row.expect[3].to_vec() } else { row.expect[4].to_vec() };
    if users_devices && outside_team && want[0] != 401 {
        want[0] = 404;
    }
    want
}

/// Rows the rule of [`team_lead`] does not give, with why.
const TEAM_LEAD_EXCEPTIONS: &[(&str, &[u16])] = &[
    // No Recordings: Play.
    ("play a recording", &[403, 404, 404]),
    // No Recordings: Legal hold (these bulk rows are not users and devices changes).
    ("preview a bulk legal hold", &[403, 404, 404]),
    ("server fn get_bulk_hold_preview", &[403, 404, 404]),
    ("server fn bulk_legal_hold (not confirmed)", &[403, 404, 404]),
    ("server fn bulk_release_legal_hold (not confirmed)", &[403, 404, 404]),
    // No Recordings: Download (a bulk download is not a users and devices change).
    ("server fn get_bulk_download_preview", &[403, 404, 404]),
    // The bulk change names an object outside the team: refused as an unknown id.
    ("server fn bulk_set_cell (a user of another team)", &[422, 404, 404]),
    // Made for the row without a team (or an owner): outside the Support team.
    ("delete a user", &[404, 404, 404]),
    ("delete a device", &[404, 404, 404]),
    ("delete a user by external id", &[404, 404, 404]),
    ("delete a device by external id", &[404, 404, 404]),
];

const RELATIONS: [&str; 3] = ["Northwind Traders", "Contoso", "Fabrikam"];

/// How a row's route is called.
#[derive(Clone, Copy)]
enum Call {
    Api(&'static str, &'static str),
    /// A server function by its path, with a form body; `{c}` is the target company.
    ServerFn(&'static str, &'static str),
}

/// One row: a route and the expected status per actor. A company-scoped row lists three
/// statuses per actor (own, sibling, other); any other row lists one.
struct Row {
    name: &'static str,
    call: Call,
    scoped: bool,
    expect: [&'static [u16]; 5],
    /// A JSON body; `{version}` is replaced by the version a GET of `version_from` reads.
    body: Option<&'static str>,
    version_from: Option<&'static str>,
}

fn matrix() -> Vec<Row> {
    use app::api::account::{ChangePassword, EndSession, GetAccount};
    use app::api::administrators::{CreateAdmin, GetAdmin, GetAdmins, ResetAdminPassword, SaveAdmin, SetAdminDisabled};
    use app::api::audio_library::{DeleteAudioFile, GetAudioLibrary, SavePlaybook};
    use app::api::audit_log::GetAuditLog;
    use app::api::bulk_changes::BulkSetCell;
    use app::api::bulk_download::GetBulkDownloadPreview;
    use app::api::decisions::{GetSimulatorData, SimulateCall};
    use app::api::devices::{GetDeviceEditor, GetDevicesPage, SaveDevice};
    use app::api::erasures::{EraseNumber, GetErasures, PreviewErasure};
    use app::api::force_record::{GetForceRecord, SaveForceRecord};
    use app::api::imports::{ApplyImport, GetImportPreview};
    use app::api::legal_hold::{
        BulkLegalHold, BulkReleaseLegalHold, GetBulkHoldPreview, PlaceLegalHold, ReleaseLegalHold,
    };
    use app::api::missing_recordings::{GetMissingRecordings, SaveUploadDeadline};
    use app::api::queues::SaveContactCenter;
    use app::api::queues::{AddQueue, DeleteQueue, GetQueueOptIn, GetQueues, RenameQueue, SaveQueueOptIn};
    use app::api::recording_mode::{GetModePage, SaveMode};
    use app::api::recordings::{DeleteRecording, GetRecording, GetRecordings};
    use app::api::retention::{GetRetentionPage, PreviewRetention, SaveRetention};
    use app::api::roles::{CreateRole, DeleteRole, GetRoles};
    use app::api::session::{GetMe, Login, Logout};
    use app::api::storage::{GetStorageCheck, GetStoragePage, SaveStorage};
    use app::api::teams::{DeleteTeam, GetTeams, SaveTeam};
    use app::api::tenants::GetCompanyOverview;
    use app::api::tokens::{CreateToken, GetTokens, RevokeToken};
    use app::api::treatment::{GetTreatmentPage, SaveTreatment};
    use app::api::users::SaveUserTreatment;
    use app::api::users::{GetUserEditor, GetUsersPage, SaveUser};
    let scoped_read: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[200, 404, 404]];
    let mut rows = vec![
        Row {
            name: "sign in (own credentials; anonymous: wrong password)",
            call: Call::Api("POST", "/api/v1/session"),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[401], &[200], &[200], &[200], &[200]],
        },
        Row {
            name: "sign out",
            call: Call::Api("DELETE", "/api/v1/session"),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[204], &[204], &[204], &[204], &[204]],
        },
        Row {
            name: "list companies",
            call: Call::Api("GET", "/api/v1/companies"),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[401], &[200], &[200], &[200], &[200]],
        },
        Row {
            name: "company licence",
            call: Call::Api("GET", "/api/v1/companies/{c}/licence"),
            scoped: true,
            body: None,
            version_from: None,
            expect: scoped_read,
        },
        Row {
            name: "server fn login (own credentials; anonymous: wrong password)",
            call: Call::ServerFn(Login::PATH, "email={email}&password={password}&next=/"),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[401], &[200], &[200], &[200], &[200]],
        },
        Row {
            name: "server fn logout",
            call: Call::ServerFn(Logout::PATH, ""),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[200], &[200], &[200], &[200], &[200]],
        },
        Row {
            name: "server fn get_me",
            call: Call::ServerFn(GetMe::PATH, ""),
            scoped: false,
            body: None,
            version_from: None,
            expect: [&[200], &[200], &[200], &[200], &[200]],
        },
        Row {
            name: "server fn get_company_overview",
            call: Call::ServerFn(GetCompanyOverview::PATH, "company={c}"),
            scoped: true,
            body: None,
            version_from: None,
            expect: scoped_read,
        },
    ];
    rows.extend(policy_rows(scoped_read));
    let policy_view: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]];
    let policy_modify: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 422], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]];
    rows.push(Row {
        name: "server fn get_force_record",
        call: Call::ServerFn(GetForceRecord::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: policy_view,
    });
    rows.push(Row {
        name: "server fn save_force_record (Fabrikam holds no licence)",
        call: Call::ServerFn(
            SaveForceRecord::PATH,
            "company={c}&form[version]={version}&form[entire_account_inbound_offnet]=on&form[on_demand_code]=",
        ),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/companies/{c}/force-record"),
        expect: policy_modify,
    });
    let users_view: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]];
    rows.push(Row {
        name: "server fn get_users_page",
        call: Call::ServerFn(GetUsersPage::PATH, "company={c}&q=&page=1"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    rows.push(Row {
        name: "server fn get_user_editor",
        call: Call::ServerFn(GetUserEditor::PATH, "company={c}&user={u}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    rows.push(Row {
        name: "server fn save_user (Fabrikam holds no licence)",
        call: Call::ServerFn(SaveUser::PATH, "company={c}&user={u}&form[version]={version}&form[seat]=on"),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/users/{u}"),
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_devices_page",
        call: Call::ServerFn(GetDevicesPage::PATH, "company={c}&q=&page=1"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    rows.push(Row {
        name: "server fn get_device_editor",
        call: Call::ServerFn(GetDeviceEditor::PATH, "company={c}&device={d}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    rows.push(Row {
        name: "server fn save_device (Fabrikam holds no licence)",
        call: Call::ServerFn(
            SaveDevice::PATH,
            "company={c}&device={d}&form[version]={version}&form[override_enabled]=on&form[inbound_offnet]=off",
        ),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/devices/{d}"),
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_simulator_data",
        call: Call::ServerFn(GetSimulatorData::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: policy_view,
    });
    rows.push(Row {
        name: "server fn simulate_call",
        call: Call::ServerFn(
            SimulateCall::PATH,
            "company={c}&query[source]=external&query[source_number]=%2B15551234567&query[destination]=external\
             &query[destination_number]=%2B15551234568&query[caller_input]=none",
        ),
        scoped: true,
        body: None,
        version_from: None,
        // Two external numbers are refused as input, after the privilege and scope checks.
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn bulk_set_cell (Fabrikam holds no licence)",
        call: Call::ServerFn(BulkSetCell::PATH, "company={c}&target=users&ids[2]={u}&cell=inbound_offnet&value=on"),
        scoped: true,
        body: None,
        version_from: None,
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_user_editor (a user of another team)",
        call: Call::ServerFn(GetUserEditor::PATH, "company={c}&user={u2}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    rows.push(Row {
        name: "server fn bulk_set_cell (a user of another team)",
        call: Call::ServerFn(BulkSetCell::PATH, "company={c}&target=users&ids[2]={u2}&cell=inbound_offnet&value=on"),
        scoped: true,
        body: None,
        version_from: None,
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_device_editor (a device of the team)",
        call: Call::ServerFn(GetDeviceEditor::PATH, "company={c}&device={d2}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: users_view,
    });
    let queues_read: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[200, 404, 404]];
    rows.push(Row {
        name: "server fn get_queues",
        call: Call::ServerFn(GetQueues::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: queues_read,
    });
    rows.push(Row {
        name: "server fn get_queue_opt_in",
        call: Call::ServerFn(GetQueueOptIn::PATH, "company={c}&queue={q}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: queues_read,
    });
    rows.push(Row {
        name: "server fn save_queue_opt_in (Fabrikam holds no licence)",
        call: Call::ServerFn(
            SaveQueueOptIn::PATH,
            "company={c}&queue={q}&form[version]={version}&form[audio]=file:{a}&form[delay_seconds]=7&form[accept_key]=&form[reject_key]=",
        ),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/queues/{q}"),
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_mode_page (company)",
        call: Call::ServerFn(GetModePage::PATH, "level=company&id={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: queues_read,
    });
    rows.push(Row {
        name: "server fn save_mode (company; Fabrikam holds no licence)",
        call: Call::ServerFn(SaveMode::PATH, "level=company&id={c}&mode=default&outbound=default&version={version}"),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/companies/{c}/recording-mode"),
        expect: policy_modify,
    });
    rows.push(Row {
        name: "server fn get_mode_page (reseller)",
        call: Call::ServerFn(GetModePage::PATH, "level=reseller&id={r}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[404, 404, 404], &[404, 404, 404]],
    });
    rows.push(Row {
        name: "server fn save_mode (reseller)",
        call: Call::ServerFn(SaveMode::PATH, "level=reseller&id={r}&mode=default&outbound=default&version={version}"),
        scoped: true,
        body: None,
        version_from: Some("/api/v1/resellers/{r}/recording-mode"),
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[404, 404, 404], &[404, 404, 404]],
    });
    rows.push(Row {
        name: "server fn get_mode_page (system)",
        call: Call::ServerFn(GetModePage::PATH, "level=system&id="),
        scoped: false,
        body: None,
        version_from: None,
        expect: [&[401], &[200], &[200], &[200], &[200]],
    });
    rows.push(Row {
        name: "server fn save_mode (system)",
        call: Call::ServerFn(SaveMode::PATH, "level=system&id=&mode=off&outbound=off&version={version}"),
        scoped: false,
        body: None,
        version_from: Some("/api/v1/system/recording-mode"),
        expect: [&[401], &[200], &[403], &[403], &[403]],
    });
    let delete: [&'static [u16]; 5] =
        [&[401, 401, 401], &[204, 204, 204], &[204, 204, 404], &[204, 404, 404], &[403, 404, 404]];
    rows.push(Row {
        name: "delete a queue",
        call: Call::Api("DELETE", "/api/v1/queues/{newq}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: delete,
    });
    rows.push(Row {
        name: "server fn delete_queue",
        call: Call::ServerFn(DeleteQueue::PATH, "company={c}&queue={newq}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn add_queue (empty name)",
        call: Call::ServerFn(AddQueue::PATH, "company={c}&name="),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn rename_queue (empty name)",
        call: Call::ServerFn(RenameQueue::PATH, "company={c}&queue={q}&name=&version=1"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn get_audio_library",
        call: Call::ServerFn(GetAudioLibrary::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: queues_read,
    });
    rows.push(Row {
        name: "server fn delete_audio_file (in use: refused)",
        call: Call::ServerFn(DeleteAudioFile::PATH, "company={c}&audio={a}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn save_playbook (no files: refused)",
        call: Call::ServerFn(SavePlaybook::PATH, "company={c}&name=Empty&files[0]="),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    // Administration. `{adm}` is the target company's company administrator.
    let admin_scoped = |name, call, own: [u16; 3]| Row {
        name,
        call,
        scoped: true,
        body: None,
        version_from: None,
        expect: [
            &[401, 401, 401],
            Box::leak(Box::new(own)),
            Box::leak(Box::new([own[0], own[1], 404])),
            Box::leak(Box::new([own[0], 404, 404])),
            &[403, 403, 403],
        ],
    };
    let unscoped = |name, call, expect: [&'static [u16]; 5]| Row {
        name,
        call,
        scoped: false,
        body: None,
        version_from: None,
        expect,
    };
    rows.push(unscoped(
        "server fn get_audit_log (own scope)",
        Call::ServerFn(GetAuditLog::PATH, "company="),
        [&[401], &[200], &[200], &[200], &[403]],
    ));
    rows.push(unscoped(
        "server fn get_admins (own scope)",
        Call::ServerFn(GetAdmins::PATH, "company="),
        [&[401], &[200], &[200], &[200], &[403]],
    ));
    rows.push(Row {
        name: "server fn get_admins (one company)",
        call: Call::ServerFn(GetAdmins::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(admin_scoped("server fn get_admin", Call::ServerFn(GetAdmin::PATH, "id={adm}"), [200, 200, 200]));
    rows.push(unscoped(
        "server fn create_admin (empty form: refused)",
        Call::ServerFn(CreateAdmin::PATH, "back=/administrators"),
        [&[401], &[422], &[422], &[422], &[403]],
    ));
    // Version 0 was never read: refused as stale, nothing changed.
    rows.push(admin_scoped(
        "server fn save_admin (stale)",
        Call::ServerFn(
            SaveAdmin::PATH,
            "id={adm}&version=0&form[email]=x&form[name]=Matrix&form[role]=role-company-administrator&form[scope]=company:{c}",
        ),
        [409, 409, 409],
    ));
    // Enabling an enabled login changes nothing.
    rows.push(admin_scoped(
        "server fn set_admin_disabled (enable)",
        Call::ServerFn(SetAdminDisabled::PATH, "id={adm}&disabled=false"),
        [200, 200, 200],
    ));
    rows.push(admin_scoped(
        "server fn reset_admin_password (empty: refused)",
        Call::ServerFn(ResetAdminPassword::PATH, "id={adm}&password=&confirm="),
        [422, 422, 422],
    ));
    rows.push(unscoped(
        "server fn get_roles",
        Call::ServerFn(GetRoles::PATH, ""),
        [&[401], &[200], &[200], &[200], &[403]],
    ));
    rows.push(unscoped(
        "server fn create_role (empty: refused)",
        Call::ServerFn(CreateRole::PATH, "form[name]="),
        [&[401], &[422], &[422], &[422], &[403]],
    ));
    rows.push(unscoped(
        "server fn delete_role (built in: refused)",
        Call::ServerFn(DeleteRole::PATH, "id=role-auditor"),
        [&[401], &[409], &[409], &[409], &[403]],
    ));
    for (name, path) in [
        ("server fn get_import_preview (unknown users import)", GetImportPreview::PATH),
        ("server fn apply_import (unknown users import)", ApplyImport::PATH),
    ] {
        rows.push(Row {
            name,
            call: Call::ServerFn(path, "company={c}&import=no-such-import"),
            scoped: true,
            body: None,
            version_from: None,
            expect: [&[401, 401, 401], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404], &[403, 404, 404]],
        });
    }
    rows.push(Row {
        name: "server fn get_teams",
        call: Call::ServerFn(GetTeams::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn save_team (empty name: refused)",
        call: Call::ServerFn(SaveTeam::PATH, "company={c}&name="),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn delete_team (unknown team)",
        call: Call::ServerFn(DeleteTeam::PATH, "company={c}&team=no-such-team"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404], &[403, 404, 404]],
    });
    rows.push(unscoped(
        "server fn get_account",
        Call::ServerFn(GetAccount::PATH, ""),
        [&[401], &[200], &[200], &[200], &[200]],
    ));
    rows.push(unscoped(
        "server fn change_password (no current password: refused)",
        Call::ServerFn(ChangePassword::PATH, "current=&password=&confirm="),
        [&[401], &[422], &[422], &[422], &[422]],
    ));
    rows.push(unscoped(
        "server fn end_session (unknown session)",
        Call::ServerFn(EndSession::PATH, "id=no-such-session"),
        [&[401], &[404], &[404], &[404], &[404]],
    ));
    // Recording treatment. Version 0 was never read: refused as stale (Fabrikam, unlicensed,
    // is refused first), nothing changed.
    let stale_write: [&'static [u16]; 5] =
        [&[401, 401, 401], &[409, 409, 422], &[409, 409, 404], &[409, 404, 404], &[403, 404, 404]];
    rows.push(Row {
        name: "server fn get_treatment_page",
        call: Call::ServerFn(GetTreatmentPage::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    for (name, call) in [
        ("server fn save_treatment (stale)", Call::ServerFn(SaveTreatment::PATH, "company={c}&version=0")),
        (
            "server fn save_user_treatment (stale)",
            Call::ServerFn(SaveUserTreatment::PATH, "company={c}&user={u}&version=0"),
        ),
        (
            "server fn save_contact_center (stale)",
            Call::ServerFn(SaveContactCenter::PATH, "company={c}&queue={q}&version=0"),
        ),
    ] {
        rows.push(Row { name, call, scoped: true, body: None, version_from: None, expect: stale_write });
    }
    // Storage: Recording Policy: View reads it, Modify changes it; no licence needed to say
    // where recordings are kept. Version 99 was never read: refused as stale.
    rows.push(Row {
        name: "server fn get_storage_page",
        call: Call::ServerFn(GetStoragePage::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn get_storage_check",
        call: Call::ServerFn(GetStorageCheck::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn save_storage (stale)",
        call: Call::ServerFn(SaveStorage::PATH, "company={c}&version=99"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[409, 409, 409], &[409, 409, 404], &[409, 404, 404], &[403, 404, 404]],
    });
    // Retention: anyone in scope reads it and sees what a change would purge; Companies:
    // Modify changes it (no licence needed). Version 0 was never read: refused as stale.
    rows.push(Row {
        name: "server fn get_retention_page",
        call: Call::ServerFn(GetRetentionPage::PATH, "level=company&id={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: scoped_read,
    });
    // Counting what a period covers is for those who see all the company's recordings: the
    // demo supervisor is limited to a team.
    rows.push(Row {
        name: "server fn preview_retention",
        call: Call::ServerFn(PreviewRetention::PATH, "level=company&id={c}&days=30"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn save_retention (stale)",
        call: Call::ServerFn(SaveRetention::PATH, "level=company&id={c}&period=default&days=&version=0"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[409, 409, 409], &[409, 409, 404], &[409, 404, 404], &[403, 404, 404]],
    });
    // Legal hold: Recordings: Legal hold, within the caller's teams. Released, then placed
    // again, so every recording stays held for the delete rows.
    let hold_rows: [(&'static str, Call, [&'static [u16]; 5]); 5] = [
        (
            "server fn release_legal_hold",
            Call::ServerFn(ReleaseLegalHold::PATH, "company={c}&recording={rec}"),
            [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
        ),
        (
            "server fn place_legal_hold",
            Call::ServerFn(PlaceLegalHold::PATH, "company={c}&recording={rec}&reason=Matrix"),
            [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
        ),
        (
            "server fn get_bulk_hold_preview",
            Call::ServerFn(GetBulkHoldPreview::PATH, "company={c}&action=place&filter[direction]=inbound"),
            [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
        ),
        // Not confirmed: refused with the count, nothing changed.
        (
            "server fn bulk_legal_hold (not confirmed)",
            Call::ServerFn(BulkLegalHold::PATH, "company={c}&reason=Matrix"),
            [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
        ),
        (
            "server fn bulk_release_legal_hold (not confirmed)",
            Call::ServerFn(BulkReleaseLegalHold::PATH, "company={c}"),
            [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
        ),
    ];
    let erasure_rows: [(&'static str, Call, [&'static [u16]; 5]); 3] = [
        (
            "server fn get_erasures",
            Call::ServerFn(GetErasures::PATH, "company={c}"),
            [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
        ),
        (
            "server fn preview_erasure",
            Call::ServerFn(PreviewErasure::PATH, "company={c}&number=%2B15550000000"),
            [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
        ),
        // Not confirmed: refused with what it would erase, nothing changed.
        (
            "server fn erase_number (not confirmed)",
            Call::ServerFn(EraseNumber::PATH, "company={c}&number=%2B15550000000"),
            [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
        ),
    ];
    let missing_rows: [(&'static str, Call, [&'static [u16]; 5]); 2] = [
        ("server fn get_missing_recordings", Call::ServerFn(GetMissingRecordings::PATH, "company={c}"), scoped_read),
        // Version 0 was never read: refused as stale, nothing changed.
        (
            "server fn save_upload_deadline (stale)",
            Call::ServerFn(SaveUploadDeadline::PATH, "company={c}&minutes=25&version=0"),
            [&[401, 401, 401], &[409, 409, 409], &[409, 409, 404], &[409, 404, 404], &[403, 404, 404]],
        ),
    ];
    // Counting a bulk download's recordings: Recordings: Download, within the caller's teams.
    let download_rows: [(&'static str, Call, [&'static [u16]; 5]); 1] = [(
        "server fn get_bulk_download_preview",
        Call::ServerFn(GetBulkDownloadPreview::PATH, "company={c}&filter[direction]=inbound"),
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    )];
    for (name, call, expect) in hold_rows.into_iter().chain(erasure_rows).chain(missing_rows).chain(download_rows) {
        rows.push(Row { name, call, scoped: true, body: None, version_from: None, expect });
    }
    rows.push(Row {
        name: "server fn get_tokens",
        call: Call::ServerFn(GetTokens::PATH, "company={c}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn create_token (no privileges: refused)",
        call: Call::ServerFn(CreateToken::PATH, "company={c}&name=engine"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn revoke_token (unknown token)",
        call: Call::ServerFn(RevokeToken::PATH, "company={c}&id=no-such-token"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn get_audit_log",
        call: Call::ServerFn(GetAuditLog::PATH, "company={c}&filter[action]=queue.rename"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]],
    });
    rows.push(Row {
        name: "server fn get_recordings",
        call: Call::ServerFn(GetRecordings::PATH, "company={c}&filter[direction]=inbound"),
        scoped: true,
        body: None,
        version_from: None,
        expect: scoped_read,
    });
    rows.push(Row {
        name: "server fn get_recording",
        call: Call::ServerFn(GetRecording::PATH, "company={c}&id={rec}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: scoped_read,
    });
    rows.push(Row {
        name: "server fn delete_recording (legal hold: refused)",
        call: Call::ServerFn(DeleteRecording::PATH, "company={c}&id={rec}"),
        scoped: true,
        body: None,
        version_from: None,
        expect: [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
    });
    // Last: it licenses Fabrikam, which rows above rely on being unlicensed.
    rows.push(Row {
        name: "change a company's licence",
        call: Call::Api("PUT", "/api/v1/companies/{c}/licence"),
        scoped: true,
        body: Some(r#"{"licensed":true,"seats":30,"version":{version}}"#),
        version_from: Some("/api/v1/companies/{c}/licence"),
        expect: [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[403, 404, 404], &[403, 404, 404]],
    });
    rows
}

const MATRIX_OFF: &str = r#"{"inbound":{"onnet":false,"offnet":false},"outbound":{"onnet":false,"offnet":false}}"#;

/// The policy API. Writes to Fabrikam, which holds no licence, are refused with 422 for
/// those who may reach it.
fn policy_rows(scoped_read: [&'static [u16]; 5]) -> Vec<Row> {
    let api = |name, method, path, expect, body, version_from| Row {
        name,
        call: Call::Api(method, path),
        scoped: true,
        expect,
        body,
        version_from,
    };
    let api_unscoped = |name, method, path, expect| Row {
        name,
        call: Call::Api(method, path),
        scoped: false,
        expect,
        body: None,
        version_from: None,
    };
    let modify: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 422], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]];
    let admin_read: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[200, 404, 404], &[403, 404, 404]];
    let supervisor_read: [&'static [u16]; 5] = scoped_read;
    let create: [&'static [u16]; 5] =
        [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]];
    let delete: [&'static [u16]; 5] =
        [&[401, 401, 401], &[204, 204, 204], &[204, 204, 404], &[204, 404, 404], &[403, 404, 404]];
    let unknown: [&'static [u16]; 5] =
        [&[401, 401, 401], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404], &[403, 404, 404]];
    let reseller_read: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[404, 404, 404], &[404, 404, 404]];
    let reseller_modify: [&'static [u16]; 5] =
        [&[401, 401, 401], &[200, 200, 200], &[200, 200, 404], &[404, 404, 404], &[404, 404, 404]];
    let force = Box::leak(
        format!(
            r#"{{"all_users":{MATRIX_OFF},"entire_account":{MATRIX_OFF},"on_demand":{{"enabled":false,"code":""}},"version":{{version}}}}"#
        )
        .into_boxed_str(),
    );
    let inherit =
        r#"{"inbound":{"onnet":"inherit","offnet":"inherit"},"outbound":{"onnet":"inherit","offnet":"inherit"}}"#;
    let user = Box::leak(format!(r#"{{"override":{inherit},"seat":false,"version":{{version}}}}"#).into_boxed_str());
    let device = Box::leak(format!(r#"{{"override":{inherit},"owner":null,"version":{{version}}}}"#).into_boxed_str());
    // Owned by the company's first user, as the team's device is: the row must not take it
    // out of the team for the rows after it.
    let team_device =
        Box::leak(format!(r#"{{"override":{inherit},"owner":"{{u}}","version":{{version}}}}"#).into_boxed_str());
    vec![
        Row {
            name: "the OpenAPI document is public",
            call: Call::Api("GET", "/api/v1/openapi.json"),
            scoped: false,
            expect: [&[200], &[200], &[200], &[200], &[200]],
            body: None,
            version_from: None,
        },
        Row {
            name: "system recording mode",
            call: Call::Api("GET", "/api/v1/system/recording-mode"),
            scoped: false,
            expect: [&[401], &[200], &[200], &[200], &[200]],
            body: None,
            version_from: None,
        },
        Row {
            name: "change the system recording mode",
            call: Call::Api("PUT", "/api/v1/system/recording-mode"),
            scoped: false,
            expect: [&[401], &[200], &[403], &[403], &[403]],
            body: Some(r#"{"mode":"off","outbound":"off","version":{version}}"#),
            version_from: Some("/api/v1/system/recording-mode"),
        },
        api("reseller recording mode", "GET", "/api/v1/resellers/{r}/recording-mode", reseller_read, None, None),
        api(
            "change a reseller's recording mode",
            "PUT",
            "/api/v1/resellers/{r}/recording-mode",
            reseller_modify,
            Some(r#"{"mode":"default","outbound":"default","version":{version}}"#),
            Some("/api/v1/resellers/{r}/recording-mode"),
        ),
        api("company recording mode", "GET", "/api/v1/companies/{c}/recording-mode", scoped_read, None, None),
        api(
            "change a company's recording mode",
            "PUT",
            "/api/v1/companies/{c}/recording-mode",
            modify,
            Some(r#"{"mode":"default","outbound":"default","version":{version}}"#),
            Some("/api/v1/companies/{c}/recording-mode"),
        ),
        api("account force record", "GET", "/api/v1/companies/{c}/force-record", admin_read, None, None),
        api(
            "change account force record",
            "PUT",
            "/api/v1/companies/{c}/force-record",
            modify,
            Some(force),
            Some("/api/v1/companies/{c}/force-record"),
        ),
        api("list queues", "GET", "/api/v1/companies/{c}/queues", supervisor_read, None, None),
        api("audio library", "GET", "/api/v1/companies/{c}/audio", supervisor_read, None, None),
        // Not a multipart upload, and a playbook without its fields: refused by field, after
        // the scope and privilege checks.
        api(
            "add audio (a playbook without its fields)",
            "POST",
            "/api/v1/companies/{c}/audio",
            [&[401, 401, 401], &[422, 422, 422], &[422, 422, 404], &[422, 404, 404], &[403, 404, 404]],
            Some("{}"),
            None,
        ),
        api("play an audio file", "GET", "/api/v1/audio/{a}/file", supervisor_read, None, None),
        api("stored recordings", "GET", "/api/v1/companies/{c}/recordings", supervisor_read, None, None),
        api("audit log", "GET", "/api/v1/companies/{c}/audit-log", admin_read, None, None),
        api("API tokens", "GET", "/api/v1/companies/{c}/tokens", admin_read, None, None),
        // No such token: not found for everyone signed in, nothing revoked.
        api(
            "revoke a token (unknown)",
            "DELETE",
            "/api/v1/tokens/no-such-token",
            [&[401, 401, 401], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404], &[404, 404, 404]],
            None,
            None,
        ),
        api(
            "audit log as CSV",
            "GET",
            "/api/v1/companies/{c}/audit-log.csv?action=queue.rename",
            admin_read,
            None,
            None,
        ),
        // Not multipart: refused as unreadable, after the scope and privilege checks.
        api(
            "upload a recording (not multipart)",
            "POST",
            "/api/v1/companies/{c}/recordings",
            [&[401, 401, 401], &[400, 400, 400], &[400, 400, 404], &[400, 404, 404], &[403, 404, 404]],
            Some("{}"),
            None,
        ),
        api("one recording", "GET", "/api/v1/recordings/{rec}", supervisor_read, None, None),
        // Released, then placed again: every recording is on legal hold outside this pair.
        api("release a legal hold", "DELETE", "/api/v1/recordings/{rec}/legal-hold", admin_read, None, None),
        api(
            "place a legal hold",
            "PUT",
            "/api/v1/recordings/{rec}/legal-hold",
            admin_read,
            Some(r#"{"reason":"Matrix","case_reference":null}"#),
            None,
        ),
        // Without confirm: a preview, nothing changed.
        api(
            "preview a bulk legal hold",
            "POST",
            "/api/v1/companies/{c}/recordings/legal-hold",
            admin_read,
            Some(r#"{"filter":{"direction":"inbound"},"action":"place"}"#),
            None,
        ),
        // Without confirm: a preview, nothing erased.
        api(
            "preview an erasure by number",
            "POST",
            "/api/v1/companies/{c}/erasures",
            admin_read,
            Some(r#"{"number":"+1 555 000 0000"}"#),
            None,
        ),
        api("the erasure ledger", "GET", "/api/v1/companies/{c}/erasures", admin_read, None, None),
        api(
            "missing recordings",
            "GET",
            "/api/v1/companies/{c}/missing-recordings?deadline_minutes=0",
            supervisor_read,
            None,
            None,
        ),
        api(
            "change the upload deadline",
            "PUT",
            "/api/v1/companies/{c}/upload-deadline",
            admin_read,
            Some(r#"{"minutes":25,"version":{version}}"#),
            Some("/api/v1/companies/{c}/missing-recordings"),
        ),
        // Every recording is on legal hold in this test: refused, nothing deleted.
        api("delete a recording (legal hold)", "DELETE", "/api/v1/recordings/{rec}", create, None, None),
        api("play a recording", "GET", "/recordings/{rec}/audio", supervisor_read, None, None),
        api("download a recording", "GET", "/recordings/{rec}/audio?download=1", admin_read, None, None),
        api(
            "download the recordings of a filter (ZIP)",
            "GET",
            "/api/v1/companies/{c}/recordings.zip?direction=inbound",
            admin_read,
            None,
            None,
        ),
        api(
            "create a playbook (no files)",
            "POST",
            "/api/v1/companies/{c}/audio",
            create,
            Some(r#"{"name":"Empty","files":[]}"#),
            None,
        ),
        // Version 0 was never read: refused as stale, nothing changed.
        api(
            "change a playbook (stale)",
            "PUT",
            "/api/v1/audio/{p}",
            [&[401, 401, 401], &[409, 409, 409], &[409, 409, 404], &[409, 404, 404], &[403, 404, 404]],
            Some(r#"{"name":"Welcome and recording notice","files":["{a}"],"version":0}"#),
            None,
        ),
        // The demo playbook holds "Recording notice": refused, naming the playbook.
        api("delete audio a playbook holds", "DELETE", "/api/v1/audio/{a2}", create, None, None),
        // "Recording notice" is every company's first queue's prompt: refused, nothing deleted.
        api("delete audio in use", "DELETE", "/api/v1/audio/{a}", create, None, None),
        api("add a queue (empty name)", "POST", "/api/v1/companies/{c}/queues", create, Some(r#"{"name":" "}"#), None),
        api("one queue", "GET", "/api/v1/queues/{q}", supervisor_read, None, None),
        api(
            "change a queue's opt-in",
            "PUT",
            "/api/v1/queues/{q}",
            modify,
            Some(
                r#"{"opt_in":{"audio":{"file":"{a}"},"delay_seconds":5,"accept_key":null,"reject_key":null,"replay_limit":2},"version":{version}}"#,
            ),
            Some("/api/v1/queues/{q}"),
        ),
        Row {
            name: "system retention",
            call: Call::Api("GET", "/api/v1/system/retention"),
            scoped: false,
            expect: [&[401], &[200], &[200], &[200], &[200]],
            body: None,
            version_from: None,
        },
        Row {
            name: "change the system retention",
            call: Call::Api("PUT", "/api/v1/system/retention"),
            scoped: false,
            expect: [&[401], &[200], &[403], &[403], &[403]],
            body: Some(r#"{"days":365,"version":{version}}"#),
            version_from: Some("/api/v1/system/retention"),
        },
        api("reseller retention", "GET", "/api/v1/resellers/{r}/retention", reseller_read, None, None),
        api(
            "change a reseller's retention",
            "PUT",
            "/api/v1/resellers/{r}/retention",
            reseller_modify,
            Some(r#"{"days":null,"version":{version}}"#),
            Some("/api/v1/resellers/{r}/retention"),
        ),
        api("company retention", "GET", "/api/v1/companies/{c}/retention", scoped_read, None, None),
        api(
            "change a company's retention",
            "PUT",
            "/api/v1/companies/{c}/retention",
            admin_read,
            Some(r#"{"days":null,"version":{version}}"#),
            Some("/api/v1/companies/{c}/retention"),
        ),
        api("company storage", "GET", "/api/v1/companies/{c}/storage", admin_read, None, None),
        api(
            "change the company storage (maximum length)",
            "PUT",
            "/api/v1/companies/{c}/storage",
            admin_read,
            Some(r#"{"storage":{"account":null,"max_length_seconds":3600},"version":{version}}"#),
            Some("/api/v1/companies/{c}/storage"),
        ),
        api("company treatment defaults", "GET", "/api/v1/companies/{c}/treatment", admin_read, None, None),
        api(
            "change the company treatment defaults",
            "PUT",
            "/api/v1/companies/{c}/treatment",
            modify,
            Some(
                r#"{"treatment":{"record_redirected":false,"manual_control":true,"manual_start_code":"*44","manual_stop_code":"*45","announce":true,"beep":true,"beep_seconds":30,"outgoing":{"kind":"record_all"},"announcement":{"kind":"built_in"},"email":false},"version":{version}}"#,
            ),
            Some("/api/v1/companies/{c}/treatment"),
        ),
        api(
            "change a user's treatment",
            "PUT",
            "/api/v1/users/{u}/treatment",
            modify,
            Some(r#"{"treatment":{"beep":true,"beep_seconds":20},"email":null,"version":{version}}"#),
            Some("/api/v1/users/{u}"),
        ),
        api(
            "change a queue's contact-center options",
            "PUT",
            "/api/v1/queues/{q}/contact-center",
            modify,
            Some(
                r#"{"contact_center":{"selection":{"kind":"percentage","percent":50},"pause_on_hold":true},"version":{version}}"#,
            ),
            Some("/api/v1/queues/{q}"),
        ),
        api("list users", "GET", "/api/v1/companies/{c}/users", admin_read, None, None),
        api("one user", "GET", "/api/v1/users/{u}", admin_read, None, None),
        api("change a user", "PUT", "/api/v1/users/{u}", modify, Some(user), Some("/api/v1/users/{u}")),
        api("list devices", "GET", "/api/v1/companies/{c}/devices", admin_read, None, None),
        // An empty name is refused after the scope and privilege checks.
        api("add a device (empty name)", "POST", "/api/v1/companies/{c}/devices", create, Some(r#"{"name":""}"#), None),
        api(
            "add a user (bad extension)",
            "POST",
            "/api/v1/companies/{c}/users",
            create,
            Some(r#"{"name":"Matrix","extension":"x"}"#),
            None,
        ),
        api("one device", "GET", "/api/v1/devices/{d}", admin_read, None, None),
        // The team limit on objects addressed by id: a user outside the Support team, a
        // device of a Support team member.
        api("one user of another team", "GET", "/api/v1/users/{u2}", admin_read, None, None),
        api(
            "change a user of another team",
            "PUT",
            "/api/v1/users/{u2}",
            modify,
            Some(user),
            Some("/api/v1/users/{u2}"),
        ),
        api(
            "change the treatment of a user of another team",
            "PUT",
            "/api/v1/users/{u2}/treatment",
            modify,
            Some(r#"{"treatment":{"beep":true,"beep_seconds":20},"email":null,"version":{version}}"#),
            Some("/api/v1/users/{u2}"),
        ),
        api("one device of the team", "GET", "/api/v1/devices/{d2}", admin_read, None, None),
        api(
            "change a device of the team",
            "PUT",
            "/api/v1/devices/{d2}",
            modify,
            Some(team_device),
            Some("/api/v1/devices/{d2}"),
        ),
        api("change a device", "PUT", "/api/v1/devices/{d}", modify, Some(device), Some("/api/v1/devices/{d}")),
        // Provisioning by the PBX's ids; `{x}` is an external id nothing has yet.
        api(
            "provision a user (bad extension)",
            "PUT",
            "/api/v1/companies/{c}/users/by-external-id/{x}",
            create,
            Some(r#"{"name":"Matrix","extension":"x"}"#),
            None,
        ),
        api(
            "provision a device (empty name)",
            "PUT",
            "/api/v1/companies/{c}/devices/by-external-id/{x}",
            create,
            Some(r#"{"name":""}"#),
            None,
        ),
        // `{newu}`, `{newd}`, `{newt}`: made for the call alone (`{newux}`, `{newdx}`: by
        // external id), so that each actor has one to delete.
        api("delete a user", "DELETE", "/api/v1/users/{newu}", delete, None, None),
        api("delete a device", "DELETE", "/api/v1/devices/{newd}", delete, None, None),
        api(
            "delete a user by external id",
            "DELETE",
            "/api/v1/companies/{c}/users/by-external-id/{newux}",
            delete,
            None,
            None,
        ),
        api(
            "delete a device by external id",
            "DELETE",
            "/api/v1/companies/{c}/devices/by-external-id/{newdx}",
            delete,
            None,
            None,
        ),
        api("export users as CSV", "GET", "/api/v1/companies/{c}/users.csv", admin_read, None, None),
        api("export devices as CSV", "GET", "/api/v1/companies/{c}/devices.csv", admin_read, None, None),
        api(
            "stage a users import (not multipart)",
            "POST",
            "/api/v1/companies/{c}/imports",
            [&[401, 401, 401], &[400, 400, 400], &[400, 400, 404], &[400, 404, 404], &[403, 404, 404]],
            Some("{}"),
            None,
        ),
        api("apply a users import (unknown)", "POST", "/api/v1/companies/{c}/imports/{import}", unknown, None, None),
        api("list teams", "GET", "/api/v1/companies/{c}/teams", admin_read, None, None),
        api("add a team (empty name)", "POST", "/api/v1/companies/{c}/teams", create, Some(r#"{"name":""}"#), None),
        api(
            "change a team (empty name)",
            "PUT",
            "/api/v1/companies/{c}/teams/{newt}",
            create,
            Some(r#"{"name":"","version":1}"#),
            None,
        ),
        api("delete a team", "DELETE", "/api/v1/companies/{c}/teams/{newt}", delete, None, None),
        api(
            "decision for a call",
            "POST",
            "/api/v1/companies/{c}/decisions",
            admin_read,
            Some(r#"{"source":{"external":"+15551234567"},"destination":{"device":"{d}"},"caller_input":"none"}"#),
            None,
        ),
        // `{call}` has a "record" decision in every company (see the test's setup).
        api(
            "event of a recorded call",
            "POST",
            "/api/v1/companies/{c}/calls/{call_id}/events",
            admin_read,
            Some(r#"{"event":"hold"}"#),
            None,
        ),
        // Every entry inside the caller's own scope; a supervisor holds no Audit Log: View.
        api_unscoped("own audit log", "GET", "/api/v1/audit-log", [&[401], &[200], &[200], &[200], &[403]]),
        api_unscoped("own audit log as CSV", "GET", "/api/v1/audit-log.csv", [&[401], &[200], &[200], &[200], &[403]]),
        api(
            "create an API token",
            "POST",
            "/api/v1/tokens",
            [&[401, 401, 401], &[201, 201, 201], &[201, 201, 404], &[201, 404, 404], &[403, 404, 404]],
            Some(r#"{"company":"{c}","name":"matrix","privileges":["queues.view"]}"#),
            None,
        ),
    ]
}

/// The objects of the target company a row may address.
struct Ids {
    reseller: String,
    queue: String,
    user: String,
    /// A user outside the Support team (of another team or none).
    user2: String,
    device: String,
    /// A device of a Support team member (any device elsewhere).
    device2: String,
    audio: String,
    /// "Welcome": in the demo playbook, played by no queue.
    audio2: String,
    playbook: String,
    /// The newest recording the Support team's supervisor may see (any, elsewhere).
    recording: String,
    /// The company's company administrator.
    admin: String,
    owner_cookie: String,
}

async fn run(app: &TestApp, row: &Row, actor: Actor, company: &str, ids: &Ids) -> u16 {
    // A fresh session per call: sign-out rows must not end the next row's session.
    let cookie = match actor.email() {
        Some(email) => Some(app.login(email).await),
        None => None,
    };
    let cookie = cookie.as_deref();
    let email = actor.email().unwrap_or("nobody@demo.test");
    let password = if actor == Actor::Anonymous { "wrong-password" } else { common::PASSWORD };
    // A queue made for this call alone, for rows that delete one.
    let fresh_queue = if matches!(row.call, Call::Api(_, p) | Call::ServerFn(_, p) if p.contains("{newq}")) {
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/companies/{company}/queues"),
                Some(&ids.owner_cookie),
                Some(serde_json::json!({"name": format!("Doomed {}", uuid::Uuid::now_v7())})),
            )
            .await;
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("a queue for the row");
        v["id"].as_str().unwrap_or_default().to_string()
    } else {
        String::new()
    };
    let fresh = Fresh::for_row(app, row, company, &ids.owner_cookie).await;
    let fill = |text: &str| {
        text.replace("{c}", company)
            .replace("{r}", &ids.reseller)
            .replace("{q}", &ids.queue)
            .replace("{u2}", &ids.user2)
            .replace("{u}", &ids.user)
            .replace("{d2}", &ids.device2)
            .replace("{d}", &ids.device)
            .replace("{a}", &ids.audio)
            .replace("{a2}", &ids.audio2)
            .replace("{p}", &ids.playbook)
            .replace("{rec}", &ids.recording)
            .replace("{newq}", &fresh_queue)
            .replace("{newux}", &fresh.user.1)
            .replace("{newu}", &fresh.user.0)
            .replace("{newdx}", &fresh.device.1)
            .replace("{newd}", &fresh.device.0)
            .replace("{newt}", &fresh.team)
            .replace("{x}", "matrix-x")
            .replace("{import}", "no-such-import")
            .replace("{adm}", &ids.admin)
            .replace("{call_id}", "matrix-call")
    };
    match row.call {
        Call::Api(method, path) => {
            let path = fill(path);
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let mut body = (path == "/api/v1/session" && method == Method::POST)
                .then(|| serde_json::json!({"email": email, "password": password}));
            if let Some(template) = row.body {
                let mut text = fill(template);
                if let Some(from) = row.version_from {
                    let current = app.call(Method::GET, &fill(from), Some(&ids.owner_cookie), None).await;
                    let v: serde_json::Value = serde_json::from_str(&current.body).expect("a version to write against");
                    text = text.replace("{version}", &v["version"].to_string());
                }
                body = Some(serde_json::from_str(&text).expect("a JSON body"));
            }
            app.call(method, &path, cookie, body).await.status.as_u16()
        }
        Call::ServerFn(path, form) => {
            let mut form =
                fill(form).replace("{email}", &form_encode(&[("", email)])[1..]).replace("{password}", password);
            if let Some(from) = row.version_from {
                let current = app.call(Method::GET, &fill(from), Some(&ids.owner_cookie), None).await;
                let v: serde_json::Value = serde_json::from_str(&current.body).expect("a version to write against");
                form = form.replace("{version}", &v["version"].to_string());
            }
            app.server_fn(path, cookie, &form).await.status.as_u16()
        }
    }
}

/// A user, a device (each with its id and external id) and a team made by the owner for one
/// call of a row that deletes one.
#[derive(Default)]
struct Fresh {
    user: (String, String),
    device: (String, String),
    team: String,
}

impl Fresh {
    async fn for_row(app: &TestApp, row: &Row, company: &str, owner: &str) -> Fresh {
        let path = match row.call {
            Call::Api(_, p) | Call::ServerFn(_, p) => p,
        };
        let mut fresh = Fresh::default();
        let unique = uuid::Uuid::now_v7().simple().to_string();
        let make = |path: String, body: serde_json::Value| async move {
            let method = if path.ends_with("/teams") { Method::POST } else { Method::PUT };
            let r = app.call(method, &path, Some(owner), Some(body)).await;
            assert!(r.status.is_success(), "a fresh object for the row: {}", r.body);
            r.json()["id"].as_str().unwrap_or_default().to_string()
        };
        if path.contains("{newu") {
            let x = format!("matrix-{unique}");
            // Eight digits from the id's random end: an extension no other fresh user has.
            let extension = format!("{:08}", u64::from_str_radix(&unique[24..], 16).unwrap() % 100_000_000);
            let body = serde_json::json!({"name": "Doomed", "extension": extension});
            fresh.user = (make(format!("/api/v1/companies/{company}/users/by-external-id/{x}"), body).await, x);
        }
        if path.contains("{newd") {
            let x = format!("matrix-{unique}");
            let body = serde_json::json!({"name": "Doomed"});
            fresh.device = (make(format!("/api/v1/companies/{company}/devices/by-external-id/{x}"), body).await, x);
        }
        if path.contains("{newt}") {
            let body = serde_json::json!({"name": format!("Doomed {unique}")});
            fresh.team = make(format!("/api/v1/companies/{company}/teams"), body).await;
        }
        fresh
    }
}

#[tokio::test]
async fn every_route_answers_as_the_matrix_says() {
    let app = TestApp::new().await;
    let owner_cookie = app.login("owner@demo.test").await;
    add_team_lead(&app).await;
    // Delete rows must be refused, not succeed once and leave nothing for the next actor.
    sql(&app.db, "UPDATE recordings SET legal_hold = TRUE").execute().await.unwrap();
    // A recorded call in every company, for the rows that report its events.
    sql(
        &app.db,
        "INSERT INTO recording_decisions (company_id, call_id, decided_at, rule) \
         SELECT id, 'matrix-call', '2026-01-01T00:00:00Z', 'matrix' FROM companies",
    )
    .execute()
    .await
    .unwrap();
    let mut failures = Vec::new();
    for row in matrix() {
        for (i, actor) in ACTORS.into_iter().enumerate() {
            let targets: Vec<&str> = if row.scoped { RELATIONS.to_vec() } else { vec![RELATIONS[0]] };
            let expect = if actor == Actor::TeamLead { team_lead(&row) } else { row.expect[i].to_vec() };
            assert_eq!(expect.len(), targets.len(), "row '{}' has the wrong number of columns for {actor:?}", row.name);
            for (j, name) in targets.into_iter().enumerate() {
                let company = app.company_id(name).await;
                let ids = Ids {
                    reseller: app.reseller_of(&company).await,
                    queue: app.first_id("queues", &company).await,
                    user: app.first_id("users", &company).await,
                    user2: sql(&app.db, "SELECT u.id FROM users u LEFT JOIN teams t ON t.id = u.team_id \
                         WHERE u.company_id = ? AND (t.name IS NULL OR t.name <> 'Support') ORDER BY u.name LIMIT 1")
                    .bind(&company)
                    .scalar()
                    .await
                    .unwrap(),
                    device: app.first_id("devices", &company).await,
                    device2: sql(&app.db, "SELECT d.id FROM devices d LEFT JOIN users u ON u.id = d.owner_user_id \
                         LEFT JOIN teams t ON t.id = u.team_id WHERE d.company_id = ? \
                         ORDER BY coalesce(t.name = 'Support', FALSE) DESC, d.name LIMIT 1")
                    .bind(&company)
                    .scalar()
                    .await
                    .unwrap(),
                    audio: app.first_id("audio_files", &company).await,
                    audio2: app.id_named("audio_files", &company, "Welcome").await,
                    playbook: app.first_id("playbooks", &company).await,
                    recording: sql(&app.db, "SELECT r.id FROM recordings r WHERE r.company_id = ? ORDER BY \
                         coalesce(r.user_id IN (SELECT u.id FROM users u JOIN teams t ON t.id = u.team_id WHERE t.name = 'Support'), FALSE) DESC, \
                         r.started_at DESC LIMIT 1")
                    .bind(&company)
                    .scalar()
                    .await
                    .unwrap(),
                    admin: sql(&app.db, "SELECT id FROM administrators WHERE company_id = ? AND role_id = 'role-company-administrator' \
                         ORDER BY email LIMIT 1")
                    .bind(&company)
                    .scalar()
                    .await
                    .unwrap(),
                    owner_cookie: owner_cookie.clone(),
                };
                let got = run(&app, &row, actor, &company, &ids).await;
                let want = expect[j];
                if got != want {
                    failures.push(format!("{} as {actor:?} on {name}: expected {want}, got {got}", row.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix mismatches:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn a_company_that_does_not_exist_is_not_found_for_everyone() {
    let app = TestApp::new().await;
    let cookie = app.login("owner@demo.test").await;
    let r = app.call(Method::GET, "/api/v1/companies/no-such-company/licence", Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Fails when a server function or an `/api/v1` route has no row in the matrix.
#[test]
fn every_server_function_and_api_route_has_a_matrix_row() {
    let rows = matrix();
    let covered: BTreeSet<String> = rows
        .iter()
        .map(|r| match r.call {
            // A made-for-the-row queue stands for the route's queue parameter.
            // A playbook or a second audio file stands for the route's audio parameter. The
            // query string is not part of the route.
            Call::Api(m, p) => format!(
                "{m} {}",
                p.split('?')
                    .next()
                    .unwrap_or(p)
                    .replace("{newq}", "{q}")
                    .replace("{u2}", "{u}")
                    .replace("{d2}", "{d}")
                    .replace("{p}", "{a}")
                    .replace("{a2}", "{a}")
                    .replace("{rec}", "{id}")
                    .replace("no-such-token", "{t}")
                    .replace("{newux}", "{x}")
                    .replace("{newdx}", "{x}")
                    .replace("{newu}", "{u}")
                    .replace("{newd}", "{d}")
                    .replace("{newt}", "{team}")
            ),
            Call::ServerFn(p, _) => format!("POST {p}"),
        })
        .collect();
    let mut registered: BTreeSet<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, method)| format!("{method} {path}")).collect();
    for route in earmark::api::route_table::<app::state::AppState>() {
        registered.insert(format!("{} /api/v1{}", route.method, route.path));
    }
    let missing: Vec<_> = registered.difference(&covered).collect();
    assert!(missing.is_empty(), "routes without a row in the authorization matrix: {missing:?}");
}

/// The team lead: a custom role made in Northwind, held by an administrator limited to its
/// Support team.
async fn add_team_lead(app: &TestApp) {
    app.add_team_limited_admin(TEAM_LEAD_EMAIL, "Team lead", &TEAM_LEAD_PRIVILEGES, "Support").await;
}
