//! The Policy Simulator: pick a call and see whether it would be recorded and why. The
//! decision is computed at once in the browser by the shared policy code, then confirmed by
//! the server; a disagreement is shown, never hidden. The form is a plain GET form, so the
//! page works the same with JavaScript off (the server renders the decision).

use crate::api::decisions::{get_simulator_data, simulate_call};
use crate::components::status::{urlencode, Loaded};
use crate::model::{SimulatorData, SimulatorQuery};
use crate::pages::company::use_company_id;
use crate::policy::{CallerInput, Decision, FieldError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let company = use_company_id();
    let data = Resource::new(company, get_simulator_data);
    view! {
        <Title text="Policy Simulator"/>
        <section class="page">
            <h1>"Policy Simulator"</h1>
            <p class="muted">
                "Choose a call to see whether this company's recording policy records it, and which rule decides."
            </p>
            <Loaded resource=data render=move |d| view! { <Simulator data=d/> }/>
        </section>
    }
}

/// The form as the address says, with the defaults filled in: a first visit simulates an
/// external caller ringing the first device.
fn filled(raw: SimulatorQuery, data: &SimulatorData) -> SimulatorQuery {
    let or = |v: String, d: &str| if v.trim().is_empty() { d.to_string() } else { v };
    let first_device = data.devices.first().map(|d| format!("device:{}", d.id));
    SimulatorQuery {
        source: or(raw.source, "external"),
        source_number: or(raw.source_number, SimulatorQuery::DEFAULT_SOURCE_NUMBER),
        destination: or(raw.destination, first_device.as_deref().unwrap_or("external")),
        destination_number: or(raw.destination_number, SimulatorQuery::DEFAULT_DESTINATION_NUMBER),
        caller_input: or(raw.caller_input, "none"),
        redirected: raw.redirected,
        call_id: or(raw.call_id, SimulatorQuery::DEFAULT_CALL_ID),
    }
}

