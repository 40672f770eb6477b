//! The recording treatment's rules: inheritance, validation, sampling, pauses.

use policy::treatment::*;
use policy::*;

fn company() -> Origin {
    Origin::new(Level::Company, "c1", "Northwind")
}
fn user() -> Origin {
    Origin::new(Level::User, "u1", "Ann Lee")
}

fn origins(e: &EffectiveTreatment) -> [&Origin; 10] {
    [
        &e.record_redirected.origin,
        &e.manual_control.origin,
        &e.manual_start_code.origin,
        &e.manual_stop_code.origin,
        &e.announce.origin,
        &e.beep.origin,
        &e.beep_seconds.origin,
        &e.outgoing.origin,
        &e.announcement.origin,
        &e.email.origin,
    ]
}

#[test]
fn every_option_inherits_the_company_default_until_set() {
    let defaults = Treatment { beep: true, beep_seconds: 60, email: true, ..Treatment::default() };
    let e = TreatmentOverride::default().resolve(&user(), &defaults, &company());
    assert_eq!((e.beep.value, e.beep_seconds.value, e.email.value), (true, 60, true));
    for origin in origins(&e) {
        assert_eq!(origin, &company());
    }
    let own = TreatmentOverride {
        record_redirected: Some(true),
        manual_control: Some(true),
        manual_start_code: Some("*61".into()),
        manual_stop_code: Some("*62".into()),
        announce: Some(true),
        beep: Some(false),
        beep_seconds: Some(10),
        outgoing: Some(Outgoing::AskToRecord { prompt: ASK_TO_RECORD_PROMPT.into() }),
        announcement: Some(Announcement::Tts(Tts::default())),
        email: Some(false),
    };
    let e = own.resolve(&user(), &defaults, &company());
    assert!(!e.beep.value && e.record_redirected.value && !e.email.value);
    assert_eq!(e.manual_start_code.value, "*61");
    for origin in origins(&e) {
        assert_eq!(origin, &user());
    }
}

#[test]
fn sampling_is_deterministic_and_close_to_the_percentage() {
    for percent in [1u8, 10, 25, 50, 73, 99] {
        let hits = (0..100_000).filter(|i| sampled(&format!("call-{i}"), percent)).count();
        let share = hits as f64 / 1000.0;
        assert!((share - f64::from(percent)).abs() <= 1.0, "{percent}%: {share}%");
    }
    assert!((0..1000).all(|i| sampled(&format!("x{i}"), 100)));
    let id = "7f1c2a9e-0b44-4c1e-9a51-2d0f5b8e6c13";
    assert_eq!(sampled(id, 37), sampled(id, 37));
    assert_eq!(call_hash(id), call_hash(id));
}

#[test]
fn manual_codes_conflict_with_each_other_and_other_codes() {
    let codes = [
        ("*44", "manual recording start"),
        ("*45", "manual recording stop"),
        ("*72", "call forwarding on"),
        ("*9", "on-demand recording"),
    ];
    let check = |start: &str, stop: &str| {
        let o = TreatmentOverride {
            manual_control: Some(true),
            manual_start_code: Some(start.into()),
            manual_stop_code: Some(stop.into()),
            ..Default::default()
        };
        let e = o.resolve(&user(), &Treatment::default(), &company());
        validate_options(&o, &e, &codes)
    };
    assert!(check("*44", "*45").is_ok(), "the defaults are fine");
    assert_eq!(check("*44", "*44").errors[0].field, "manual_start_code");
    assert!(check("*7", "*45").errors[0].message.contains("*72"), "a prefix of another code");
    assert!(check("*90", "*45").errors[0].message.contains("*9"), "another code is its prefix");
    assert_eq!(check("*44", "45").errors[0].field, "manual_stop_code");
    assert!(check("*61", "*62").is_ok());
}

#[test]
fn options_are_checked_field_by_field() {
    let e = Treatment::default().as_effective(&company());
    let bad = |o: TreatmentOverride| validate_options(&o, &e, &[]).errors[0].field.clone();
    assert_eq!(bad(TreatmentOverride { beep_seconds: Some(4), ..Default::default() }), "beep_seconds");
    assert_eq!(bad(TreatmentOverride { beep_seconds: Some(301), ..Default::default() }), "beep_seconds");
    let long = Tts { text: "a".repeat(451), ..Tts::default() };
    assert_eq!(
        bad(TreatmentOverride { announcement: Some(Announcement::Tts(long)), ..Default::default() }),
        "announcement.text"
    );
    let pitch = Tts { pitch: 10, ..Tts::default() };
    assert_eq!(
        bad(TreatmentOverride { announcement: Some(Announcement::Tts(pitch)), ..Default::default() }),
        "announcement.pitch"
    );
    let klingon = Tts { language: "tlh".into(), ..Tts::default() };
    assert_eq!(
        bad(TreatmentOverride { announcement: Some(Announcement::Tts(klingon)), ..Default::default() }),
        "announcement.language"
    );
    let empty = Outgoing::AskToRecord { prompt: " ".into() };
    assert_eq!(bad(TreatmentOverride { outgoing: Some(empty), ..Default::default() }), "outgoing.prompt");
    // E-mail delivery needs an address.
    let mail = TreatmentOverride { email: Some(true), ..Default::default() };
    let me = mail.resolve(&user(), &Treatment::default(), &company());
    assert_eq!(check_email_delivery(&me, None).unwrap_err().field, "email_address");
    assert_eq!(check_email_delivery(&me, Some("not-an-address")).unwrap_err().field, "email_address");
    assert!(check_email_delivery(&me, Some("ann@example.com")).is_ok());
    assert!(check_email_delivery(&e, None).is_ok(), "no address needed while off");
    assert_eq!(tts_remaining(&"a".repeat(450)), 0);
    assert_eq!(tts_remaining(&"a".repeat(452)), -2);
}

