//! Stored Recordings: the list with its filters (kept in the address, so a view can be
//! bookmarked and shared, and a plain GET form that works without JavaScript), and a
//! recording's details page with the player, its waveform, the download, the decision
//! trace, and who played or downloaded it.

use crate::access::Privilege;
use crate::api::legal_hold::{BulkLegalHold, BulkReleaseLegalHold, PlaceLegalHold, ReleaseLegalHold};
use crate::api::recordings::{get_recording, get_recordings, DeleteRecording};
use crate::components::form::{action_error, successes, ConfirmBox, DateRangeFields};
use crate::components::shell::SessionContext;
use crate::components::status::{ErrorView, Loaded, Loading};
use crate::components::time::{time_or, Time};
use crate::error::AppError;
use crate::model::recordings::*;
use crate::pages::bulk_download::BulkDownloadPanel;
use crate::pages::company::use_company_id;
use crate::pages::legal_hold::{BulkHoldPanel, HoldPanel};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn filter_from_query(query: &leptos_router::params::ParamsMap) -> RecordingFilter {
    let get = |k: &str| query.get(k).unwrap_or_default();
    RecordingFilter {
        from: get("from"),
        to: get("to"),
        direction: get("direction"),
        q: get("q"),
        hold: get("hold"),
        consent: get("consent"),
        before: get("before"),
        after: get("after"),
        order: get("order"),
        tz: get("tz"),
    }
}

