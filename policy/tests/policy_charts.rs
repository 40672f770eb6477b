//! Acceptance cases of the policy model: every row of both decision-chart groups of seed
//! 004 ("User Level" account charts and "Endpoint" charts) and the caller outcome table of
//! docs/POLICY.md.

mod policy_support;

use policy::*;
use policy_support::*;

/// (setting cell, source network, destination network, recording started)
type Row = (Direction, Network, Network, Network, bool);

use Direction::{Inbound, Outbound};
use Network::{Offnet, Onnet};

/// "User Level Call Recording Settings": the entire-account matrix.
const ACCOUNT_CHART: [Row; 12] = [
    // When an onnet device makes an internal call
    (Inbound, Onnet, Onnet, Onnet, true),
    (Inbound, Offnet, Onnet, Onnet, false),
    (Outbound, Onnet, Onnet, Onnet, true),
    (Outbound, Offnet, Onnet, Onnet, false),
    // When an onnet device makes an external call
    (Inbound, Onnet, Onnet, Offnet, true),
    (Inbound, Offnet, Onnet, Offnet, false),
    (Outbound, Onnet, Onnet, Offnet, false),
    (Outbound, Offnet, Onnet, Offnet, true),
    // When an offnet device makes an internal call
    (Inbound, Onnet, Offnet, Onnet, false),
    (Inbound, Offnet, Offnet, Onnet, true),
    (Outbound, Onnet, Offnet, Onnet, true),
    (Outbound, Offnet, Offnet, Onnet, false),
];

/// "ENDPOINT SETTINGS": the endpoint matrix (all users, user or device).
const ENDPOINT_CHART: [Row; 12] = [
    // When an onnet device makes an internal call
    (Inbound, Onnet, Onnet, Onnet, true),
    (Inbound, Offnet, Onnet, Onnet, false),
    (Outbound, Onnet, Onnet, Onnet, true),
    (Outbound, Offnet, Onnet, Onnet, false),
    // When an onnet device makes an external call
    (Inbound, Onnet, Onnet, Offnet, false),
    (Inbound, Offnet, Onnet, Offnet, false),
    (Outbound, Onnet, Onnet, Offnet, false),
    (Outbound, Offnet, Onnet, Offnet, true),
    // When an offnet endpoint makes a call to an onnet device
    (Inbound, Onnet, Offnet, Onnet, false),
    (Inbound, Offnet, Offnet, Onnet, true),
    (Outbound, Onnet, Offnet, Onnet, false),
    (Outbound, Offnet, Offnet, Onnet, false),
];

fn call_between(source: Network, destination: Network, caller: DeviceFacts, callee: DeviceFacts) -> Call {
    Call {
        source: match source {
            Onnet => Endpoint::Device(caller),
            Offnet => Endpoint::External("+442071234567".into()),
        },
        destination: match destination {
            Onnet => Endpoint::Device(callee),
            Offnet => Endpoint::External("+15551234567".into()),
        },
        caller_input: CallerInput::None,
        redirected: false,
        call_id: None,
    }
}

#[test]
fn every_row_of_the_account_charts_holds() {
    for (i, (direction, network, source, destination, expected)) in ACCOUNT_CHART.into_iter().enumerate() {
        let mut facts = licensed_company();
        facts.force.entire_account.set(direction, network, true);
        let call = call_between(source, destination, device("d1", "Desk 201", None), device("d2", "Desk 202", None));
        call.validate().expect("a chart call is valid");
        let decision = decide(&facts, &call);
        assert_eq!(decision.recorded, expected, "account chart row {}: {decision:#?}", i + 1);
        let rule = format!("entire_account.{}.{}", direction.key(), network.key());
        assert_eq!(decision.trace.iter().any(|s| s.fired && s.rule == rule), expected, "row {} names {rule}", i + 1);
    }
}

#[test]
fn every_row_of_the_endpoint_charts_holds_whichever_level_sets_the_cell() {
    for (i, (direction, network, source, destination, expected)) in ENDPOINT_CHART.into_iter().enumerate() {
        for level in [Level::Company, Level::User, Level::Device] {
            let mut facts = licensed_company();
            let mut caller = device("d1", "Desk 201", Some(user("u1", "Ann Lee", true)));
            let mut callee = device("d2", "Desk 202", Some(user("u2", "Bob Chen", true)));
            match level {
                Level::Company => facts.force.all_users.set(direction, network, true),
                Level::User => {
                    for d in [&mut caller, &mut callee] {
                        d.owner.as_mut().unwrap().overrides.set(direction, network, Override::On);
                    }
                }
                _ => {
                    for d in [&mut caller, &mut callee] {
                        d.overrides.set(direction, network, Override::On);
                    }
                }
            }
            let call = call_between(source, destination, caller, callee);
            let decision = decide(&facts, &call);
            assert_eq!(decision.recorded, expected, "endpoint chart row {} set at {level:?}: {decision:#?}", i + 1);
            if expected {
                let fired = decision.trace.iter().find(|s| s.fired).expect("a fired step");
                assert_eq!(fired.origin.level, level, "row {}: the trace names where the value was set", i + 1);
            }
        }
    }
}