fn query_string(q: &SimulatorQuery) -> String {
    [
        ("source", &q.source),
        ("source_number", &q.source_number),
        ("destination", &q.destination),
        ("destination_number", &q.destination_number),
        ("caller_input", &q.caller_input),
        ("redirected", &q.redirected),
        ("call_id", &q.call_id),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

/// The form's current values, read straight from the form element (in the browser).
fn read_form(form: &web_sys::HtmlFormElement) -> Option<SimulatorQuery> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let get = |name: &str| data.get(name).as_string().unwrap_or_default();
    Some(SimulatorQuery {
        source: get("source"),
        source_number: get("source_number"),
        destination: get("destination"),
        destination_number: get("destination_number"),
        caller_input: get("caller_input"),
        redirected: get("redirected"),
        call_id: get("call_id"),
    })
}

#[component]
fn Simulator(data: SimulatorData) -> impl IntoView {
    let query = use_query_map();
    let data = StoredValue::new(data);
    let company = use_company_id();
    let current = Memo::new(move |_| {
        let q = query.read();
        let raw = SimulatorQuery {
            source: q.get("source").unwrap_or_default(),
            source_number: q.get("source_number").unwrap_or_default(),
            destination: q.get("destination").unwrap_or_default(),
            destination_number: q.get("destination_number").unwrap_or_default(),
            caller_input: q.get("caller_input").unwrap_or_default(),
            redirected: q.get("redirected").unwrap_or_default(),
            call_id: q.get("call_id").unwrap_or_default(),
        };
        data.with_value(|d| filled(raw, d))
    });
    // The preview: the shared policy code, on the data this page loaded.
    let preview: Memo<Result<Decision, FieldError>> = Memo::new(move |_| {
        let q = current.get();
        data.with_value(|d| q.to_request().and_then(|r| d.decide(&r)))
    });
    // The authority: the same question asked of the server.
    let confirmed = Resource::new(move || (company(), current.get()), |(c, q)| simulate_call(c, q));

    let navigate = use_navigate();
    // Each change replaces the address, so the result can be linked and Back leaves the page.
    let go = move |form: Option<web_sys::HtmlFormElement>| {
        if let Some(q) = form.as_ref().and_then(read_form) {
            let options = leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() };
            navigate(&format!("?{}", query_string(&q)), options);
        }
    };
    let on_change = {
        let go = go.clone();
        move |ev: leptos::ev::Event| go(event_target_form(&ev))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(event_target_form(&ev))
    };

    let initial = current.get_untracked();
    let field_error = move |field: &'static str| {
        move || match preview.get() {
            Err(e) if e.field == field => {
                Some(view! { <p class="field-error" id=format!("sim-{field}-error")>{e.message}</p> })
            }
            _ => None,
        }
    };
    let described = move |field: &'static str| {
        move || matches!(preview.get(), Err(e) if e.field == field).then(|| format!("sim-{field}-error"))
    };
    let invalid =
        move |field: &'static str| move || matches!(preview.get(), Err(e) if e.field == field).then_some("true");

    let devices = data.with_value(|d| d.devices.clone());
    let queues = data.with_value(|d| d.queues.clone());
    let truncated = data.with_value(|d| d.truncated);
    let device_options = move |selected: String| {
        devices
            .iter()
            .map(|d| {
                let value = format!("device:{}", d.id);
                let label = match &d.owner {
                    Some(u) => format!("{} ({})", d.name, u.name),
                    None => d.name.clone(),
                };
                view! { <option value=value.clone() selected=selected == value>{label}</option> }
            })
            .collect_view()
    };
    let queue_options = move |selected: String| {
        queues
            .iter()
            .map(|q| {
                let value = format!("queue:{}", q.id);
                let prompt = match (q.opt_in.accept_key, q.opt_in.reject_key) {
                    (Some(a), Some(r)) => format!(" (prompt: {a} to accept, {r} to reject)"),
                    (Some(a), None) => format!(" (prompt: {a} to accept)"),
                    (None, Some(r)) => format!(" (prompt: {r} to reject)"),
                    (None, None) => String::new(),
                };
                view! { <option value=value.clone() selected=selected == value>{format!("{}{prompt}", q.name)}</option> }
            })
            .collect_view()
    };
    let radio = move |value: CallerInput, label: &'static str| {
        let id = format!("sim-caller-{}", value.as_str());
        let for_id = id.clone();
        view! {
            <label class="choice" for=for_id>
                <input
                    type="radio"
                    id=id
                    name="caller_input"
                    value=value.as_str()
                    checked=initial.caller_input == value.as_str()
                    prop:checked=move || current.get().caller_input == value.as_str()
                />
                {label}
            </label>
        }
        .into_any()
    };

    let source_set = view! {
                <fieldset>
                    <legend>"Source: who calls"</legend>
                    <div class="field">
                        <label for="sim-source">"Calling party"</label>
                        <select
                            id="sim-source"
                            name="source"
                            prop:value=move || current.get().source
                            aria-describedby=described("source")
                            aria-invalid=invalid("source")
                        >
                            <option value="external" selected=initial.source == "external">"External number"</option>
                            <optgroup label="Devices">{device_options.clone()(initial.source.clone())}</optgroup>
                        </select>
                        {field_error("source")}
                    </div>
                    <div class="field">
                        <label for="sim-source-number">"External number, when the caller is external"</label>
                        <input
                            id="sim-source-number"
                            name="source_number"
                            type="tel"
                            autocomplete="off"
                            value=initial.source_number.clone()
                            prop:value=move || current.get().source_number
                            aria-describedby=described("source_number")
                            aria-invalid=invalid("source_number")
                        />
                        {field_error("source_number")}
                    </div>
                </fieldset>
    }
    .into_any();
    let destination_set = view! {
                <fieldset>
                    <legend>"Destination: who is called"</legend>
                    <div class="field">
                        <label for="sim-destination">"Called party"</label>
                        <select
                            id="sim-destination"
                            name="destination"
                            prop:value=move || current.get().destination
                            aria-describedby=described("destination")
                            aria-invalid=invalid("destination")
                        >
                            <option value="external" selected=initial.destination == "external">"External number"</option>
                            <optgroup label="Devices">{device_options(initial.destination.clone())}</optgroup>
                            <optgroup label="Queues">{queue_options(initial.destination.clone())}</optgroup>
                        </select>
                        {field_error("destination")}
                    </div>
                    <div class="field">
                        <label for="sim-destination-number">"External number, when the called party is external"</label>
                        <input
                            id="sim-destination-number"
                            name="destination_number"
                            type="tel"
                            autocomplete="off"
                            value=initial.destination_number.clone()
                            prop:value=move || current.get().destination_number
                            aria-describedby=described("destination_number")
                            aria-invalid=invalid("destination_number")
                        />
                        {field_error("destination_number")}
                    </div>
                </fieldset>
    }
    .into_any();
    let caller_set = view! {
                <fieldset>
                    <legend>"For a queue with an opt-in prompt: what the caller presses"</legend>
                    <div class="choices">
                        {radio(CallerInput::None, "Nothing")}
                        {radio(CallerInput::Accept, "The accept key")}
                        {radio(CallerInput::Reject, "The reject key")}
                    </div>
                </fieldset>
    }
    .into_any();
    let call_set = view! {
                <fieldset>
                    <legend>"The call"</legend>
                    <label class="check" for="sim-redirected">
                        <input id="sim-redirected" type="checkbox" name="redirected" value="on"
                            checked=initial.redirected == "on" prop:checked=move || current.get().redirected == "on"/>
                        "Forwarded or transferred (a redirected call)"
                    </label>
                    <div class="field">
                        <label for="sim-call-id">"Call id"</label>
                        <input id="sim-call-id" name="call_id" type="text" autocomplete="off"
                            value=initial.call_id.clone() prop:value=move || current.get().call_id
                            aria-describedby=move || described("call_id")().unwrap_or_else(|| "sim-call-id-help".into())
                            aria-invalid=invalid("call_id")/>
                        <p class="help" id="sim-call-id-help">"A queue that records a share of its calls chooses by this id: the same id always gets the same answer."</p>
                        {field_error("call_id")}
                    </div>
                </fieldset>
    }
    .into_any();
    view! {
        {truncated.then(|| view! {
            <p class="notice warn">"This company has more than 500 devices or queues; the simulator lists the first 500 of each."</p>
        })}
        <div class="simulator">
            <form class="form sim-form" method="get" on:change=on_change on:submit=on_submit aria-label="Call to simulate">
                {source_set}
                {destination_set}
                {caller_set}
                {call_set}
                <div>
                    <button type="submit" class="primary">"Simulate"</button>
                </div>
            </form>
            <DecisionPanel preview confirmed/>
        </div>
    }
}

