//! Administrators: who may log in to the portal, with which role and where. The lists offer
//! only what the viewer could hand out; the server checks it again.

use crate::api::administrators::{get_admin, get_admins, CreateAdmin, ResetAdminPassword, SaveAdmin, SetAdminDisabled};
use crate::components::form::{about, action_error, general, succeeded, successes};
use crate::components::status::Loaded;
use crate::components::time::time_or;
use crate::error::AppError;
use crate::model::administrators::{AdminEditor, AdminView, AdminsPage, Choice, TeamChoice, MIN_PASSWORD};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

fn when(t: &Option<String>) -> AnyView {
    time_or(t.as_deref(), "Never")
}

/// `/administrators` (everything in the viewer's scope) and `/c/{company}/administrators`
/// (that company's).
#[component]
pub fn AdministratorsView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let company = move || params.read().get("company").unwrap_or_default();
    let q = move || query.read().get("q").unwrap_or_default();
    let create = ServerAction::<CreateAdmin>::new();
    let made = successes(create);
    let page = Resource::new(move || (company(), q(), made.get()), |(c, q, _)| get_admins(c, q));
    let created = succeeded(create, "created");
    view! {
        <Title text="Administrators"/>
        <section class="page">
            <h1>"Administrators"</h1>
            <p class="muted">"Who may log in to this portal, with which role, and where their authority reaches. You can hand out only privileges and scopes you hold yourself."</p>
            <p class="alert ok" role="status" hidden=move || !created()>"The administrator was created. Give them their first password: they must change it when they first log in."</p>
            <form method="get" class="filters" role="search" aria-label="Search administrators">
                <div class="field">
                    <label for="admin-q">"Search"</label>
                    <input id="admin-q" name="q" type="search" placeholder="E-mail or name" prop:value=q/>
                </div>
                <div class="actions"><button type="submit" class="secondary">"Search"</button></div>
            </form>
            <Loaded resource=page render=move |p| view! { <AdminList page=p.clone()/> <NewAdmin page=p create/> }/>
        </section>
    }
}

#[component]
fn AdminList(page: AdminsPage) -> impl IntoView {
    if page.admins.is_empty() {
        return view! { <p class="empty">"No administrators match."</p> }.into_any();
    }
    let rows = page.admins.into_iter().map(|a| view! { <AdminRow a/> }).collect_view();
    view! {
        <table>
            <caption class="visually-hidden">"Administrators"</caption>
            <thead>
                <tr>
                    <th scope="col">"Administrator"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Scope"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Last login"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {page.truncated.then(|| view! { <p class="muted">"Only the first 200 are shown: search to narrow the list."</p> })}
    }
    .into_any()
}

fn status_badge(a: &AdminView) -> impl IntoView {
    if a.disabled {
        view! { <span class="badge warn">"Disabled"</span> }.into_any()
    } else if a.must_change_password {
        view! { <span class="badge">"Must change password"</span> }.into_any()
    } else {
        view! { <span class="badge ok">"Active"</span> }.into_any()
    }
}

#[component]
fn AdminRow(a: AdminView) -> impl IntoView {
    let scope = match &a.teams {
        Some(teams) => format!("{} · teams {teams}", a.scope),
        None => a.scope.clone(),
    };
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/administrators/{}", a.id)>{a.name.clone()}</a>
                <span class="muted block">{a.email.clone()}</span>
            </th>
            <td>{a.role.clone()}</td>
            <td>{scope}</td>
            <td>{status_badge(&a)}</td>
            <td>{when(&a.last_login_at)}</td>
        </tr>
    }
}

