//! The time of one decision in the policy code alone (no I/O): a call from an external
//! number into a queue with a prompt, and a device-to-device call that reads both endpoint
//! chains. `cargo bench -p app --bench decide`

use policy::*;
use std::hint::black_box;
use std::time::Instant;

fn facts() -> PolicyFacts {
    let company = Origin::new(Level::Company, "c1", "Northwind Traders");
    let levels = ModeLevels {
        system: SystemMode::Off,
        reseller: Mode::Default,
        company: Mode::On,
        reseller_origin: Origin::new(Level::Reseller, "r1", "Acme Telecom"),
        company_origin: company.clone(),
    };
    let mut force = ForceRecord::default();
    force.entire_account.set(Direction::Inbound, Network::Offnet, true);
    force.all_users.set(Direction::Outbound, Network::Onnet, true);
    PolicyFacts {
        company,
        licence: Licence { licensed: true, seats: 25 },
        recording_mode: levels.clone(),
        outbound_recording: levels,
        force,
        treatment: Default::default(),
        max_length_seconds: None,
    }
}

fn device(id: &str) -> DeviceFacts {
    DeviceFacts {
        id: id.into(),
        name: format!("Desk {id}"),
        overrides: Matrix::default().with(Direction::Inbound, Network::Onnet, Override::Off),
        owner: Some(UserFacts {
            id: format!("u{id}"),
            name: "Ann Lee".into(),
            seat: true,
            overrides: Matrix::uniform(Override::Inherit),
            treatment: Default::default(),
            email: None,
        }),
    }
}

fn time(label: &str, f: &PolicyFacts, call: &Call) {
    let n = 1_000_000;
    for _ in 0..10_000 {
        black_box(decide(black_box(f), black_box(call)));
    }
    let started = Instant::now();
    for _ in 0..n {
        black_box(decide(black_box(f), black_box(call)));
    }
    let ns = started.elapsed().as_nanos() as f64 / n as f64;
    println!("{label}: {ns:.0} ns per decision ({:.0} decisions/s on one core)", 1e9 / ns);
}

fn main() {
    let f = facts();
    let queue = QueueFacts {
        id: "q1".into(),
        name: "Support line".into(),
        opt_in: OptIn {
            audio: Some(OptInAudio::File("a1".into())),
            accept_key: DtmfKey::parse("k", "1").ok(),
            reject_key: DtmfKey::parse("k", "2").ok(),
            ..OptIn::default()
        },
        contact_center: Default::default(),
    };
    time(
        "external -> queue with a prompt",
        &f,
        &Call {
            source: Endpoint::External("+15551234567".into()),
            destination: Endpoint::Queue(queue),
            caller_input: CallerInput::Accept,
            redirected: false,
            call_id: Some("bench-call-1".into()),
        },
    );
    time(
        "device -> device",
        &f,
        &Call {
            source: Endpoint::Device(device("201")),
            destination: Endpoint::Device(device("202")),
            caller_input: CallerInput::None,
            redirected: false,
            call_id: None,
        },
    );
}
