//! Erasure requests: a data subject's number, every recording it is a party in, and the erase
//! that deletes their audio and blanks the number and name, keeping those on legal hold (listed
//! with why). The number is looked up with a plain GET form, so the list works without
//! JavaScript; below, the ledger of erasures done (never the number).

use crate::api::erasures::{get_erasures, preview_erasure, EraseNumber};
use crate::components::form::{about, action_error, successes};
use crate::components::status::{ErrorView, Loaded};
use crate::components::time::Time;
use crate::error::AppError;
use crate::model::erasures::{ErasureEntry, ErasureOutcome};
use crate::model::recordings::recordings;
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ErasuresView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let number = Memo::new(move |_| query.read().get("number").unwrap_or_default());
    let erase = ServerAction::<EraseNumber>::new();
    let done = successes(erase);
    let found = Resource::new(
        move || (company(), number.get(), done.get()),
        |(c, n, _)| async move {
            if n.trim().is_empty() {
                Ok(None)
            } else {
                preview_erasure(c, n).await.map(Some)
            }
        },
    );
    let ledger = Resource::new(move || (company(), done.get()), |(c, _)| get_erasures(c));
    let confirmation = move || match erase.value().get() {
        Some(Ok(d)) => Some(d.sentence()),
        _ if erase.version().get() == 0 => {
            let q = query.read();
            q.get("erased").map(|e| {
                let count = |t: Option<String>| t.and_then(|t| t.parse::<u64>().ok()).unwrap_or_default();
                let (erased, kept) = (count(Some(e)), count(q.get("kept")));
                let kept = if kept > 0 { format!("; {} on legal hold kept", recordings(kept)) } else { String::new() };
                format!("{} erased{kept}.", recordings(erased))
            })
        }
        _ => None,
    };
    view! {
        <Title text="Erasure requests"/>
        // The number travels in this page's address: it must not leave in a Referer.
        <leptos_meta::Meta name="referrer" content="no-referrer"/>
        <section class="page">
            <h1>"Erasure requests"</h1>
            <p class="muted">"When a caller asks for their data to be erased: enter their number to see every recording they are a party in. Erasing deletes the audio of those recordings and blanks the number and name; recordings on legal hold are kept. Later calls from the number are recorded as usual."</p>
            <p class="alert ok" role="status" hidden=move || confirmation().is_none()>{confirmation}</p>
            <form class="filters" method="get" role="search" aria-label="Find a number's recordings">
                <div class="field">
                    <label for="erasure-number">"Phone number"</label>
                    <input id="erasure-number" name="number" type="tel" autocomplete="off" value=number.get_untracked()
                        aria-describedby="erasure-number-help"/>
                    <p class="help" id="erasure-number-help">"As the recordings show it, e.g. +44 20 7946 0000; spaces and dashes do not matter."</p>
                </div>
                <div class="actions"><button type="submit">"Find recordings"</button></div>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Looking for the number…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(None) => ().into_any(),
                        Ok(Some(outcome)) => view! { <Found outcome erase company=company()/> }.into_any(),
                        Err(AppError::Invalid { message, .. }) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <h2>"Erasures done"</h2>
            <Loaded resource=ledger render=|rows| view! { <Ledger rows/> }/>
        </section>
    }
}

#[component]
fn Found(outcome: ErasureOutcome, erase: ServerAction<EraseNumber>, company: String) -> impl IntoView {
    let error = action_error(erase);
    if outcome.recordings.is_empty() {
        return view! { <p class="empty" data-testid="erasure-preview">{outcome.sentence()}</p> }.into_any();
    }
    let rows = outcome
        .recordings
        .iter()
        .map(|r| {
            let href = format!("/c/{company}/recordings/{}", r.id);
            let what = match &r.kept_because {
                Some(h) => view! {
                    "Kept: on legal hold since "<Time at=h.placed_at.clone()/>{format!(" by {} ({})", h.placed_by, h.reason)}
                }
                .into_any(),
                None => "Erased".into_any(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=href><Time at=r.started_at.clone()/></a></th>
                    <td>{r.direction.label()}</td>
                    <td>{what}</td>
                </tr>
            }
        })
        .collect_view();
    let erasable = outcome.erased;
    view! {
        <p data-testid="erasure-preview">{outcome.sentence()}</p>
        <table>
            <caption class="visually-hidden">"Recordings the number is a party in"</caption>
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Direction"</th><th scope="col">"On erasure"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {(erasable > 0).then(|| view! {
            <ActionForm action=erase attr:class="form">
                <input type="hidden" name="company" value=company.clone()/>
                <input type="hidden" name="number" value=outcome.number.clone()/>
                <div class="choice">
                    <input type="checkbox" id="erasure-confirm" name="confirm" value="yes" aria-describedby="erasure-confirm-error"/>
                    <label for="erasure-confirm">{format!("Erase {} from {}; this cannot be undone", outcome.number, if erasable == 1 { "this recording".to_string() } else { format!("these {erasable} recordings") })}</label>
                </div>
                <p class="field-error" id="erasure-confirm-error">{move || about(error, "confirm")().or_else(|| error().filter(|e| e.field() != Some("confirm")).map(|e| e.to_string()))}</p>
                <div><button type="submit" class="danger">"Erase"</button></div>
            </ActionForm>
        })}
    }
    .into_any()
}

#[component]
fn Ledger(rows: Vec<ErasureEntry>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No erasure has been made for this company."</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td><Time at=e.erased_at.clone()/></td>
                    <td>{e.erased_by}</td>
                    <td class="number">{e.erased}</td>
                    <td class="number">{e.kept}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table data-testid="erasure-ledger">
            <caption class="visually-hidden">"Erasures done: the number is not kept"</caption>
            <thead><tr><th scope="col">"When"</th><th scope="col">"By"</th><th scope="col" class="number">"Erased"</th><th scope="col" class="number">"Kept (legal hold)"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}
