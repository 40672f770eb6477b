//! Invariants of the decision, for any settings and any call.

mod policy_support;

use policy::*;
use policy_support::*;
use proptest::prelude::*;

fn mode() -> impl Strategy<Value = Mode> + Clone {
    prop_oneof![Just(Mode::Default), Just(Mode::Off), Just(Mode::On)]
}

fn over() -> impl Strategy<Value = Override> + Clone {
    prop_oneof![Just(Override::Inherit), Just(Override::On), Just(Override::Off)]
}

fn matrix<T: std::fmt::Debug + Clone + Copy + Default>(
    cell: impl Strategy<Value = T> + Clone,
) -> impl Strategy<Value = Matrix<T>> {
    (cell.clone(), cell.clone(), cell.clone(), cell).prop_map(|(a, b, c, d)| Matrix {
        inbound: PerNetwork { onnet: a, offnet: b },
        outbound: PerNetwork { onnet: c, offnet: d },
    })
}

fn facts() -> impl Strategy<Value = PolicyFacts> {
    (
        any::<bool>(),
        any::<bool>(),
        mode(),
        mode(),
        any::<bool>(),
        mode(),
        mode(),
        matrix(any::<bool>()),
        matrix(any::<bool>()),
    )
        .prop_map(|(licensed, sys, rm, cm, sys_out, ro, co, all_users, entire)| {
            let mut f = licensed_company();
            f.licence.licensed = licensed;
            f.recording_mode.system = if sys { SystemMode::On } else { SystemMode::Off };
            f.recording_mode.reseller = rm;
            f.recording_mode.company = cm;
            f.outbound_recording.system = if sys_out { SystemMode::On } else { SystemMode::Off };
            f.outbound_recording.reseller = ro;
            f.outbound_recording.company = co;
            f.force.all_users = all_users;
            f.force.entire_account = entire;
            f
        })
}

fn device_facts(id: &'static str) -> impl Strategy<Value = DeviceFacts> {
    (matrix(over()), proptest::option::of((matrix(over()), any::<bool>()))).prop_map(move |(o, owner)| {
        let mut d =
            device(id, id, owner.map(|(uo, seat)| UserFacts { overrides: uo, ..user("u-of-d", "Owner", seat) }));
        d.overrides = o;
        d
    })
}

fn key() -> impl Strategy<Value = Option<DtmfKey>> {
    proptest::option::of(
        proptest::sample::select(DtmfKey::ALL.to_vec()).prop_map(|c| DtmfKey::parse("k", &c.to_string()).unwrap()),
    )
}

fn queue_facts() -> impl Strategy<Value = QueueFacts> {
    (key(), key(), 0u32..4).prop_map(|(accept, reject, replay)| {
        queue(
            "q1",
            "Queue",
            OptIn {
                audio: Some(OptInAudio::File("a".into())),
                accept_key: accept,
                reject_key: reject,
                replay_limit: replay,
                ..OptIn::default()
            },
        )
    })
}

fn endpoint(id: &'static str) -> impl Strategy<Value = Endpoint> {
    prop_oneof![device_facts(id).prop_map(Endpoint::Device), Just(Endpoint::External("+15551234567".into()))]
}

fn call() -> impl Strategy<Value = Call> {
    let input = prop_oneof![Just(CallerInput::None), Just(CallerInput::Accept), Just(CallerInput::Reject)];
    let destination = prop_oneof![endpoint("d2"), queue_facts().prop_map(Endpoint::Queue)];
    (endpoint("d1"), destination, input)
        .prop_map(|(source, destination, caller_input)| Call {
            source,
            destination,
            caller_input,
            redirected: false,
            call_id: None,
        })
        .prop_filter("a valid call", |c| c.validate().is_ok())
}

