//! Recording mode at system, reseller and company level: this level's own value, the
//! effective value of the companies below with where it comes from, and, before saving,
//! how many of them a change would move.

use crate::api::recording_mode::{get_mode_page, SaveMode};
use crate::components::form::action_error;
use crate::components::status::Loaded;
use crate::model::ModePage;
use crate::policy::Level;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CompanyModeView() -> impl IntoView {
    let params = use_params_map();
    view! { <ModeView level="company" id=Signal::derive(move || params.read().get("company").unwrap_or_default())/> }
}

#[component]
pub fn ResellerModeView() -> impl IntoView {
    let params = use_params_map();
    view! { <ModeView level="reseller" id=Signal::derive(move || params.read().get("reseller").unwrap_or_default())/> }
}

#[component]
pub fn SystemModeView() -> impl IntoView {
    view! { <ModeView level="system" id=Signal::derive(String::new)/> }
}

#[component]
fn ModeView(level: &'static str, id: Signal<String>) -> impl IntoView {
    let save = ServerAction::<SaveMode>::new();
    let page = Resource::new(move || (id.get(), save.version().get()), move |(id, _)| get_mode_page(level.into(), id));
    view! {
        <Loaded resource=page render=move |p| view! { <ModeForm page=p save/> }/>
    }
}

fn choices(level: Level) -> Vec<(&'static str, &'static str)> {
    let mut c = vec![("off", "Off"), ("on", "On")];
    if level != Level::System {
        c.insert(0, ("default", "Default"));
    }
    c
}

const HELP: [(&str, &str); 3] = [
    ("Default", "use the setting of the level above (the reseller, or the platform)."),
    ("Off", "calls are not recorded unless a caller or agent opts in."),
    ("On", "calls are recorded unless a caller or agent opts out."),
];

#[component]
fn ModeForm(page: ModePage, save: ServerAction<SaveMode>) -> impl IntoView {
    let error = action_error(save);
    let mode = RwSignal::new(page.mode.clone());
    let outbound = RwSignal::new(page.outbound.clone());
    let stored = StoredValue::new(page.clone());
    let impact = Memo::new(move |_| stored.with_value(|p| p.impact(&mode.get(), &outbound.get())));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let level = page.level;
    let title = match level {
        Level::System => "System recording mode".to_string(),
        Level::Reseller => format!("Recording mode of reseller {}", page.name),
        _ => format!("Recording mode of {}", page.name),
    };
    let effective = page
        .companies
        .iter()
        .map(|c| {
            let r = c.recording.resolve().describe(Level::Company);
            let o = c.outbound.resolve().describe(Level::Company);
            view! { <tr><th scope="row">{c.name.clone()}</th><td>{r}</td><td>{o}</td></tr> }
        })
        .collect_view();
    let select = move |id: &'static str, name: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select
                    id=id
                    name=name
                    disabled=!page.can_modify
                    on:change=move |ev| value.set(event_target_value(&ev))
                >
                    {choices(level)
                        .into_iter()
                        .map(|(v, l)| view! { <option value=v selected=value.get_untracked() == v>{l}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let read_only = (!page.can_modify).then_some("You can see this setting; changing it needs a privilege you do not hold, or the company's call-recording licence.");
    view! {
        <Title text=title.clone()/>
        <section class="page">
            <h1>{title}</h1>
            <ul class="muted">
                {HELP.iter().filter(|(k, _)| level != Level::System || *k != "Default").map(|(k, v)| view! { <li><strong>{*k}</strong>": "{*v}</li> }).collect_view()}
            </ul>
            {read_only.map(|n| view! { <p class="notice warn">{n}</p> })}
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="level" value=match level { Level::System => "system", Level::Reseller => "reseller", _ => "company" }/>
                <input type="hidden" name="id" value=page.id.clone()/>
                <input type="hidden" name="version" value=page.version/>
                <p class="alert error" role="alert" hidden=move || error().is_none()>{move || error().map(|e| e.to_string())}</p>
                <p class="alert ok" role="status" hidden=move || !saved()>"Saved."</p>
                {select("mode-recording", "mode", "Recording mode", mode)}
                {select("mode-outbound", "outbound", "Outbound recording", outbound)}
                <section class="preview" aria-live="polite" aria-label="What saving does">
                    <ul class="impact" data-testid="mode-impact">
                        {move || impact.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                </section>
                {page.can_modify.then(|| view! { <div><button type="submit" class="primary">"Save Changes"</button></div> })}
            </ActionForm>
            <h2>"Effective values"</h2>
            <table>
                <caption class="visually-hidden">"Effective recording mode and outbound recording of each company"</caption>
                <thead><tr><th scope="col">"Company"</th><th scope="col">"Recording mode"</th><th scope="col">"Outbound recording"</th></tr></thead>
                <tbody>{effective}</tbody>
            </table>
        </section>
    }
}