/// Role, scope and teams: the part of the form shared by making and changing a login.
#[component]
fn GrantFields(
    roles: Vec<Choice>,
    scopes: Vec<Choice>,
    teams: Vec<TeamChoice>,
    role: String,
    scope: String,
    chosen_teams: Vec<String>,
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    prefix: &'static str,
) -> impl IntoView {
    let role_options = roles
        .into_iter()
        .map(|r| {
            let selected = r.value == role;
            view! { <option value=r.value selected=selected prop:selected=selected>{r.label}</option> }
        })
        .collect_view();
    let scope_options = scopes
        .into_iter()
        .map(|s| {
            let selected = s.value == scope;
            view! { <option value=s.value selected=selected prop:selected=selected>{s.label}</option> }
        })
        .collect_view();
    let team_boxes = teams
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (id, for_id) = (format!("{prefix}-team-{i}"), format!("{prefix}-team-{i}"));
            let checked = chosen_teams.contains(&t.id);
            view! {
                <label class="check" for=for_id>
                    <input id=id type="checkbox" name=format!("form[teams][{i}]") value=t.id.clone() checked=checked/>
                    {t.label.clone()}
                </label>
            }
        })
        .collect_view();
    let has_teams = !teams.is_empty();
    view! {
        <div class="field">
            <label for=format!("{prefix}-role")>"Role"</label>
            <select id=format!("{prefix}-role") name="form[role]" aria-describedby=format!("{prefix}-role-error")
                aria-invalid=move || about(error, "role")().is_some().to_string()>
                <option value="">"Choose a role…"</option>
                {role_options}
            </select>
            <p class="field-error" id=format!("{prefix}-role-error")>{about(error, "role")}</p>
        </div>
        <div class="field">
            <label for=format!("{prefix}-scope")>"Scope"</label>
            <select id=format!("{prefix}-scope") name="form[scope]" aria-describedby=format!("{prefix}-scope-error")
                aria-invalid=move || about(error, "scope")().is_some().to_string()>
                <option value="">"Choose where their authority reaches…"</option>
                {scope_options}
            </select>
            <p class="field-error" id=format!("{prefix}-scope-error")>{about(error, "scope")}</p>
        </div>
        {has_teams.then(|| view! {
            <fieldset aria-describedby=format!("{prefix}-teams-help {prefix}-teams-error")>
                <legend>"Limited to teams (supervisors)"</legend>
                <p class="help" id=format!("{prefix}-teams-help")>"Leave all unticked for the whole company. Teams must be of the company chosen as scope."</p>
                {team_boxes}
                <p class="field-error" id=format!("{prefix}-teams-error")>{about(error, "teams")}</p>
            </fieldset>
        })}
    }
}

#[component]
fn PasswordFields(
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    prefix: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=format!("{prefix}-password")>{label}</label>
            <input id=format!("{prefix}-password") name="password" type="password" autocomplete="new-password"
                aria-describedby=format!("{prefix}-password-help {prefix}-password-error")
                aria-invalid=move || about(error, "password")().is_some().to_string()/>
            <p class="help" id=format!("{prefix}-password-help")>{format!("At least {MIN_PASSWORD} characters, not the e-mail address, not a common password.")}</p>
            <p class="field-error" id=format!("{prefix}-password-error")>{about(error, "password")}</p>
        </div>
        <div class="field">
            <label for=format!("{prefix}-confirm")>"Repeat it"</label>
            <input id=format!("{prefix}-confirm") name="confirm" type="password" autocomplete="new-password"
                aria-describedby=format!("{prefix}-confirm-error")
                aria-invalid=move || about(error, "confirm")().is_some().to_string()/>
            <p class="field-error" id=format!("{prefix}-confirm-error")>{about(error, "confirm")}</p>
        </div>
    }
}

#[component]
fn NewAdmin(page: AdminsPage, create: ServerAction<CreateAdmin>) -> impl IntoView {
    let error = action_error(create);
    let location = use_location();
    view! {
        <ActionForm action=create attr:class="editor" attr:aria-label="New administrator">
            <h2>"New administrator"</h2>
            <input type="hidden" name="back" value=move || location.pathname.get()/>
            <p class="alert error" role="alert" hidden=move || general(error, &["email", "name", "role", "scope", "teams", "password", "confirm"])().is_none()>
                {general(error, &["email", "name", "role", "scope", "teams", "password", "confirm"])}
            </p>
            <div class="field">
                <label for="new-admin-email">"E-mail (their login)"</label>
                <input id="new-admin-email" name="form[email]" type="email" autocomplete="off" aria-describedby="new-admin-email-error"
                    aria-invalid=move || about(error, "email")().is_some().to_string()/>
                <p class="field-error" id="new-admin-email-error">{about(error, "email")}</p>
            </div>
            <div class="field">
                <label for="new-admin-name">"Name"</label>
                <input id="new-admin-name" name="form[name]" type="text" autocomplete="off" aria-describedby="new-admin-name-error"
                    aria-invalid=move || about(error, "name")().is_some().to_string()/>
                <p class="field-error" id="new-admin-name-error">{about(error, "name")}</p>
            </div>
            <GrantFields roles=page.roles scopes=page.scopes.clone() teams=page.teams role=String::new()
                scope=if page.scopes.len() == 1 { page.scopes[0].value.clone() } else { String::new() }
                chosen_teams=Vec::new() error prefix="new-admin"/>
            <PasswordFields error prefix="new-admin" label="First password"/>
            <div class="actions"><button type="submit">"Create administrator"</button></div>
        </ActionForm>
    }
}

