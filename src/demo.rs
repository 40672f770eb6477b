//! `earmark demo`: the demo platform of docs/DESIGN.md. Every write looks for its natural
//! key first, so running it twice changes nothing.

use app::access::BuiltinRole;
use app::services::password;
use app::store::{admins, tenants, Db};

pub const DEMO_PASSWORD: &str = "demo-pass-2026";

/// (name, extension, index of the team, holds a seat, devices owned)
type DemoUser = (&'static str, &'static str, Option<usize>, bool, &'static [&'static str]);

struct DemoCompany {
    reseller: &'static str,
    name: &'static str,
    licensed: bool,
    seats: i64,
    /// (team, queues it serves)
    teams: &'static [(&'static str, &'static [&'static str])],
    /// (name, extension, team index, seat, devices)
    users: &'static [DemoUser],
    /// Devices that belong to nobody (a lobby phone, a conference room).
    shared_devices: &'static [&'static str],
    unserved_queues: &'static [&'static str],
}

const COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        reseller: "Acme Telecom",
        name: "Northwind Traders",
        licensed: true,
        seats: 25,
        teams: &[("Support", &["Support line", "Returns"]), ("Sales", &["Sales line"])],
        users: &[
            ("Ann Lee", "201", Some(0), true, &["Desk 201", "Softphone Ann"]),
            ("Bob Stone", "202", Some(0), true, &["Desk 202"]),
            ("Carla Diaz", "203", Some(0), false, &["Desk 203"]),
            ("Dev Patel", "204", Some(1), true, &["Desk 204", "Mobile Dev"]),
            ("Erin Moss", "205", Some(1), true, &["Desk 205"]),
            ("Farid Haddad", "206", None, false, &["Desk 206"]),
        ],
        shared_devices: &["Lobby phone", "Boardroom"],
        unserved_queues: &["After hours"],
    },
    DemoCompany {
        reseller: "Acme Telecom",
        name: "Contoso",
        licensed: true,
        seats: 10,
        teams: &[("Service desk", &["Customer service"])],
        users: &[
            ("Gina Park", "100", Some(0), true, &["Desk 100"]),
            ("Hugo Brandt", "101", Some(0), true, &["Desk 101"]),
            ("Ines Silva", "102", None, false, &["Desk 102"]),
        ],
        shared_devices: &["Reception"],
        unserved_queues: &[],
    },
    DemoCompany {
        reseller: "Bluewave",
        name: "Fabrikam",
        licensed: false,
        seats: 0,
        teams: &[("Operations", &["Main line"])],
        users: &[
            ("Jon Berg", "300", Some(0), false, &["Desk 300"]),
            ("Kim Novak", "301", Some(0), false, &["Desk 301"]),
        ],
        shared_devices: &[],
        unserved_queues: &["Billing"],
    },
];