#[component]
pub fn RecordingsView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let (place, release) = (ServerAction::<BulkLegalHold>::new(), ServerAction::<BulkReleaseLegalHold>::new());
    let (placed, released) = (successes(place), successes(release));
    let list = Resource::new(
        move || (company(), filter.get(), placed.get() + released.get()),
        |(c, f, _)| get_recordings(c, f),
    );
    let deleted = move || query.read().get("deleted").is_some();
    // The count the bulk action changed, from the action or, without JavaScript, the address.
    let held_now = move || match place.value().get() {
        Some(Ok(done)) => Some(done.changed),
        _ if place.version().get() == 0 => query.read().get("held").and_then(|n| n.parse().ok()),
        _ => None,
    };
    let released_now = move || match release.value().get() {
        Some(Ok(done)) => Some(done.changed),
        _ if release.version().get() == 0 => query.read().get("released").and_then(|n| n.parse().ok()),
        _ => None,
    };
    let ctx = SessionContext::get();
    let bulk = move || {
        Suspend::new(async move {
            let me = ctx.me.await.ok().flatten()?;
            let may = |p| me.privileges.has(p);
            Some(view! {
                {may(Privilege::RecordingsDownload).then(|| view! { <BulkDownloadPanel company=company() filter=filter.get()/> })}
                {may(Privilege::RecordingsLegalHold).then(|| view! { <BulkHoldPanel company=company() filter=filter.get() place release/> })}
            })
        })
    };
    view! {
        <Title text="Stored Recordings"/>
        <section class="page">
            <h1>"Stored Recordings"</h1>
            <p class="muted">"Every stored recording of the company, newest or oldest first. Filter by date or direction, or search for a name or number."</p>
            <p class="alert ok" role="status" hidden=move || !deleted()>"The recording was deleted."</p>
            <p class="alert ok" role="status" hidden=move || held_now().is_none()>{move || format!("A legal hold was placed on {}.", recordings(held_now().unwrap_or_default()))}</p>
            <p class="alert ok" role="status" hidden=move || released_now().is_none()>{move || format!("The legal hold was released from {}.", recordings(released_now().unwrap_or_default()))}</p>
            {move || view! { <FilterForm filter=filter.get()/> }}
            <Transition fallback=|| ()>{bulk}</Transition>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let f = filter.get();
                    match list.await {
                        Ok(page) => view! { <RecordingTable page filter=f company=company()/> }.into_any(),
                        // A bad filter is named next to its field by the form above.
                        Err(AppError::Invalid { .. }) => view! { <p class="empty">"Correct the filter to see recordings."</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The filter as a plain GET form: submitting it changes the address, which is the state.
#[component]
fn FilterForm(filter: RecordingFilter) -> impl IntoView {
    let error = filter.parse().err();
    let message = |field: &str| error.as_ref().filter(|e| e.field == field).map(|e| e.message.clone());
    let invalid = |field: &str| message(field).is_some().to_string();
    let oldest = filter.order == "oldest";
    let direction = filter.direction.clone();
    let option = move |value: &'static str, label: &'static str| {
        let chosen = direction == value || (value.is_empty() && direction == "all");
        view! { <option value=value selected=chosen prop:selected=chosen>{label}</option> }
    };
    let hold = filter.hold.clone();
    let hold_option = move |value: &'static str, label: &'static str| {
        let chosen = hold == value || (value.is_empty() && hold == "all");
        view! { <option value=value selected=chosen prop:selected=chosen>{label}</option> }
    };
    let consent = filter.consent.clone();
    let consent_option = move |value: &'static str, label: &'static str| {
        let chosen = consent == value || (value.is_empty() && consent == "all");
        view! { <option value=value selected=chosen prop:selected=chosen>{label}</option> }
    };
    view! {
        <form class="filters" method="get" role="search" aria-label="Filter recordings">
            <DateRangeFields prefix="rec" from=filter.from.clone() to=filter.to.clone() error=error.clone()/>
            <div class="field">
                <label for="rec-direction">"Direction"</label>
                <select id="rec-direction" name="direction" aria-describedby="rec-direction-error">
                    {option("", "All")}
                    {option("inbound", "Inbound")}
                    {option("outbound", "Outbound")}
                </select>
                <p class="field-error" id="rec-direction-error">{message("direction")}</p>
            </div>
            <div class="field">
                <label for="rec-q">"Name or number"</label>
                <input id="rec-q" name="q" type="search" value=filter.q.clone() autocomplete="off" aria-invalid=invalid("q") aria-describedby="rec-q-error"/>
                <p class="field-error" id="rec-q-error">{message("q")}</p>
            </div>
            <div class="field">
                <label for="rec-hold">"Legal hold"</label>
                <select id="rec-hold" name="hold" aria-describedby="rec-hold-error">
                    {hold_option("", "All")}
                    {hold_option("held", "On hold")}
                    {hold_option("not_held", "Not on hold")}
                </select>
                <p class="field-error" id="rec-hold-error">{message("hold")}</p>
            </div>
            <div class="field">
                <label for="rec-consent">"Caller's choice"</label>
                <select id="rec-consent" name="consent" aria-describedby="rec-consent-error">
                    {consent_option("", "Any")}
                    {consent_option("accept", "Opted in by the caller")}
                    {consent_option("reject", "Opted out by the caller")}
                    {consent_option("none", "No choice at the prompt")}
                </select>
                <p class="field-error" id="rec-consent-error">{message("consent")}</p>
            </div>
            <div class="field">
                <label for="rec-order">"Order"</label>
                <select id="rec-order" name="order" aria-describedby="rec-order-error">
                    <option value="" selected=!oldest prop:selected=!oldest>"Newest first"</option>
                    <option value="oldest" selected=oldest prop:selected=oldest>"Oldest first"</option>
                </select>
                <p class="field-error" id="rec-order-error">{message("order")}</p>
            </div>
            <div class="actions">
                <button type="submit">"Apply"</button>
                <a class="button secondary" href="?">"Clear"</a>
            </div>
            <p class="field-error" role="alert">{message("before").or(message("after"))}</p>
        </form>
    }
}

#[component]
fn RecordingTable(page: RecordingList, filter: RecordingFilter, company: String) -> impl IntoView {
    if page.rows.is_empty() {
        // The zone and the order are how the list is read, not which recordings it holds.
        let unfiltered = RecordingFilter { tz: String::new(), order: String::new(), ..filter.clone() };
        let text = if unfiltered.query_string().is_empty() {
            "No recordings are stored for this company yet."
        } else {
            "No recordings match these filters."
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let href = format!("/c/{company}/recordings/{}", r.id);
            let took_part = match (&r.user, &r.queue) {
                (Some(u), Some(q)) => format!("{u} · {q}"),
                (Some(u), None) => u.clone(),
                (None, Some(q)) => q.clone(),
                (None, None) => "—".into(),
            };
            view! {
                <tr>
                    <th scope="row">
                        <a href=href><Time at=r.started_at.clone()/></a>
                        {r.legal_hold.then(|| view! { " "<span class="badge">"On hold"</span> })}
                    </th>
                    <td>{r.direction.label()}</td>
                    <td>{r.caller.display()}</td>
                    <td>{r.callee.display()}</td>
                    <td>{took_part}</td>
                    <td class="number">{duration_text(r.duration_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    // The first page of this order, then the page before and the page after this one.
    let oldest_first = filter.order == "oldest";
    let (back, ahead) = if oldest_first {
        (page.older.as_ref().map(|c| ("before", c, "← Older")), page.newer.as_ref().map(|c| ("after", c, "Newer →")))
    } else {
        (page.newer.as_ref().map(|c| ("after", c, "← Newer")), page.older.as_ref().map(|c| ("before", c, "Older →")))
    };
    let first = back.is_some().then(|| {
        let q = filter.query_string();
        view! { <a class="button secondary" href=format!("?{q}")>{if oldest_first { "Oldest" } else { "Newest" }}</a> }
    });
    let back = back.map(
        |(key, c, label)| view! { <a class="button secondary" href=filter.page_href(key, c) rel="prev">{label}</a> },
    );
    let ahead = ahead.map(
        |(key, c, label)| view! { <a class="button secondary" href=filter.page_href(key, c) rel="next">{label}</a> },
    );
    let sort = if oldest_first { "ascending" } else { "descending" };
    view! {
        <table>
            <caption class="visually-hidden">"Stored recordings"</caption>
            <thead>
                <tr>
                    <th scope="col" aria-sort=sort>"Date"</th>
                    <th scope="col">"Direction"</th>
                    <th scope="col">"From"</th>
                    <th scope="col">"To"</th>
                    <th scope="col">"User / queue"</th>
                    <th scope="col" class="number">"Duration"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pager" aria-label="Pages of recordings">{first}{back}{ahead}</nav>
    }
    .into_any()
}

#[component]
pub fn RecordingDetailsView() -> impl IntoView {
    let company = use_company_id();
    let params = use_params_map();
    let id = move || params.read().get("recording").unwrap_or_default();
    let (place, release) = (ServerAction::<PlaceLegalHold>::new(), ServerAction::<ReleaseLegalHold>::new());
    let (placed, released) = (successes(place), successes(release));
    let page = Resource::new(move || (company(), id(), placed.get() + released.get()), |(c, r, _)| get_recording(c, r));
    view! {
        <Title text="Recording details"/>
        <section class="page">
            <p><a href=move || format!("/c/{}/recordings", company())>"← Stored Recordings"</a></p>
            <Loaded resource=page render=move |p| view! { <Details page=p company=company() place release/> }/>
        </section>
    }
}

#[component]
fn Details(
    page: RecordingPage,
    company: String,
    place: ServerAction<PlaceLegalHold>,
    release: ServerAction<ReleaseLegalHold>,
) -> impl IntoView {
    let r = page.recording;
    let src = format!("/recordings/{}/audio", r.row.id);
    let trace = r
        .trace
        .iter()
        .map(|step| {
            let text = |k: &str| step.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let fired = step.get("fired").and_then(|v| v.as_bool()).unwrap_or(false);
            // The setting's level and name, as the pages name it; a trace without its origin
            // keeps the reference the engine sent.
            let set_at = step
                .get("origin")
                .and_then(|o| serde_json::from_value::<crate::policy::Origin>(o.clone()).ok())
                .map(|o| o.describe())
                .unwrap_or_else(|| text("from"));
            view! {
                <tr>
                    <th scope="row"><code>{text("rule")}</code></th>
                    <td>{if fired { "Fired" } else { "Did not fire" }}</td>
                    <td>{set_at}</td>
                    <td>{text("says")}</td>
                </tr>
            }
        })
        .collect_view();
    let accesses = if page.accesses.is_empty() {
        view! { <p class="empty">"Nobody has played or downloaded this recording yet."</p> }.into_any()
    } else {
        let rows = page
            .accesses
            .iter()
            .map(|a| view! { <tr><td><Time at=a.at.clone()/></td><td>{a.action.clone()}</td><td>{a.who.clone()}</td></tr> })
            .collect_view();
        view! {
            <table>
                <caption class="visually-hidden">"Plays and downloads"</caption>
                <thead><tr><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"Who"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let player = page.can_play.then(|| {
        view! { <Player src=src.clone() peaks=r.peaks.clone() duration_ms=r.row.duration_ms pauses=r.pauses.clone()/> }
    });
    let pauses = (!r.pauses.is_empty()).then(|| {
        let items = r
            .pauses
            .iter()
            .map(|p| {
                use crate::model::consent::offset_text;
                view! { <li>{format!("{} to {}: {}", offset_text(p.start_seconds), offset_text(p.end_seconds), p.reason.label())}</li> }
            })
            .collect_view();
        view! { <h2>"Paused"</h2><ul class="pauses" data-testid="pauses">{items}</ul> }
    });
    let consent = r.consent.clone().map(|c| view! { <ConsentFacts c/> });
    let download = page.can_download.then(|| {
        view! { <a class="button secondary" href=format!("{src}?download=1") download>"Download"</a> }
    });
    let delete = page.can_delete.then(|| view! { <DeleteBox company=company.clone() id=r.row.id.clone()/> });
    let hold = view! {
        <HoldPanel company=company.clone() recording=r.row.id.clone() hold=r.hold.clone() can_hold=page.can_hold place release/>
    };
    view! {
        <h1>"Recording of "<Time at=r.row.started_at.clone()/></h1>
        {r.row.legal_hold.then(|| view! { <p class="alert" role="note">"This recording is on legal hold: it cannot be deleted."</p> })}
        {r.audio_erased_at.as_deref().map(|at| view! {
            <p class="notice warn" data-testid="erased">"The audio was erased on "<Time at=at.to_string()/>" at a data subject's request; the number and name of that party were blanked."</p>
        })}
        {player}
        <div class="actions">{download}</div>
        <h2>"Call"</h2>
        <dl class="facts">
            <dt>"Direction"</dt><dd>{r.row.direction.label()}</dd>
            <dt>"From"</dt><dd>{r.row.caller.display()}</dd>
            <dt>"To"</dt><dd>{r.row.callee.display()}</dd>
            <dt>"User"</dt><dd>{r.row.user.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Queue"</dt><dd>{r.row.queue.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Device"</dt><dd>{r.device.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Duration"</dt><dd>{duration_text(r.row.duration_ms)}</dd>
            <dt>"Call id"</dt><dd><code>{r.row.call_id.clone()}</code></dd>
            <dt>"File"</dt><dd>{format!("{}, {}", r.format.as_str().to_uppercase(), crate::model::audio::size_text(r.size_bytes.max(0) as usize))}</dd>
            <dt>"SHA-256"</dt><dd><code class="hash">{r.sha256.clone()}</code></dd>
            <dt>"Uploaded"</dt><dd><Time at=r.uploaded_at.clone()/></dd>
        </dl>
        {pauses}
        {consent}
        <h2>"Why it was recorded"</h2>
        {if r.trace.is_empty() {
            view! { <p class="empty">"The telephony engine sent no decision trace with this recording."</p> }.into_any()
        } else {
            view! {
                <table>
                    <caption class="visually-hidden">"Decision trace"</caption>
                    <thead><tr><th scope="col">"Rule"</th><th scope="col">"Outcome"</th><th scope="col">"Set at"</th><th scope="col">"Explanation"</th></tr></thead>
                    <tbody>{trace}</tbody>
                </table>
            }
            .into_any()
        }}
        {page.delivery.map(|d| view! { <DeliveryStatus d/> })}
        <h2>"Plays and downloads"</h2>
        {accesses}
        {hold}
        {delete}
    }
}

/// What happened at the queue's consent prompt, as the engine reported it.
#[component]
fn ConsentFacts(c: crate::model::consent::Consent) -> impl IntoView {
    use crate::model::consent::offset_text;
    use crate::policy::CallerInput;
    let at = |t: Option<f64>| t.map(|t| format!(" at {}", offset_text(t))).unwrap_or_default();
    let choice = match (c.choice, c.key.as_deref()) {
        (CallerInput::Accept, Some(k)) => format!("Opted in: the caller pressed {k}{}", at(c.answered_at_seconds)),
        (CallerInput::Accept, None) => format!("Opted in{}", at(c.answered_at_seconds)),
        (CallerInput::Reject, Some(k)) => format!("Opted out: the caller pressed {k}{}", at(c.answered_at_seconds)),
        (CallerInput::Reject, None) => format!("Opted out{}", at(c.answered_at_seconds)),
        (CallerInput::None, Some(k)) => format!("No choice: the caller pressed {k}, which the queue does not use"),
        (CallerInput::None, None) => "No choice: the caller pressed no key".to_string(),
    };
    view! {
        <h2>"Caller's consent"</h2>
        <dl class="facts" data-testid="consent">
            <dt>"Prompt"</dt>
            <dd>{if c.played { format!("Played{}", at(c.prompt_at_seconds)) } else { "Not played".to_string() }}</dd>
            <dt>"Replays"</dt><dd>{c.replays}</dd>
            <dt>"Choice"</dt><dd>{choice}</dd>
        </dl>
    }
}

/// The recording's delivery by e-mail, as the decision's treatment asked for it.
#[component]
fn DeliveryStatus(d: crate::model::deliveries::Delivery) -> impl IntoView {
    use crate::model::deliveries::DeliveryState;
    let (class, state) = match d.state {
        DeliveryState::Sent => (
            "notice ok",
            view! {
                {format!("Sent to {} on ", d.email_to)}
                {time_or(d.sent_at.as_deref(), "")}
                {if d.attached == Some(true) {
                    ", with the audio attached."
                } else {
                    ", as a link to this page (too large to attach)."
                }}
            }
            .into_any(),
        ),
        DeliveryState::Pending if d.attempts == 0 => {
            ("notice", format!("Waiting to be sent to {}.", d.email_to).into_any())
        }
        DeliveryState::Pending => (
            "notice warn",
            view! {
                {format!(
                    "Not sent to {} yet: attempt {} failed ({}). Tried again at ",
                    d.email_to,
                    d.attempts,
                    d.last_error.clone().unwrap_or_default(),
                )}
                {time_or(d.next_attempt_at.as_deref(), "")}
                "."
            }
            .into_any(),
        ),
        DeliveryState::Sending => ("notice", format!("Being sent to {} now.", d.email_to).into_any()),
        DeliveryState::Failed => (
            "notice warn",
            format!(
                "Could not be sent to {} after {} attempts: {}",
                d.email_to,
                d.attempts,
                d.last_error.clone().unwrap_or_default()
            )
            .into_any(),
        ),
    };
    view! {
        <h2>"Delivery by e-mail"</h2>
        <p class=class data-testid="delivery">{state}</p>
    }
}

/// The player and the waveform above it: clicking the waveform seeks there; the played part
/// is drawn darker as the audio plays. The native controls do the same from the keyboard.
#[component]
fn Player(src: String, peaks: Vec<u8>, duration_ms: i64, pauses: Vec<crate::model::consent::Pause>) -> impl IntoView {
    let audio = NodeRef::<leptos::html::Audio>::new();
    let played = RwSignal::new(0.0f64);
    let n = peaks.len().max(1);
    let bars = peaks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = (*p as f64 / 255.0 * 46.0).max(1.0);
            view! { <rect x=i.to_string() y=format!("{:.1}", 24.0 - h / 2.0) width="0.8" height=format!("{h:.1}")/> }
        })
        .collect_view();
    // The paused stretches, shaded behind the bars.
    let total = (duration_ms as f64 / 1000.0).max(0.001);
    let paused = pauses
        .iter()
        .map(|p| {
            let x = p.start_seconds / total * n as f64;
            let w = (p.end_seconds - p.start_seconds) / total * n as f64;
            view! { <rect class="pause" x=format!("{x:.2}") y="0" width=format!("{w:.2}") height="48"/> }
        })
        .collect_view();
    let seek = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let (Some(el), Some(target)) = (audio.get(), ev.current_target()) else { return };
        let Ok(target) = target.dyn_into::<web_sys::Element>() else { return };
        let rect = target.get_bounding_client_rect();
        let fraction = ((ev.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0);
        let total = if el.duration().is_finite() { el.duration() } else { duration_ms as f64 / 1000.0 };
        el.set_current_time(fraction * total);
        played.set(fraction);
    };
    let progress = move |_| {
        if let Some(el) = audio.get() {
            if el.duration().is_finite() && el.duration() > 0.0 {
                played.set(el.current_time() / el.duration());
            }
        }
    };
    view! {
        <div class="player">
            {(!peaks.is_empty()).then(|| view! {
                <svg class="waveform" viewBox=format!("0 0 {n} 48") preserveAspectRatio="none" aria-hidden="true" on:click=seek>
                    <g class="paused">{paused}</g>
                    <g class="bars">{bars}</g>
                    <rect class="played" x="0" y="0" height="48" width=move || format!("{:.2}", played.get() * n as f64)/>
                </svg>
            })}
            <audio node_ref=audio controls preload="metadata" src=src aria-label="Play the recording" on:timeupdate=progress on:seeked=progress></audio>
        </div>
    }
}

/// Delete, after a confirmation in the page (`?confirm=delete`, so it works without
/// JavaScript too).
#[component]
fn DeleteBox(company: String, id: String) -> impl IntoView {
    let delete = ServerAction::<DeleteRecording>::new();
    let error = action_error(delete);
    let query = use_query_map();
    let confirming = move || query.read().get("confirm").as_deref() == Some("delete");
    let (company, id) = (StoredValue::new(company), StoredValue::new(id));
    view! {
        <section class="settings" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete"</h2>
            {move || if confirming() {
                view! {
                    <ConfirmBox id="delete".into() error=Signal::derive(move || error().map(|e| e.to_string()))
                        prompt="Delete this recording? The audio file and its details go; the audit log keeps that it existed. This cannot be undone.".into()>
                        <ActionForm action=delete attr:class="actions">
                            <input type="hidden" name="company" value=company.get_value()/>
                            <input type="hidden" name="id" value=id.get_value()/>
                            <button type="submit" class="danger">"Delete recording"</button>
                            <a class="button secondary" href="?">"Cancel"</a>
                        </ActionForm>
                    </ConfirmBox>
                }
                .into_any()
            } else {
                view! { <a class="button secondary" href="?confirm=delete">"Delete recording…"</a> }.into_any()
            }}
        </section>
    }
}