#[test]
fn forms_round_trip() {
    let own = TreatmentOverride {
        beep: Some(true),
        beep_seconds: Some(15),
        outgoing: Some(Outgoing::AskToRecord { prompt: ASK_TO_RECORD_PROMPT.into() }),
        announcement: Some(Announcement::Tts(Tts { text: "Hello".into(), pitch: 3, ..Tts::default() })),
        ..Default::default()
    };
    let form = TreatmentForm::from_override(&own, Some("a@b.com"));
    assert_eq!(form.to_override().unwrap(), own);
    assert_eq!(TreatmentForm::default().to_override().unwrap(), TreatmentOverride::default());
    assert_eq!(TreatmentForm::default().to_defaults().unwrap(), Treatment::default());
    let bad = TreatmentForm { tts_pitch: "12".into(), announcement: "tts".into(), ..Default::default() };
    assert_eq!(bad.to_override().unwrap_err().field, "announcement.pitch");
    let cc = ContactCenter {
        selection: Selection::ListedNumbers { numbers: vec!["+14155550123".into()] },
        transfer_out: TransferOut::StopRecording,
        agent_only: true,
        pause_on_hold: true,
    };
    assert_eq!(ContactCenterForm::from_settings(&cc).parse().unwrap(), cc);
    assert_eq!(
        ContactCenterForm { selection: "percentage".into(), percent: "x".into(), ..Default::default() }
            .parse()
            .unwrap_err()
            .field,
        "selection.percent"
    );
}

#[test]
fn contact_center_options_are_checked() {
    let pct = |p| ContactCenter { selection: Selection::Percentage { percent: p }, ..Default::default() }.validate();
    assert!(!pct(0).is_ok() && !pct(101).is_ok() && pct(1).is_ok() && pct(100).is_ok());
    let listed = |n: Vec<&str>| {
        ContactCenter {
            selection: Selection::ListedNumbers { numbers: n.into_iter().map(String::from).collect() },
            ..Default::default()
        }
        .validate()
    };
    assert!(listed(vec!["+14155550123", "+442071838750"]).is_ok());
    assert!(listed(vec!["+14155550123", "4155550123"]).errors[0].message.starts_with("Line 2"));
    assert!(!listed(vec![]).is_ok());
    assert!(!listed(vec!["+0123456789"]).is_ok());
    let many: Vec<String> = (0..1001).map(|i| format!("+1415555{i:04}")).collect();
    assert!(!ContactCenter { selection: Selection::ListedNumbers { numbers: many }, ..Default::default() }
        .validate()
        .is_ok());
    assert_eq!(
        ContactCenter::parse_numbers(" +1 415 555 0123 \n\n+442071838750\n"),
        vec!["+14155550123", "+442071838750"]
    );
}

#[test]
fn hold_pauses_and_a_manual_pause_is_never_resumed_automatically() {
    use CallEvent::*;
    use RecordingState::*;
    let pausing = ContactCenter { pause_on_hold: true, ..Default::default() };
    let plain = ContactCenter::default();
    assert_eq!(after_events(&plain, &[Hold]), Recording, "by default hold goes on recording");
    assert_eq!(after_events(&pausing, &[Hold]), PausedOnHold);
    assert_eq!(after_events(&pausing, &[Hold, Retrieve]), Recording);
    assert_eq!(after_events(&pausing, &[ManualPause, Hold, Retrieve]), PausedByAgent);
    assert_eq!(after_events(&pausing, &[ManualPause, ManualResume]), Recording);
    assert_eq!(after_events(&pausing, &[Hold, TransferToAgent]), Recording, "resumed when transferred");
    assert_eq!(after_events(&pausing, &[Hold, TransferOutside]), Recording, "kept by default");
    let stopping =
        ContactCenter { pause_on_hold: true, transfer_out: TransferOut::StopRecording, ..Default::default() };
    assert_eq!(after_events(&stopping, &[Hold, TransferOutside]), Stopped);
    assert_eq!(after_events(&stopping, &[TransferOutside, Retrieve]), Stopped);
}

#[test]
fn each_change_of_state_is_one_instruction_to_the_engine() {
    use Instruction::*;
    use RecordingState::*;
    assert_eq!(instruction(Recording, Recording), Record);
    assert_eq!(instruction(Recording, PausedOnHold), Pause);
    assert_eq!(instruction(PausedOnHold, PausedByAgent), Pause, "still paused");
    assert_eq!(instruction(PausedOnHold, Recording), Resume);
    assert_eq!(instruction(PausedByAgent, Recording), Resume);
    assert_eq!(instruction(PausedByAgent, Stopped), Stop);
    assert_eq!(instruction(Stopped, Stopped), Stop);
    for e in CallEvent::ALL {
        assert_eq!(CallEvent::parse(e.as_str()), Some(e));
        assert_eq!(serde_json::to_value(e).unwrap(), e.as_str(), "the API's name is the database's");
    }
}