fn event_target_form<E: AsRef<web_sys::Event>>(ev: &E) -> Option<web_sys::HtmlFormElement> {
    use wasm_bindgen::JsCast;
    ev.as_ref().current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
}

#[component]
fn DecisionPanel(
    preview: Memo<Result<Decision, FieldError>>,
    confirmed: Resource<Result<Decision, crate::error::AppError>>,
) -> impl IntoView {
    let body = move || match preview.get() {
        Ok(d) => view! {
            <p class=if d.recorded { "verdict recorded" } else { "verdict not-recorded" } data-testid="verdict">
                {if d.recorded { "Recorded" } else { "Not recorded" }}
            </p>
            <p class="reason">{d.reason.clone()}</p>
            {d.treatment.clone().map(|t| view! { <TreatmentList t/> })}
            <h3>"How the policy decided"</h3>
            <ol class="trace" data-testid="trace">
                {d.trace
                    .into_iter()
                    .map(|s| view! {
                        <li class=if s.fired { "step fired" } else { "step" } data-rule=s.rule.clone()>
                            <span class="step-mark">{if s.fired { "Fires" } else { "Does not fire" }}</span>
                            " "
                            <span class="step-says">{s.says}</span>
                        </li>
                    })
                    .collect_view()}
            </ol>
        }
        .into_any(),
        Err(e) => {
            view! { <p class="muted">{format!("Correct the form to see a decision: {}", e.message)}</p> }.into_any()
        }
    };
    let check = move || {
        Suspend::new(async move {
            let server = confirmed.await;
            let local = preview.get();
            match (local, server) {
                (Ok(l), Ok(s)) if l == s => {
                    view! { <p class="confirm ok" data-testid="confirmation">"Confirmed by the server."</p> }.into_any()
                }
                (_, Ok(s)) => view! {
                    <p class="alert error" role="alert" data-testid="mismatch">
                        {format!(
                            "The server decided differently: {}. {} The settings may have changed since this page was loaded; reload the page to simulate with the latest.",
                            if s.recorded { "Recorded" } else { "Not recorded" },
                            s.reason
                        )}
                    </p>
                }
                .into_any(),
                (Err(l), Err(s)) if s.field() == Some(l.field.as_str()) => ().into_any(),
                (_, Err(s)) => view! { <p class="alert error" role="alert">{s.to_string()}</p> }.into_any(),
            }
        })
    };
    view! {
        <section class="sim-result" aria-labelledby="sim-result-title">
            <h2 id="sim-result-title">"Decision"</h2>
            <div aria-live="polite">{body}</div>
            <div role="status">
                <Transition fallback=|| view! { <p class="confirm muted">"Checking with the server…"</p> }>
                    {check}
                </Transition>
            </div>
        </section>
    }
}

