//! The recording treatment fields, shared by the company's defaults page and the Treatment
//! section of a user's dialog (where each option may stay at Company default and says what
//! applies and where it comes from). Plain form fields, so the form posts without
//! JavaScript; with it, the text-to-speech counter runs as the administrator types.

use crate::error::AppError;
use crate::model::AudioChoice;
use crate::policy::treatment::{
    tts_remaining, EffectiveTreatment, Sourced, TreatmentForm, TTS_LANGUAGES, TTS_MAX_CHARS,
};
use leptos::prelude::*;

fn from_text<T>(s: &Sourced<T>) -> String {
    format!("from {}", s.origin.describe())
}

fn on_off(b: bool) -> &'static str {
    if b {
        "On"
    } else {
        "Off"
    }
}

/// A select of named choices, with `value` chosen.
fn choose(
    id: String,
    name: &'static str,
    value: String,
    choices: Vec<(String, String)>,
    disabled: bool,
    described: Option<String>,
) -> impl IntoView {
    let options = choices
        .into_iter()
        .map(|(v, label)| {
            let selected = v == value;
            view! { <option value=v selected=selected prop:selected=selected>{label}</option> }
        })
        .collect_view();
    view! { <select id=id name=name disabled=disabled aria-describedby=described>{options}</select> }
}

/// On / Off, and for a user also Company default.
fn switch_choices(inherit: bool) -> Vec<(String, String)> {
    let mut c = Vec::new();
    if inherit {
        c.push(("inherit".to_string(), "Company default".to_string()));
    }
    c.push(("on".into(), "On".into()));
    c.push(("off".into(), "Off".into()));
    c
}