enum DemoScope {
    Platform,
    Reseller(&'static str),
    Company(&'static str),
}

/// (e-mail, name, role, scope, teams the login is limited to)
const LOGINS: &[(&str, &str, BuiltinRole, DemoScope, &[&str])] = &[
    ("owner@demo.test", "Olivia Owner", BuiltinRole::PlatformOwner, DemoScope::Platform, &[]),
    (
        "admin@acme.demo.test",
        "Aaron Acme",
        BuiltinRole::ResellerAdministrator,
        DemoScope::Reseller("Acme Telecom"),
        &[],
    ),
    (
        "admin@bluewave.demo.test",
        "Bea Bluewave",
        BuiltinRole::ResellerAdministrator,
        DemoScope::Reseller("Bluewave"),
        &[],
    ),
    (
        "admin@northwind.demo.test",
        "Nina Northwind",
        BuiltinRole::CompanyAdministrator,
        DemoScope::Company("Northwind Traders"),
        &[],
    ),
    (
        "admin@contoso.demo.test",
        "Conrad Contoso",
        BuiltinRole::CompanyAdministrator,
        DemoScope::Company("Contoso"),
        &[],
    ),
    (
        "admin@fabrikam.demo.test",
        "Fay Fabrikam",
        BuiltinRole::CompanyAdministrator,
        DemoScope::Company("Fabrikam"),
        &[],
    ),
    (
        "supervisor@northwind.demo.test",
        "Sam Supervisor",
        BuiltinRole::Supervisor,
        DemoScope::Company("Northwind Traders"),
        &["Support"],
    ),
];

/// Creates what is missing of the demo platform. Returns how many logins it created.
pub async fn seed(db: &Db) -> anyhow::Result<usize> {
    let mut tx = db.begin().await?;
    tenants::ensure_platform(&mut tx).await?;
    admins::sync_builtin_roles(&mut tx).await?;

    let mut resellers = std::collections::HashMap::new();
    let mut companies = std::collections::HashMap::new();
    let mut teams = std::collections::HashMap::new();
    for c in COMPANIES {
        let reseller_id = match resellers.get(c.reseller) {
            Some(id) => String::clone(id),
            None => {
                let id = tenants::ensure_reseller(&mut tx, c.reseller).await?;
                resellers.insert(c.reseller, id.clone());
                id
            }
        };
        let company_id = tenants::ensure_company(&mut tx, &reseller_id, c.name, c.licensed, c.seats).await?;
        // Every company's library starts with a recording notice and a playbook around it;
        // its first queue asks callers to press 1 to be recorded or 2 not to be.
        let notice = tenants::ensure_audio(&mut tx, &company_id, false, "Recording notice").await?;
        tenants::ensure_audio_content(&mut tx, &notice, &tone(660.0, 1.0)).await?;
        let welcome = tenants::ensure_audio(&mut tx, &company_id, false, "Welcome").await?;
        tenants::ensure_audio_content(&mut tx, &welcome, &tone(440.0, 1.5)).await?;
        let playbook = tenants::ensure_audio(&mut tx, &company_id, true, "Welcome and recording notice").await?;
        tenants::ensure_playbook_files(&mut tx, &playbook, &[welcome.clone(), notice.clone()]).await?;
        let mut team_ids = Vec::new();
        for (t, (team, queues)) in c.teams.iter().enumerate() {
            let team_id = tenants::ensure_team(&mut tx, &company_id, team).await?;
            for (i, q) in queues.iter().enumerate() {
                let queue_id = tenants::ensure_queue(&mut tx, &company_id, q, Some(&team_id)).await?;
                if t == 0 && i == 0 {
                    tenants::ensure_demo_prompt(&mut tx, &queue_id, &notice).await?;
                }
            }
            teams.insert((c.name, *team), team_id.clone());
            team_ids.push(team_id);
        }
        for q in c.unserved_queues {
            tenants::ensure_queue(&mut tx, &company_id, q, None).await?;
        }
        for (name, ext, team, seat, devices) in c.users {
            let team_id = team.map(|i| team_ids[i].as_str());
            let user_id = tenants::ensure_user(&mut tx, &company_id, name, ext, team_id, *seat).await?;
            for d in *devices {
                tenants::ensure_device(&mut tx, &company_id, d, Some(&user_id)).await?;
            }
        }
        for d in c.shared_devices {
            tenants::ensure_device(&mut tx, &company_id, d, None).await?;
        }
        companies.insert(c.name, (reseller_id, company_id));
    }

    let mut created = 0;
    for (email, name, role, scope, limited_to) in LOGINS {
        if admins::exists_by_email(&mut tx, email).await? {
            continue;
        }
        let (kind, reseller_id, company_id, company_name) = match scope {
            DemoScope::Platform => ("platform", None, None, None),
            DemoScope::Reseller(r) => ("reseller", resellers.get(r).cloned(), None, None),
            DemoScope::Company(c) => ("company", None, companies.get(c).map(|x| x.1.clone()), Some(*c)),
        };
        let team_ids: Vec<String> =
            limited_to.iter().filter_map(|t| company_name.and_then(|c| teams.get(&(c, *t)).cloned())).collect();
        let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
        admins::insert(
            &mut tx,
            &app::store::new_id(),
            &admins::NewAdmin {
                email,
                name,
                password_hash: &hash,
                role_id: role.id(),
                scope_kind: kind,
                reseller_id: reseller_id.as_deref(),
                company_id: company_id.as_deref(),
                teams: &team_ids,
            },
        )
        .await?;
        created += 1;
    }
    tx.commit().await?;
    Ok(created)
}

/// A short sine tone as 8 kHz 16-bit mono WAV: real, playable demo audio without shipping
/// any recording.
fn tone(hz: f64, seconds: f64) -> Vec<u8> {
    let rate = 8000u32;
    let samples: Vec<i16> = (0..(rate as f64 * seconds) as u32)
        .map(|i| {
            let t = i as f64 / rate as f64;
            // A gentle fade in and out so the tone does not click.
            let envelope = (t / 0.05).min(1.0).min((seconds - t) / 0.05).max(0.0);
            ((t * hz * std::f64::consts::TAU).sin() * envelope * 0.3 * i16::MAX as f64) as i16
        })
        .collect();
    app::audio::wav_pcm16(rate, &samples)
}