/// How a recorded call is handled, each option with where it was set.
#[component]
fn TreatmentList(t: crate::policy::CallTreatment) -> impl IntoView {
    use crate::policy::treatment::{Announcement, Sourced, TransferOut};
    fn row<T>(label: &'static str, s: &Sourced<T>, text: String) -> impl IntoView {
        let from = s.origin.describe();
        view! {
            <dt>{label}</dt>
            <dd>{text}<span class="muted">{format!(" · from {from}")}</span></dd>
        }
    }
    let announcement = match &t.announcement.value {
        None => "None".to_string(),
        Some(Announcement::BuiltIn) => format!("\"{}\"", crate::policy::treatment::BUILT_IN_ANNOUNCEMENT),
        Some(Announcement::Mp3 { file }) => format!("MP3 {file}"),
        Some(Announcement::Tts(tts)) => format!("Spoken ({}): \"{}\"", tts.language, tts.text),
    };
    view! {
        <h3>"Treatment"</h3>
        <dl class="facts treatment" data-testid="treatment">
            {row("Announcement", &t.announcement, announcement)}
            {row("Periodic beep", &t.beep_seconds, t.beep_seconds.value.map_or("Off".into(), |s| format!("Every {s} s")))}
            {row("Manual start/stop", &t.manual_control, t.manual_control.value.as_ref().map_or("Not allowed".into(), |c| format!("{} / {}", c.start, c.stop)))}
            {row("Ask to record", &t.ask_to_record, t.ask_to_record.value.clone().unwrap_or_else(|| "No".into()))}
            {row("Send by e-mail", &t.email_to, t.email_to.value.clone().map_or("No".into(), |to| format!("To {to}")))}
            {row("Agent-only recording", &t.agent_only, if t.agent_only.value { "On".into() } else { "Off".into() })}
            {row("Pause on hold", &t.pause_on_hold, if t.pause_on_hold.value { "On".into() } else { "Off".into() })}
            {row("Transfer outside the platform", &t.transfer_out, match t.transfer_out.value {
                TransferOut::KeepRecording => "Keep recording".to_string(),
                TransferOut::StopRecording => "Stop recording".to_string(),
            })}
            {row("Maximum length", &t.max_length_seconds, t.max_length_seconds.value.map_or("No limit".into(), crate::policy::storage::length_text))}
        </dl>
    }
}