#[test]
fn the_caller_outcome_table_holds() {
    let one = DtmfKey::parse("accept_key", "1").unwrap();
    let hash = DtmfKey::parse("reject_key", "#").unwrap();
    let keys = |accept: bool, reject: bool| OptIn {
        audio: Some(OptInAudio::File("a1".into())),
        accept_key: accept.then_some(one),
        reject_key: reject.then_some(hash),
        ..OptIn::default()
    };
    use CallerChoice::*;
    use CallerInput as In;
    let table = [
        // any configuration: the accept key opts in, the reject key opts out
        (keys(true, false), In::Accept, OptedIn),
        (keys(true, true), In::Accept, OptedIn),
        (keys(false, true), In::Reject, OptedOut),
        (keys(true, true), In::Reject, OptedOut),
        (keys(true, false), In::None, OptedOut),
        (keys(false, true), In::None, OptedIn),
        (keys(true, true), In::None, NoChoice),
        (keys(false, false), In::None, NoChoice),
        // a key that is not configured is ignored, as if nothing was pressed
        (keys(true, false), In::Reject, OptedOut),
        (keys(false, true), In::Accept, OptedIn),
        (keys(false, false), In::Accept, NoChoice),
    ];
    for (i, (opt_in, input, expected)) in table.into_iter().enumerate() {
        assert_eq!(opt_in.outcome(input), expected, "outcome row {}", i + 1);
    }
}

#[test]
fn a_queue_call_follows_the_callers_choice_over_the_other_rules() {
    let mut facts = licensed_company();
    facts.force.entire_account = Matrix::uniform(true);
    let q = queue(
        "q1",
        "Support line",
        OptIn {
            audio: Some(OptInAudio::File("a1".into())),
            accept_key: Some(DtmfKey::parse("k", "1").unwrap()),
            ..OptIn::default()
        },
    );
    let call = Call {
        source: Endpoint::External("+442071234567".into()),
        destination: Endpoint::Queue(q.clone()),
        caller_input: CallerInput::None,
        redirected: false,
        call_id: None,
    };
    let d = decide(&facts, &call);
    assert!(!d.recorded, "accept key only and nothing pressed: opted out, whatever the account says");
    assert_eq!(d.reason, "Not recorded: the caller opted out.");

    // No prompt: mode On records; mode Off leaves it to the other layers.
    facts.force.entire_account = Matrix::default();
    let plain = Call { destination: Endpoint::Queue(queue("q2", "Sales line", OptIn::default())), ..call.clone() };
    assert!(!decide(&facts, &plain).recorded);
    facts.recording_mode.company = Mode::On;
    assert!(decide(&facts, &plain).recorded);
    facts.recording_mode.company = Mode::Off;
    facts.force.entire_account.set(Inbound, Offnet, true);
    assert!(decide(&facts, &plain).recorded, "mode Off leaves it to the entire-account rule");
}

#[test]
fn the_trace_reads_as_sentences() {
    let mut facts = licensed_company();
    let mut desk = device("d1", "Desk 12", None);
    desk.overrides.set(Inbound, Offnet, Override::On);
    let call = Call {
        source: Endpoint::External("+442071234567".into()),
        destination: Endpoint::Device(desk),
        caller_input: CallerInput::None,
        redirected: false,
        call_id: None,
    };
    let d = decide(&facts, &call);
    assert!(d.recorded);
    let says: Vec<&str> = d.trace.iter().map(|s| s.says.as_str()).collect();
    assert!(says.contains(&"Device 'Desk 12' inbound from external: On, set on the device"), "{says:#?}");
    assert_eq!(d.reason, "Recorded: Device 'Desk 12' inbound from external: On, set on the device.");

    facts.outbound_recording.reseller = Mode::On;
    let out = Call {
        source: Endpoint::Device(device("d2", "Desk 13", None)),
        destination: Endpoint::External("+15551234567".into()),
        caller_input: CallerInput::None,
        redirected: false,
        call_id: None,
    };
    let d = decide(&facts, &out);
    assert!(d.recorded);
    let step = d.trace.iter().find(|s| s.rule == "outbound_recording").unwrap();
    assert_eq!(step.says, "Outbound recording: On, inherited from reseller 'Acme Telecom'");
    assert_eq!(step.from, "reseller r1");
}

#[test]
fn effective_mode_says_where_it_came_from() {
    let mut levels = licensed_company().recording_mode;
    assert_eq!(levels.resolve().describe(Level::Company), "Off, inherited from the system");
    levels.reseller = Mode::On;
    assert_eq!(levels.resolve().describe(Level::Company), "On, inherited from reseller 'Acme Telecom'");
    levels.company = Mode::Off;
    assert_eq!(levels.resolve().describe(Level::Company), "Off, set here");
}