#[component]
pub fn TreatmentFields(
    form: TreatmentForm,
    /// A user's options: each may stay at Company default.
    inherit: bool,
    /// What applies now, with where it comes from (a user's dialog).
    effective: Option<EffectiveTreatment>,
    mp3_files: Vec<AudioChoice>,
    disabled: bool,
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    /// Set while the text to speak is over the limit: the form's Apply button turns off.
    over_limit: RwSignal<bool>,
    prefix: &'static str,
    /// The id of the (empty) upload form outside this one that the MP3 upload fields belong
    /// to, the page to come back to, and the refusal of the last upload; none where uploads
    /// are not offered.
    upload: Option<(String, String, Option<String>)>,
) -> impl IntoView {
    let err = move |field: &'static str| move || error().and_then(|e| e.for_field(field));
    let id = move |field: &str| format!("{prefix}-{field}");
    let now = move |field: &str, text: Option<String>| {
        let id = format!("{prefix}-{field}-now");
        view! { <p class="help" id=id>{text}</p> }
    };
    let e = effective.clone();
    let says = move |f: &dyn Fn(&EffectiveTreatment) -> String| e.as_ref().map(|e| format!("Now: {}", f(e)));
    // Back from an upload that was refused: the MP3 part is open, with the refusal by it.
    let mut form = form;
    if upload.as_ref().is_some_and(|(_, _, e)| e.is_some()) {
        form.announcement = "mp3".into();
    }
    let kind = RwSignal::new(form.announcement.clone());
    let text = RwSignal::new(form.tts_text.clone());
    let outgoing = RwSignal::new(form.outgoing.clone());
    let recount = move || over_limit.set(kind.get_untracked() == "tts" && tts_remaining(&text.get_untracked()) < 0);
    recount();
    let counter = move || {
        let left = tts_remaining(&text.get());
        if left >= 0 {
            format!("{left} of {TTS_MAX_CHARS} characters left")
        } else {
            format!("{} characters over the limit of {TTS_MAX_CHARS}", -left)
        }
    };
    let mut announcement_choices = Vec::new();
    if inherit {
        announcement_choices.push(("inherit".to_string(), "Company default".to_string()));
    }
    announcement_choices.extend([
        ("built_in".to_string(), "\"Call recording started\"".to_string()),
        ("mp3".to_string(), "An MP3 of the audio library".to_string()),
        ("tts".to_string(), "Text to speech".to_string()),
    ]);
    let mut outgoing_choices = Vec::new();
    if inherit {
        outgoing_choices.push(("inherit".to_string(), "Company default".to_string()));
    }
    outgoing_choices.extend([
        ("record_all".to_string(), "Record all".to_string()),
        ("ask".to_string(), "Ask to record".to_string()),
    ]);
    let mp3_choices: Vec<(String, String)> = std::iter::once((String::new(), "Choose an MP3…".to_string()))
        .chain(mp3_files.iter().map(|f| (f.id.clone(), f.name.clone())))
        .collect();
    let languages: Vec<(String, String)> = TTS_LANGUAGES.iter().map(|(t, n)| (t.to_string(), n.to_string())).collect();
    let digits: Vec<(String, String)> = (0..=9).map(|d| (d.to_string(), d.to_string())).collect();
    let f = form.clone();
    let text_id = id("tts_text");
    let counter_id = format!("{prefix}-tts-counter");
    let text_described = format!("{counter_id} {prefix}-announcement.text-error");
    view! {
        <fieldset>
            <legend>"Redirected calls"</legend>
            <div class="field">
                <label for=id("record_redirected")>"Record redirected (forwarded or transferred) calls"</label>
                {choose(id("record_redirected"), "form[record_redirected]", f.record_redirected.clone(), switch_choices(inherit), disabled, Some(format!("{prefix}-record_redirected-now")))}
                {now("record_redirected", says(&|e| format!("{}, {}", on_off(e.record_redirected.value), from_text(&e.record_redirected))))}
                <p class="field-error" id=format!("{prefix}-record_redirected-error")>{err("record_redirected")}</p>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Manual start and stop"</legend>
            <div class="field">
                <label for=id("manual_control")>"Allow the user to start and stop recording by dialling codes"</label>
                {choose(id("manual_control"), "form[manual_control]", f.manual_control.clone(), switch_choices(inherit), disabled, Some(format!("{prefix}-manual_control-now")))}
                {now("manual_control", says(&|e| format!("{} ({} / {}), {}", on_off(e.manual_control.value), e.manual_start_code.value, e.manual_stop_code.value, from_text(&e.manual_control))))}
            </div>
            <div class="field">
                <label for=id("manual_start_code")>"Start code"</label>
                <input id=id("manual_start_code") name="form[manual_start_code]" type="text" inputmode="tel" autocomplete="off"
                    value=f.manual_start_code.clone() placeholder=if inherit { "Company default" } else { "*44" } disabled=disabled
                    aria-describedby=format!("{prefix}-manual_start_code-error") aria-invalid=move || err("manual_start_code")().is_some().to_string()/>
                <p class="field-error" id=format!("{prefix}-manual_start_code-error")>{err("manual_start_code")}</p>
            </div>
            <div class="field">
                <label for=id("manual_stop_code")>"Stop code"</label>
                <input id=id("manual_stop_code") name="form[manual_stop_code]" type="text" inputmode="tel" autocomplete="off"
                    value=f.manual_stop_code.clone() placeholder=if inherit { "Company default" } else { "*45" } disabled=disabled
                    aria-describedby=format!("{prefix}-manual_stop_code-error") aria-invalid=move || err("manual_stop_code")().is_some().to_string()/>
                <p class="field-error" id=format!("{prefix}-manual_stop_code-error")>{err("manual_stop_code")}</p>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Announcement"</legend>
            <div class="field">
                <label for=id("announce")>"Play the \"call recording started\" announcement to all parties"</label>
                {choose(id("announce"), "form[announce]", f.announce.clone(), switch_choices(inherit), disabled, Some(format!("{prefix}-announce-now")))}
                {now("announce", says(&|e| format!("{}, {}", on_off(e.announce.value), from_text(&e.announce))))}
            </div>
            <div class="field">
                <label for=id("announcement")>"What is played"</label>
                <select id=id("announcement") name="form[announcement]" disabled=disabled
                    aria-describedby=format!("{prefix}-announcement-now")
                    on:change=move |ev| { kind.set(event_target_value(&ev)); recount(); }>
                    {announcement_choices.into_iter().map(|(v, label)| {
                        let selected = v == f.announcement;
                        view! { <option value=v selected=selected prop:selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                {now("announcement", says(&|e| format!("{}, {}", match &e.announcement.value {
                    crate::policy::treatment::Announcement::BuiltIn => "the built-in announcement".to_string(),
                    crate::policy::treatment::Announcement::Mp3 { .. } => "an MP3".to_string(),
                    crate::policy::treatment::Announcement::Tts(_) => "text to speech".to_string(),
                }, from_text(&e.announcement))))}
            </div>
            <div class="field" hidden=move || kind.get() != "mp3">
                <label for=id("mp3")>"MP3 (at most 5 MB; upload it on the Audio library page)"</label>
                {choose(id("mp3"), "form[mp3]", f.mp3.clone(), mp3_choices, disabled, Some(format!("{prefix}-mp3-now {prefix}-mp3-error")))}
                <p class="help" id=format!("{prefix}-mp3-now")>{if mp3_files.is_empty() { "The audio library has no MP3 yet." } else { "" }}</p>
                <p class="field-error" id=format!("{prefix}-mp3-error")>{err("announcement.file")}</p>
                {upload.map(|(form_id, back, upload_error)| {
                    let has_error = upload_error.is_some();
                    // Before the file, so the server knows where to send a refusal even when
                    // the file is too large to read.
                    view! {
                        <div class="upload">
                            <input type="hidden" name="back" value=back form=form_id.clone()/>
                            <input type="hidden" name="purpose" value="announcement" form=form_id.clone()/>
                            <label for=format!("{prefix}-mp3-name")>"Name of a new MP3"</label>
                            <input id=format!("{prefix}-mp3-name") name="name" type="text" autocomplete="off" form=form_id.clone()/>
                            <label for=format!("{prefix}-mp3-file")>"MP3 file (at most 5 MB)"</label>
                            <input id=format!("{prefix}-mp3-file") name="file" type="file" accept=".mp3,audio/mpeg" form=form_id.clone()
                                aria-describedby=format!("{prefix}-upload-error") aria-invalid=has_error.to_string()/>
                            <p class="field-error" id=format!("{prefix}-upload-error")>{upload_error}</p>
                            <button type="submit" class="secondary" form=form_id>"Upload MP3"</button>
                        </div>
                    }
                })}
            </div>
            <div class="tts" hidden=move || kind.get() != "tts">
                <div class="field">
                    <label for=text_id.clone()>"Text to speak"</label>
                    <textarea id=text_id name="form[tts_text]" rows="3" disabled=disabled
                        aria-describedby=text_described aria-invalid=move || (tts_remaining(&text.get()) < 0).to_string()
                        on:input=move |ev| { text.set(event_target_value(&ev)); recount(); }>{f.tts_text.clone()}</textarea>
                    <p class=move || if tts_remaining(&text.get()) < 0 { "counter over" } else { "counter" } id=counter_id aria-live="polite">{counter}</p>
                    <p class="field-error" id=format!("{prefix}-announcement.text-error")>{err("announcement.text")}</p>
                </div>
                <div class="field">
                    <label for=id("tts_language")>"Language"</label>
                    {choose(id("tts_language"), "form[tts_language]", f.tts_language.clone(), languages, disabled, Some(format!("{prefix}-tts_language-error")))}
                    <p class="field-error" id=format!("{prefix}-tts_language-error")>{err("announcement.language")}</p>
                </div>
                <div class="field">
                    <label for=id("tts_gender")>"Voice"</label>
                    {choose(id("tts_gender"), "form[tts_gender]", f.tts_gender.clone(), vec![("female".into(), "Female".into()), ("male".into(), "Male".into())], disabled, None)}
                </div>
                <div class="field">
                    <label for=id("tts_pitch")>"Pitch (0 lowest, 9 highest)"</label>
                    {choose(id("tts_pitch"), "form[tts_pitch]", f.tts_pitch.clone(), digits.clone(), disabled, Some(format!("{prefix}-tts_pitch-error")))}
                    <p class="field-error" id=format!("{prefix}-tts_pitch-error")>{err("announcement.pitch")}</p>
                </div>
                <div class="field">
                    <label for=id("tts_rate")>"Speech rate (0 slowest, 9 fastest)"</label>
                    {choose(id("tts_rate"), "form[tts_rate]", f.tts_rate.clone(), digits, disabled, Some(format!("{prefix}-tts_rate-error")))}
                    <p class="field-error" id=format!("{prefix}-tts_rate-error")>{err("announcement.rate")}</p>
                </div>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Periodic beep"</legend>
            <div class="field">
                <label for=id("beep")>"Beep periodically while recording"</label>
                {choose(id("beep"), "form[beep]", f.beep.clone(), switch_choices(inherit), disabled, Some(format!("{prefix}-beep-now")))}
                {now("beep", says(&|e| format!("{}, {}{}", on_off(e.beep.value), from_text(&e.beep), if e.beep.value { format!("; every {} s, {}", e.beep_seconds.value, from_text(&e.beep_seconds)) } else { String::new() })))}
            </div>
            <div class="field">
                <label for=id("beep_seconds")>"Interval in seconds (5 to 300)"</label>
                <input id=id("beep_seconds") name="form[beep_seconds]" type="text" inputmode="numeric" autocomplete="off"
                    value=f.beep_seconds.clone() placeholder=if inherit { "Company default" } else { "30" } disabled=disabled
                    aria-describedby=format!("{prefix}-beep_seconds-error") aria-invalid=move || err("beep_seconds")().is_some().to_string()/>
                <p class="field-error" id=format!("{prefix}-beep_seconds-error")>{err("beep_seconds")}</p>
            </div>
        </fieldset>
        <fieldset>
            <legend>"Outgoing calls"</legend>
            <div class="field">
                <label for=id("outgoing")>"Outgoing calls of a recorded user"</label>
                <select id=id("outgoing") name="form[outgoing]" disabled=disabled aria-describedby=format!("{prefix}-outgoing-now")
                    on:change=move |ev| outgoing.set(event_target_value(&ev))>
                    {outgoing_choices.into_iter().map(|(v, label)| {
                        let selected = v == f.outgoing;
                        view! { <option value=v selected=selected prop:selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                {now("outgoing", says(&|e| format!("{}, {}", match e.outgoing.value {
                    crate::policy::treatment::Outgoing::RecordAll => "Record all",
                    crate::policy::treatment::Outgoing::AskToRecord { .. } => "Ask to record",
                }, from_text(&e.outgoing))))}
            </div>
            <div class="field" hidden=move || outgoing.get() != "ask">
                <label for=id("prompt")>"What the user hears first"</label>
                <textarea id=id("prompt") name="form[prompt]" rows="2" disabled=disabled
                    aria-describedby=format!("{prefix}-outgoing.prompt-error")>{f.prompt.clone()}</textarea>
                <p class="field-error" id=format!("{prefix}-outgoing.prompt-error")>{err("outgoing.prompt")}</p>
            </div>
        </fieldset>
        <fieldset>
            <legend>"E-mail"</legend>
            <div class="field">
                <label for=id("email")>"Send the recording by e-mail after the call"</label>
                {choose(id("email"), "form[email]", f.email.clone(), switch_choices(inherit), disabled, Some(format!("{prefix}-email-now")))}
                {now("email", says(&|e| format!("{}, {}", on_off(e.email.value), from_text(&e.email))))}
            </div>
            {inherit.then(|| view! {
                <div class="field">
                    <label for=id("email_address")>"The user's e-mail address"</label>
                    <input id=id("email_address") name="form[email_address]" type="email" autocomplete="off"
                        value=f.email_address.clone() disabled=disabled
                        aria-describedby=format!("{prefix}-email_address-error") aria-invalid=move || err("email_address")().is_some().to_string()/>
                    <p class="field-error" id=format!("{prefix}-email_address-error")>{err("email_address")}</p>
                </div>
            })}
        </fieldset>
    }
}
