//! Your account: change your password, see where you are signed in and end a session.

use crate::api::account::{get_account, ChangePassword, EndSession};
use crate::components::form::{action_error, succeeded, successes};
use crate::components::status::{utc_text, Loaded};
use crate::components::time::Time;
use crate::model::account::AccountPage;
use crate::model::administrators::MIN_PASSWORD;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountView() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let end = ServerAction::<EndSession>::new();
    let (changes, ends) = (successes(change), successes(end));
    let page = Resource::new(move || (changes.get(), ends.get()), |_| get_account());
    let (changed, ended) = (succeeded(change, "changed"), succeeded(end, "ended"));
    view! {
        <Title text="Your account"/>
        <section class="page">
            <h1>"Your account"</h1>
            <p class="alert ok" role="status" hidden=move || !changed()>"Your password was changed. Your other sessions have ended."</p>
            <p class="alert ok" role="status" hidden=move || !ended()>"The session was ended."</p>
            <Loaded resource=page render=move |p| view! { <Account page=p change end/> }/>
        </section>
    }
}

#[component]
fn Account(page: AccountPage, change: ServerAction<ChangePassword>, end: ServerAction<EndSession>) -> impl IntoView {
    let error = action_error(change);
    let end_error = action_error(end);
    let err = move |field: &'static str| move || error().and_then(|e| e.for_field(field));
    let general = move || error().filter(|e| e.field().is_none()).map(|e| e.to_string());
    let rows = page
        .sessions
        .clone()
        .into_iter()
        .map(|s| {
            let label = if s.current { format!("{} (this session)", s.device) } else { s.device.clone() };
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td>{s.client_addr.clone().unwrap_or_else(|| "—".into())}</td>
                    <td><Time at=s.created_at.clone()/></td>
                    <td><Time at=s.last_seen_at.clone()/></td>
                    <td>
                        <ActionForm action=end attr:class="actions">
                            <input type="hidden" name="id" value=s.id.clone()/>
                            <button type="submit" class="secondary" aria-label=format!("End session: {label}, since {}", utc_text(&s.created_at, false))>
                                {if s.current { "Log out here" } else { "End session" }}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Name"</dt><dd>{page.name.clone()}</dd>
            <dt>"E-mail"</dt><dd>{page.email.clone()}</dd>
            <dt>"Role"</dt><dd>{page.role.clone()}</dd>
        </dl>
        {page.must_change_password.then(|| view! {
            <p class="alert warn" role="alert">"An administrator set your password. Choose your own now: nothing else works until you do."</p>
        })}
        <ActionForm action=change attr:class="editor" attr:aria-label="Change your password">
            <h2>"Change your password"</h2>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <div class="field">
                <label for="current-password">"Current password"</label>
                <input id="current-password" name="current" type="password" autocomplete="current-password"
                    aria-describedby="current-password-error" aria-invalid=move || err("current")().is_some().to_string()/>
                <p class="field-error" id="current-password-error">{err("current")}</p>
            </div>
            <div class="field">
                <label for="new-password">"New password"</label>
                <input id="new-password" name="password" type="password" autocomplete="new-password"
                    aria-describedby="new-password-help new-password-error" aria-invalid=move || err("password")().is_some().to_string()/>
                <p class="help" id="new-password-help">{format!("At least {MIN_PASSWORD} characters, not your e-mail address, not a common password. A few unrelated words make a good one.")}</p>
                <p class="field-error" id="new-password-error">{err("password")}</p>
            </div>
            <div class="field">
                <label for="confirm-password">"Repeat the new password"</label>
                <input id="confirm-password" name="confirm" type="password" autocomplete="new-password"
                    aria-describedby="confirm-password-error" aria-invalid=move || err("confirm")().is_some().to_string()/>
                <p class="field-error" id="confirm-password-error">{err("confirm")}</p>
            </div>
            <div class="actions"><button type="submit">"Change password"</button></div>
        </ActionForm>
        <h2>"Where you are signed in"</h2>
        <p class="alert error" role="alert" hidden=move || end_error().is_none()>{move || end_error().map(|e| e.to_string())}</p>
        <table>
            <caption class="visually-hidden">"Your sessions"</caption>
            <thead>
                <tr>
                    <th scope="col">"Browser"</th>
                    <th scope="col">"Address"</th>
                    <th scope="col">"Signed in"</th>
                    <th scope="col">"Last active"</th>
                    <th scope="col"><span class="visually-hidden">"End"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
