//! Call Handling > Queues: the company's queues, and a queue's Recording Opt In/Out tab,
//! where the caller's prompt is set. The form explains, as it is filled in and by the same
//! code the server runs, what happens to a caller who presses a key or nothing.

use crate::api::queues::{
    get_queue_opt_in, get_queues, AddQueue, DeleteQueue, RenameQueue, SaveContactCenter, SaveQueueOptIn,
};
use crate::components::form::{action_error, succeeded, successes, ConfirmBox};
use crate::components::overrides::SearchBox;
use crate::components::status::{ErrorView, Loading};
use crate::model::{OptInForm, QueueOptInPage, QueueView};
use crate::pages::company::use_company_id;
use crate::policy::{Mode, SystemMode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn prompt_summary(q: &QueueView) -> String {
    match (q.opt_in.accept_key, q.opt_in.reject_key) {
        (Some(a), Some(r)) => format!("Prompt: {a} to accept, {r} to reject"),
        (Some(a), None) => format!("Prompt: {a} to accept"),
        (None, Some(r)) => format!("Prompt: {r} to reject"),
        (None, None) => "No opt-in prompt".to_string(),
    }
}

#[component]
pub fn QueuesView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let add = ServerAction::<AddQueue>::new();
    let list = Resource::new(move || (company(), add.version().get()), |(c, _)| get_queues(c));
    let add_error = action_error(add);
    let added = move || add.value().get().and_then(Result::ok);
    view! {
        <Title text="Queues"/>
        <section class="page">
            <h1>"Queues"</h1>
            <p class="muted">"Choose a queue to set what callers hear and press to opt in to or out of recording."</p>
            <SearchBox label="Search queues by name" q=q()/>
            <ActionForm action=add attr:class="inline-form" attr:aria-label="Add a queue">
                <input type="hidden" name="company" value=company/>
                <div class="field">
                    <label for="new-queue">"New queue"</label>
                    <input
                        id="new-queue"
                        name="name"
                        type="text"
                        autocomplete="off"
                        aria-describedby="new-queue-error"
                        aria-invalid=move || add_error().and_then(|e| e.for_field("name")).is_some().to_string()
                    />
                    <p class="field-error" id="new-queue-error">{move || add_error().map(|e| e.to_string())}</p>
                </div>
                <button type="submit" class="secondary">"Add"</button>
            </ActionForm>
            {move || added().map(|q| view! {
                <p class="alert ok" role="status">
                    {format!("Added queue {}. ", q.name)}
                    <a href=format!("/c/{}/queues/{}", company(), q.id)>"Set its recording opt-in"</a>
                </p>
            })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let needle = q().trim().to_lowercase();
                    match list.await {
                        Ok(queues) if queues.is_empty() => {
                            view! { <p class="empty">"This company has no queues yet."</p> }.into_any()
                        }
                        Ok(queues) => {
                            let base = format!("/c/{}/queues", company());
                            let shown: Vec<QueueView> =
                                queues.into_iter().filter(|x| x.name.to_lowercase().contains(&needle)).collect();
                            if shown.is_empty() {
                                return view! { <p class="empty">{format!("No queue matches \"{}\".", q())}</p> }.into_any();
                            }
                            view! {
                                <table>
                                    <caption class="visually-hidden">"Queues"</caption>
                                    <thead><tr><th scope="col">"Queue"</th><th scope="col">"Recording opt-in"</th></tr></thead>
                                    <tbody>
                                        {shown
                                            .into_iter()
                                            .map(|q| view! {
                                                <tr>
                                                    <th scope="row"><a href=format!("{base}/{}", q.id)>{q.name.clone()}</a></th>
                                                    <td>{prompt_summary(&q)}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let company = use_company_id();
    let params = use_params_map();
    let queue = move || params.read().get("queue").unwrap_or_default();
    let save = ServerAction::<SaveQueueOptIn>::new();
    let rename = ServerAction::<RenameQueue>::new();
    let save_cc = ServerAction::<SaveContactCenter>::new();
    let cc_saves = successes(save_cc);
    let page = Resource::new(
        move || (company(), queue(), save.version().get() + rename.version().get(), cc_saves.get()),
        |(c, q, ..)| get_queue_opt_in(c, q),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let settings = (p.can_modify).then(|| view! { <QueueSettings queue=p.queue.clone() rename company=company()/> });
                        view! { <QueueOptIn page=p save save_cc company=company()/> {settings} }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const HELP_AUDIO: &str = "An additional opt-in announcement to play to the caller: an audio file or a playbook of the company's audio library, e.g. \"To allow recording, press 1. To prohibit recording, press #.\"";
const HELP_DELAY: &str = "The number of seconds within which the caller must either opt in or opt out (1 to 60).";
const HELP_ACCEPT: &str = "The DTMF key that the caller must select to allow recording (opt in): 1 to 9, # or *.";
const HELP_REJECT: &str = "The DTMF key that the caller must select to prohibit recording (opt out): 1 to 9, # or *.";
const HELP_REPLAY: &str = "When both keys are set and the caller presses neither, how many times the audio is replayed before the recording mode decides (0 to 10).";

#[component]
fn QueueOptIn(
    page: QueueOptInPage,
    save: ServerAction<SaveQueueOptIn>,
    save_cc: ServerAction<SaveContactCenter>,
    company: String,
) -> impl IntoView {
    let query = use_query_map();
    let on_cc = move || query.read().get("tab").as_deref() == Some("contact-center");
    let cc_tab = view! { <ContactCenterTab page=page.clone() save=save_cc company=company.clone()/> };
    let error = action_error(save);
    let read_only = !page.licensed || !page.can_modify;
    let form = RwSignal::new(OptInForm::from_opt_in(&page.queue.opt_in, page.queue.version));
    // The same checks the server makes, as the administrator types.
    let live = Memo::new(move |_| form.with(|f| f.validate()));
    let message = move |field: &'static str| {
        move || {
            live.with(|v| v.message_for(field).map(str::to_string)).or_else(|| error().and_then(|e| e.for_field(field)))
        }
    };
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    let mode_on = page.mode.effective.mode == SystemMode::On;
    let explanation = Memo::new(move |_| {
        form.with(|f| f.to_input().and_then(|i| i.parse()).map(|o| o.explain(mode_on)).unwrap_or_default())
    });
    let form_error = move || error().filter(|e| e.field().is_none()).map(|e| e.to_string());
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let outbound_notice = match page.mode.outbound {
        Mode::On => Some("Outbound recording is set to On for this company: calls from its devices to external numbers are recorded whatever callers choose here."),
        Mode::Off => Some("Outbound recording is set to Off for this company."),
        Mode::Default => None,
    };
    let notice = if !page.licensed {
        Some(format!("{} has no call-recording licence: these settings cannot be changed.", page.company))
    } else if !page.can_modify {
        Some("You can see these settings; changing them needs the Queues: Modify privilege.".to_string())
    } else {
        None
    };
    let set = move |field: fn(&mut OptInForm, String)| {
        move |ev: leptos::ev::Event| form.update(|f| field(f, event_target_value(&ev)))
    };
    let current = form.get_untracked();
    let audio_selected = move |value: &str| current.audio == value;
    let files = page.audio_files.clone();
    let playbooks = page.playbooks.clone();
    let library_empty = files.is_empty() && playbooks.is_empty();
    view! {
        <Title text=format!("{} · Recording Opt In/Out", page.queue.name)/>
        <section class="page">
            <p class="muted">"Call Handling › Queues"</p>
            <h1>{page.queue.name.clone()}</h1>
            <nav class="tabs" aria-label="Queue settings">
                <a href="?" aria-current=move || (!on_cc()).then_some("page")>"Recording Opt In/Out"</a>
                <a href="?tab=contact-center" aria-current=move || on_cc().then_some("page")>"Contact center"</a>
            </nav>
            <div hidden=on_cc>
            <p class="notice">{format!("Recording mode of this company: {}.", page.mode_says)}</p>
            {outbound_notice.map(|n| view! { <p class="notice warn" data-testid="outbound-notice">{n}</p> })}
            {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
            <ActionForm action=save attr:class="form" attr:aria-describedby="opt-in-error">
                <input type="hidden" name="company" value=company/>
                <input type="hidden" name="queue" value=page.queue.id.clone()/>
                <input type="hidden" name="form[version]" value=page.queue.version/>
                <p id="opt-in-error" class="alert error" role="alert" hidden=move || form_error().is_none()>{form_error}</p>
                <p class="alert ok" role="status" hidden=move || !saved()>"Saved."</p>
                <div class="field">
                    <label for="opt-in-audio">"Recording Opt-In Audio"</label>
                    <select
                        id="opt-in-audio"
                        name="form[audio]"
                        disabled=read_only
                        aria-describedby="opt-in-audio-help opt-in-audio-error"
                        aria-invalid=invalid("opt_in.audio")
                        on:change=set(|f, v| f.audio = v)
                    >
                        <option value="" selected=audio_selected("")>"No opt-in audio"</option>
                        <optgroup label="Audio files">
                            {files.into_iter().map(|a| {
                                let v = format!("file:{}", a.id);
                                view! { <option value=v.clone() selected=audio_selected(&v)>{a.name}</option> }
                            }).collect_view()}
                        </optgroup>
                        <optgroup label="Playbooks">
                            {playbooks.into_iter().map(|a| {
                                let v = format!("playbook:{}", a.id);
                                view! { <option value=v.clone() selected=audio_selected(&v)>{a.name}</option> }
                            }).collect_view()}
                        </optgroup>
                    </select>
                    <p class="hint" id="opt-in-audio-help">{HELP_AUDIO}</p>
                    {library_empty.then(|| view! { <p class="hint">"The audio library is empty: add an audio file first."</p> })}
                    <p class="field-error" id="opt-in-audio-error">{message("opt_in.audio")}</p>
                </div>
                <OptInInputField
                    id="opt-in-delay"
                    label="Delay After Playing Audio (seconds)"
                    name="delay_seconds"
                    help=HELP_DELAY
                    number=Some((1, 60))
                    value=current.delay_seconds.clone()
                    disabled=read_only
                    message=Signal::derive(message("opt_in.delay_seconds"))
                    on_input=Callback::new(move |v| form.update(|f| f.delay_seconds = v))
                />
                <OptInInputField
                    id="opt-in-accept"
                    label="DTMF Key To Accept Recording Opt-In"
                    name="accept_key"
                    help=HELP_ACCEPT
                    number=None
                    value=current.accept_key.clone()
                    disabled=read_only
                    message=Signal::derive(message("opt_in.accept_key"))
                    on_input=Callback::new(move |v| form.update(|f| f.accept_key = v))
                />
                <OptInInputField
                    id="opt-in-reject"
                    label="DTMF Key To Reject Recording Opt-In"
                    name="reject_key"
                    help=HELP_REJECT
                    number=None
                    value=current.reject_key.clone()
                    disabled=read_only
                    message=Signal::derive(message("opt_in.reject_key"))
                    on_input=Callback::new(move |v| form.update(|f| f.reject_key = v))
                />
                <OptInInputField
                    id="opt-in-replay"
                    label="Replay limit"
                    name="replay_limit"
                    help=HELP_REPLAY
                    number=Some((0, 10))
                    value=current.replay_limit.clone()
                    disabled=read_only
                    message=Signal::derive(message("opt_in.replay_limit"))
                    on_input=Callback::new(move |v| form.update(|f| f.replay_limit = v))
                />
                <section class="preview" aria-live="polite" aria-label="What callers experience">
                    <ul class="impact" data-testid="explanation">
                        {move || explanation.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                </section>
                {(!read_only).then(|| view! {
                    <div><button type="submit" class="primary">"Save Changes"</button></div>
                })}
            </ActionForm>
            </div>
            <div hidden=move || !on_cc()>{cc_tab}</div>
        </section>
    }
}

/// The queue's Contact center tab (seed 003): which calls are recorded, what a transfer
/// outside the platform does, agent-only recording, pause on hold.
#[component]
fn ContactCenterTab(page: QueueOptInPage, save: ServerAction<SaveContactCenter>, company: String) -> impl IntoView {
    let error = action_error(save);
    let saved = succeeded(save, "contact_center");
    let read_only = !page.licensed || !page.can_modify;
    let f = page.contact_center.clone();
    let selection = RwSignal::new(f.selection.clone());
    let err = move |field: &'static str| move || error().and_then(|e| e.for_field(field));
    let general =
        move || error().filter(|e| e.field().is_none() || e.field() == Some("licence")).map(|e| e.to_string());
    let radio = move |value: &'static str, label: &'static str| {
        let (id, for_id) = (format!("cc-selection-{value}"), format!("cc-selection-{value}"));
        let checked = f.selection == value || (f.selection.is_empty() && value == "all");
        view! {
            <label class="choice" for=for_id>
                <input type="radio" id=id name="form[selection]" value=value checked=checked disabled=read_only
                    on:change=move |_| selection.set(value.to_string())/>
                {label}
            </label>
        }
    };
    view! {
        <ActionForm action=save attr:class="form" attr:aria-label="Contact center options">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="queue" value=page.queue.id.clone()/>
            <input type="hidden" name="version" value=page.queue.version/>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved."</p>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <fieldset aria-describedby="cc-selection-help">
                <legend>"Which calls into this queue are recorded"</legend>
                <p class="help" id="cc-selection-help">"Narrows what the queue itself records (opt-in and the recording mode); the account's force-record rules still record what they match."</p>
                {radio("all", "All calls")}
                {radio("percentage", "A percentage of calls, chosen by the call id (the same call always gets the same answer)")}
                <div class="field" hidden=move || selection.get() != "percentage">
                    <label for="cc-percent">"Percentage of calls (1 to 100)"</label>
                    <input id="cc-percent" name="form[percent]" type="text" inputmode="numeric" autocomplete="off"
                        value=f.percent.clone() disabled=read_only aria-describedby="cc-percent-error"
                        aria-invalid=move || err("selection.percent")().is_some().to_string()/>
                    <p class="field-error" id="cc-percent-error">{err("selection.percent")}</p>
                </div>
                {radio("listed", "Only calls from listed numbers")}
                <div class="field" hidden=move || selection.get() != "listed">
                    <label for="cc-numbers">"Numbers, one per line, in E.164 (e.g. +14155550123; at most 1,000)"</label>
                    <textarea id="cc-numbers" name="form[numbers]" rows="5" disabled=read_only aria-describedby="cc-numbers-error"
                        aria-invalid=move || err("selection.numbers")().is_some().to_string()>{f.numbers.clone()}</textarea>
                    <p class="field-error" id="cc-numbers-error">{err("selection.numbers")}</p>
                </div>
            </fieldset>
            <div class="field">
                <label for="cc-transfer">"When an agent transfers a recorded call to a party outside the platform"</label>
                <select id="cc-transfer" name="form[transfer_out]" disabled=read_only>
                    <option value="keep" selected=f.transfer_out != "stop">"Keep recording"</option>
                    <option value="stop" selected=f.transfer_out == "stop">"Stop recording"</option>
                </select>
            </div>
            <label class="choice" for="cc-agent-only">
                <input type="checkbox" id="cc-agent-only" name="form[agent_only]" value="on" checked=f.agent_only == "on" disabled=read_only/>
                "Agent-only recording: record the agents, not the caller"
            </label>
            <label class="choice" for="cc-pause">
                <input type="checkbox" id="cc-pause" name="form[pause_on_hold]" value="on" checked=f.pause_on_hold == "on" disabled=read_only
                    aria-describedby="cc-pause-help"/>
                "Pause recording automatically while the call is on hold"
            </label>
            <p class="help" id="cc-pause-help">"Recording resumes when the agent retrieves or transfers the call. A recording the agent paused by hand is never resumed automatically."</p>
            {(!read_only).then(|| view! { <div><button type="submit" class="primary">"Save contact center options"</button></div> })}
        </ActionForm>
    }
}

/// One typed field of the tab: a number in a range, or one DTMF key.
#[component]
fn OptInInputField(
    id: &'static str,
    label: &'static str,
    /// The form field inside `form[...]`.
    name: &'static str,
    help: &'static str,
    /// `Some((min, max))` for a number, `None` for a key.
    number: Option<(u32, u32)>,
    value: String,
    disabled: bool,
    message: Signal<Option<String>>,
    on_input: Callback<String>,
) -> impl IntoView {
    let (kind, size, max_length) = match number {
        Some(_) => ("number", None, None),
        None => ("text", Some("2"), Some("1")),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=format!("form[{name}]")
                type=kind
                inputmode=number.map(|_| "numeric")
                min=number.map(|(lo, _)| lo.to_string())
                max=number.map(|(_, hi)| hi.to_string())
                size=size
                maxlength=max_length
                autocomplete="off"
                value=value
                disabled=disabled
                aria-describedby=format!("{id}-help {id}-error")
                aria-invalid=move || message.get().is_some().to_string()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <p class="hint" id=format!("{id}-help")>{help}</p>
            <p class="field-error" id=format!("{id}-error")>{move || message.get()}</p>
        </div>
    }
}

/// Rename the queue, or delete it after a confirmation (`?confirm=delete`, so it works
/// without JavaScript too).
#[component]
fn QueueSettings(queue: QueueView, rename: ServerAction<RenameQueue>, company: String) -> impl IntoView {
    let delete = ServerAction::<DeleteQueue>::new();
    let query = use_query_map();
    let confirming = move || query.read().get("confirm").as_deref() == Some("delete");
    let rename_error = action_error(rename);
    let delete_error = action_error(delete);
    let renamed = move || matches!(rename.value().get(), Some(Ok(_)));
    let name = StoredValue::new(queue.name.clone());
    let id = StoredValue::new(queue.id.clone());
    let company_for_delete = StoredValue::new(company.clone());
    view! {
        <section class="page settings" aria-labelledby="queue-settings">
            <h2 id="queue-settings">"Queue settings"</h2>
            <ActionForm action=rename attr:class="inline-form" attr:aria-label="Rename the queue">
                <input type="hidden" name="company" value=company/>
                <input type="hidden" name="queue" value=queue.id.clone()/>
                <input type="hidden" name="version" value=queue.version/>
                <div class="field">
                    <label for="queue-name">"Name"</label>
                    <input
                        id="queue-name"
                        name="name"
                        type="text"
                        value=queue.name.clone()
                        aria-describedby="queue-name-error"
                        aria-invalid=move || rename_error().is_some().to_string()
                    />
                    <p class="field-error" id="queue-name-error">{move || rename_error().map(|e| e.to_string())}</p>
                </div>
                <button type="submit" class="secondary">"Rename"</button>
            </ActionForm>
            <p class="alert ok" role="status" hidden=move || !renamed()>"Renamed."</p>
            {move || {
                if confirming() {
                    view! {
                        <ConfirmBox id="delete".into() error=Signal::derive(move || delete_error().map(|e| e.to_string()))
                            prompt=format!("Delete the queue {}? Its recording opt-in settings go with it. This cannot be undone.", name.get_value())>
                            <ActionForm action=delete attr:class="actions">
                                <input type="hidden" name="company" value=company_for_delete.get_value()/>
                                <input type="hidden" name="queue" value=id.get_value()/>
                                <button type="submit" class="danger">"Delete queue"</button>
                                <a class="button secondary" href="?">"Cancel"</a>
                            </ActionForm>
                        </ConfirmBox>
                    }
                    .into_any()
                } else {
                    view! { <a class="button secondary" href="?confirm=delete">"Delete queue…"</a> }.into_any()
                }
            }}
        </section>
    }
}