/// `/administrators/{id}`: change one login.
#[component]
pub fn AdminPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("admin").unwrap_or_default();
    let save = ServerAction::<SaveAdmin>::new();
    let disable = ServerAction::<SetAdminDisabled>::new();
    let reset = ServerAction::<ResetAdminPassword>::new();
    let (saves, disables, resets) = (successes(save), successes(disable), successes(reset));
    let editor = Resource::new(move || (id(), saves.get(), disables.get(), resets.get()), |(id, ..)| get_admin(id));
    let (saved_form, toggled) = (succeeded(save, "saved"), succeeded(disable, "saved"));
    let saved = move || saved_form() || toggled();
    let reset_done = succeeded(reset, "password");
    view! {
        <Title text="Administrator"/>
        <section class="page">
            <p><a href="/administrators">"← All administrators"</a></p>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved."</p>
            <p class="alert ok" role="status" hidden=move || !reset_done()>"The new password is set: they must change it at their next login, and their sessions have ended."</p>
            <Loaded resource=editor render=move |e| view! { <Editor e save disable reset/> }/>
        </section>
    }
}

#[component]
fn Editor(
    e: AdminEditor,
    save: ServerAction<SaveAdmin>,
    disable: ServerAction<SetAdminDisabled>,
    reset: ServerAction<ResetAdminPassword>,
) -> impl IntoView {
    let error = action_error(save);
    let disable_error = action_error(disable);
    let reset_error = action_error(reset);
    let a = e.admin.clone();
    let id = a.id.clone();
    let id_for_save = id.clone();
    view! {
        <h1>{a.name.clone()}</h1>
        <dl class="facts">
            <dt>"E-mail"</dt><dd>{a.email.clone()}</dd>
            <dt>"Role"</dt><dd>{a.role.clone()}</dd>
            <dt>"Scope"</dt><dd>{a.scope.clone()}{a.teams.clone().map(|t| format!(" · teams {t}"))}</dd>
            <dt>"Status"</dt><dd>{status_badge(&a)}</dd>
            <dt>"Last login"</dt><dd>{when(&a.last_login_at)}</dd>
        </dl>
        <ActionForm action=save attr:class="editor" attr:aria-label="Change role and scope">
            <h2>"Role and scope"</h2>
            <input type="hidden" name="id" value=id_for_save/>
            <input type="hidden" name="version" value=e.version/>
            <input type="hidden" name="form[email]" value=a.email.clone()/>
            <p class="alert error" role="alert" hidden=move || general(error, &["name", "role", "scope", "teams"])().is_none()>
                {general(error, &["name", "role", "scope", "teams"])}
            </p>
            <div class="field">
                <label for="admin-name">"Name"</label>
                <input id="admin-name" name="form[name]" type="text" value=a.name.clone() aria-describedby="admin-name-error"
                    aria-invalid=move || about(error, "name")().is_some().to_string()/>
                <p class="field-error" id="admin-name-error">{about(error, "name")}</p>
            </div>
            <GrantFields roles=e.roles scopes=e.scopes teams=e.team_choices role=e.role scope=e.scope
                chosen_teams=e.teams error prefix="admin"/>
            <div class="actions"><button type="submit">"Save"</button></div>
        </ActionForm>
        {(!e.is_self).then(|| {
            let (id, reset_id) = (id.clone(), id.clone());
            let disabled = a.disabled;
            view! {
                <ActionForm action=disable attr:class="editor" attr:aria-label="Disable or enable">
                    <h2>{if disabled { "Enable this login" } else { "Disable this login" }}</h2>
                    <p class="muted">{if disabled {
                        "They can log in again with their current password."
                    } else {
                        "They are logged out everywhere at once and cannot log in until enabled again."
                    }}</p>
                    <p class="alert error" role="alert" hidden=move || disable_error().is_none()>{move || disable_error().map(|e| e.to_string())}</p>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                    <div class="actions">
                        <button type="submit" class=if disabled { "" } else { "danger" }>{if disabled { "Enable login" } else { "Disable login" }}</button>
                    </div>
                </ActionForm>
                <ActionForm action=reset attr:class="editor" attr:aria-label="Set a new password">
                    <h2>"Set a new password"</h2>
                    <p class="muted">"For someone locked out. Their sessions end, and they must choose their own password at their next login."</p>
                    <p class="alert error" role="alert" hidden=move || general(reset_error, &["password", "confirm"])().is_none()>
                        {general(reset_error, &["password", "confirm"])}
                    </p>
                    <input type="hidden" name="id" value=reset_id/>
                    <PasswordFields error=reset_error prefix="reset" label="New password"/>
                    <div class="actions"><button type="submit">"Set password"</button></div>
                </ActionForm>
            }
        })}
    }
}