proptest! {
    #[test]
    fn without_a_licence_nothing_is_recorded(mut f in facts(), c in call()) {
        f.licence.licensed = false;
        prop_assert!(!decide(&f, &c).recorded);
    }

    #[test]
    fn an_opted_out_queue_call_is_never_recorded(f in facts(), c in call()) {
        if let Endpoint::Queue(q) = &c.destination {
            if q.opt_in.outcome(c.caller_input) == CallerChoice::OptedOut {
                prop_assert!(!decide(&f, &c).recorded);
            }
        }
    }

    #[test]
    fn a_device_explicitly_off_never_fires_an_endpoint_rule(f in facts(), c in call()) {
        let d = decide(&f, &c);
        for (end, direction) in [(&c.source, Direction::Outbound), (&c.destination, Direction::Inbound)] {
            if let Endpoint::Device(dev) = end {
                let other = if direction == Direction::Outbound { c.destination.network() } else { c.source.network() };
                if dev.overrides.get(direction, other) == Override::Off {
                    let rule = format!("endpoint.{}.{}", direction.key(), other.key());
                    prop_assert!(d.trace.iter().filter(|s| s.rule == rule).all(|s| !s.fired), "{rule} fired for a device set Off");
                }
            }
        }
    }

    #[test]
    fn setting_an_inherit_cell_to_what_it_inherits_changes_no_decision(f in facts(), c in call(), cell in 0usize..4, on_user in any::<bool>()) {
        let before = decide(&f, &c);
        let (direction, network) = policy::matrix::CELLS[cell];
        let mut changed = c.clone();
        for end in [&mut changed.source, &mut changed.destination] {
            if let Endpoint::Device(dev) = end {
                let inherited = |dev: &DeviceFacts| {
                    let (on, _) = policy::decision::endpoint_value(dev, &f.force.all_users, &f.company, direction, network);
                    if on { Override::On } else { Override::Off }
                };
                match (&mut dev.owner, on_user) {
                    (Some(user), true) if user.overrides.get(direction, network) == Override::Inherit => {
                        let value = if f.force.all_users.get(direction, network) { Override::On } else { Override::Off };
                        user.overrides.set(direction, network, value);
                    }
                    _ if dev.overrides.get(direction, network) == Override::Inherit => {
                        let value = inherited(dev);
                        dev.overrides.set(direction, network, value);
                    }
                    _ => {}
                }
            }
        }
        prop_assert_eq!(decide(&f, &changed).recorded, before.recorded);
    }

    #[test]
    fn the_decision_is_deterministic(f in facts(), c in call()) {
        prop_assert_eq!(decide(&f, &c), decide(&f, &c.clone()));
    }

    #[test]
    fn an_inherit_override_code_round_trips(m in matrix(over()), bits in 0i64..16) {
        prop_assert_eq!(Matrix::from_code(&m.to_code()), Some(m));
        prop_assert_eq!(Matrix::from_bits(bits).to_bits(), bits);
    }
}

#[test]
fn validation_names_the_field_with_a_readable_message() {
    let zero = DtmfKey::parse("opt_in.accept_key", "0").unwrap_err();
    assert_eq!(zero.field, "opt_in.accept_key");
    assert_eq!(zero.message, "0 cannot be used: choose 1-9, # or *.");

    let one = DtmfKey::parse("k", "1").ok();
    let same =
        OptIn { audio: Some(OptInAudio::File("a".into())), accept_key: one, reject_key: one, ..OptIn::default() };
    assert_eq!(same.validate(|_| true).errors[0].field, "opt_in.reject_key");

    for delay in [0, 61] {
        let v = OptIn { delay_seconds: delay, ..OptIn::default() }.validate(|_| true);
        assert_eq!(v.message_for("opt_in.delay_seconds"), Some("The delay is whole seconds from 1 to 60."));
    }
    let missing = OptIn { accept_key: one, ..OptIn::default() }.validate(|_| true);
    assert!(missing.message_for("opt_in.audio").is_some(), "a prompt needs audio");
    let unknown = OptIn { audio: Some(OptInAudio::Playbook("nope".into())), ..OptIn::default() }.validate(|_| false);
    assert_eq!(unknown.message_for("opt_in.audio"), Some("This playbook is not in the company's audio library."));

    let code = |c: &str| {
        ForceRecord { on_demand: OnDemand { enabled: true, code: c.into() }, ..ForceRecord::default() }
            .validate(&[("*51", "the company's paging code")])
    };
    assert!(code("*9").is_ok());
    assert_eq!(
        code("*4").message_for("on_demand.code"),
        Some("*4 conflicts with *44, manual recording start: dialling it would cut that code short."),
        "a prefix of a platform code"
    );
    assert!(code("*512").message_for("on_demand.code").unwrap().contains("*51"), "starts with a company code");
    assert!(!code("*12345").is_ok() && !code("9").is_ok() && !code("*").is_ok());

    let licence = Licence { licensed: true, seats: 2 };
    assert!(licence.check_seats(2).is_ok());
    assert!(licence.check_seats(3).unwrap_err().message.starts_with("All 2 seats"));
    assert!(Call {
        source: Endpoint::External("12".into()),
        destination: Endpoint::External("+15551234567".into()),
        caller_input: CallerInput::None,
        redirected: false,
        call_id: None,
    }
    .validate()
    .is_err());
}
