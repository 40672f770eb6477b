//! `earmark demo`: the demo platform (three companies of two resellers, their logins, policy,
//! audio and recordings). Every write looks for its natural
//! key first, so running it twice changes nothing.

use crate::access::BuiltinRole;
use crate::error::{AppError, AppResult};
use crate::services::password;
use crate::store::{administrators, tenants, Db};

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
pub async fn seed(db: &Db) -> AppResult<usize> {
    let mut tx = db.begin().await?;
    tenants::ensure_platform(&mut tx).await?;
    crate::store::roles::sync_builtin(&mut tx).await?;

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
        if administrators::exists_by_email(&mut tx, email).await? {
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
        administrators::insert(
            &mut tx,
            &crate::store::new_id(),
            &administrators::NewAdmin {
                email,
                name,
                password_hash: &hash,
                role_id: role.id(),
                scope_kind: kind,
                reseller_id: reseller_id.as_deref(),
                company_id: company_id.as_deref(),
                teams: &team_ids,
                must_change_password: false,
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
    crate::model::audio::wav_pcm16(rate, &samples)
}

/// Recordings each demo company gets: "a few hundred" over the three companies.
pub const RECORDINGS_PER_COMPANY: usize = 120;

/// A small deterministic generator, so the demo is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// Speech-like audio: voiced "syllables" (a low fundamental with harmonics, rising and
/// falling in pitch and loudness) separated by short pauses, over faint line noise, opened
/// by the two DTMF digits a caller would press. 8 kHz 16-bit mono, like a phone line.
fn speech_like(rng: &mut Lcg, seconds: f64) -> Vec<u8> {
    const RATE: f64 = 8000.0;
    let n = (RATE * seconds) as usize;
    let mut out = vec![0f64; n];
    // DTMF "1" (697 + 1209 Hz), then "2" (697 + 1336 Hz), 120 ms each.
    for (k, high) in [1209.0, 1336.0].iter().enumerate() {
        let start = (k as f64 * 0.2 * RATE) as usize;
        for i in 0..(0.12 * RATE) as usize {
            let t = i as f64 / RATE;
            if let Some(s) = out.get_mut(start + i) {
                *s += 0.25 * ((t * 697.0 * std::f64::consts::TAU).sin() + (t * high * std::f64::consts::TAU).sin());
            }
        }
    }
    let mut at = 0.5 * RATE;
    while (at as usize) < n {
        let len = (0.12 + rng.unit() * 0.28) * RATE;
        let pitch = 100.0 + rng.unit() * 120.0;
        let loud = 0.2 + rng.unit() * 0.3;
        for i in 0..len as usize {
            let Some(s) = out.get_mut(at as usize + i) else { break };
            let x = i as f64 / len;
            let t = i as f64 / RATE;
            let f = pitch * (1.0 + 0.15 * (x * std::f64::consts::PI).sin());
            let voice: f64 = (1..=4).map(|h| (t * f * h as f64 * std::f64::consts::TAU).sin() / h as f64).sum();
            *s += loud * (x * std::f64::consts::PI).sin() * voice * 0.5;
        }
        at += len + (0.04 + rng.unit() * if rng.below(5) == 0 { 0.6 } else { 0.15 }) * RATE;
    }
    let samples: Vec<i16> =
        out.iter().map(|s| ((s + (rng.unit() - 0.5) * 0.01).clamp(-1.0, 1.0) * i16::MAX as f64 * 0.8) as i16).collect();
    crate::model::audio::wav_pcm16(RATE as u32, &samples)
}

const CALLERS: &[(&str, &str)] = &[
    ("Grace Hopper", "+44 20 7946 0011"),
    ("Alan Turing", "+44 161 496 0234"),
    ("Ada Byron", "+1 212 555 0147"),
    ("Linus Berg", "+46 8 555 019 22"),
    ("", "+33 1 99 00 12 34"),
    ("Margaret Hamilton", "+1 617 555 0199"),
    ("Tim Lee", "+44 117 496 0555"),
    ("", "+49 30 555 0177"),
];

/// Gives every demo company that has no recordings yet `per_company` of them, spread over
/// the last six months, both directions, with real audio in the recording storage.
pub async fn seed_recordings(
    db: &Db,
    storages: &crate::store::files::Storages,
    per_company: usize,
) -> AppResult<usize> {
    use crate::model::recordings::{Direction, Party};
    // Without a platform storage each company brings its own: the demo has none to fill.
    let Some(storage) = storages.platform() else { return Ok(0) };
    use crate::store::recordings as rows;
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).map_err(AppError::internal)?;
    let mut stored = 0;
    for (k, c) in COMPANIES.iter().enumerate() {
        let Some(rows::SeedTarget { company_id, users, queues }) = rows::seed_target(db, c.name).await? else {
            continue;
        };
        let mut rng = Lcg(0x5eed + k as u64);
        for i in 0..per_company {
            let (user_id, user_name, ext) = &users[rng.below(users.len() as u64) as usize];
            let (caller_name, number) = CALLERS[rng.below(CALLERS.len() as u64) as usize];
            let external = Party { name: caller_name.into(), number: number.into() };
            let inside = Party { name: user_name.clone(), number: ext.clone() };
            let direction = if rng.below(5) < 3 { Direction::Inbound } else { Direction::Outbound };
            let queue = (direction == Direction::Inbound && !queues.is_empty() && rng.below(2) == 0)
                .then(|| queues[rng.below(queues.len() as u64) as usize].0.clone());
            let (caller, callee) =
                if direction == Direction::Inbound { (external, inside) } else { (inside, external) };
            // Spread over 180 days, newest first, never in the future.
            let day = (i * 180 / per_company.max(1)) as i64;
            let started = now - time::Duration::days(day) - time::Duration::minutes(20 + rng.below(600) as i64);
            let seconds = 3.0 + rng.unit() * 9.0;
            let audio = speech_like(&mut rng, seconds);
            let id = crate::store::new_id();
            let key = format!("{company_id}/{id}.wav");
            let (sha256, size) = storage.put(&storages.spool, &key, &audio).await.map_err(AppError::internal)?;
            let started_at =
                started.format(&time::format_description::well_known::Rfc3339).map_err(AppError::internal)?;
            let trace = serde_json::json!([{
                "rule": if direction == Direction::Inbound { "entire_account.inbound.offnet" } else { "all_users.outbound.offnet" },
                "fired": true,
                "from": format!("company {company_id}"),
                "origin": {"level": "company", "id": company_id, "name": c.name},
                "says": "Demo recording: recorded because the account records this direction."
            }]);
            // A queue's caller pressed 1 at the consent prompt; every fourth call was on hold
            // for a while. Not from the random sequence, so the rest of the demo stays as it was.
            let consent = queue.is_some().then(|| {
                serde_json::json!({"played": true, "choice": "accept", "key": "1", "prompt_at_seconds": 1.0,
                    "answered_at_seconds": 2.5, "replays": 0})
                .to_string()
            });
            let pauses = if i % 4 == 0 {
                serde_json::json!([{"start_seconds": seconds * 0.4, "end_seconds": seconds * 0.6, "reason": "hold"}])
            } else {
                serde_json::json!([])
            };
            let mut tx = db.begin().await?;
            rows::insert(
                &mut tx,
                &rows::NewRecording {
                    consent: consent.as_deref(),
                    caller_choice: queue.is_some().then_some("accept"),
                    pauses: &pauses.to_string(),
                    id: &id,
                    company_id: &company_id,
                    call_id: &format!("demo-{k}-{i:04}"),
                    started_at: &started_at,
                    duration_ms: (seconds * 1000.0) as i64,
                    direction,
                    caller: &caller,
                    callee: &callee,
                    user_id: Some(user_id),
                    device_id: None,
                    queue_id: queue.as_deref(),
                    trace: &trace.to_string(),
                    format: "wav",
                    size_bytes: size as i64,
                    sha256: &sha256,
                    storage_key: &key,
                    storage_account_id: None,
                    peaks: &crate::model::audio::wav_peaks(&audio, crate::model::recordings::PEAKS).unwrap_or_default(),
                },
            )
            .await?;
            tx.commit().await?;
            stored += 1;
        }
    }
    Ok(stored)
}
